// `npm run test:e2e`: the browser tests against the production build on a catalogue built from the tiny sample.
// Uses Debian's /usr/bin/chromium where present (see playwright.config.ts); elsewhere Playwright's own browser,
// installed here on first use.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { env, run, step } from "./run.mjs";

const dir = ".e2e";
const db = `${dir}/catalogue.sqlite`;
const library = `${dir}/library`;

// Some songs without a mel, so the page that says "Music2Vec only, and why" is tested too.
step("e2e 1/5: tiny sample dataset (220 of 300 songs with a mel)");
await run(process.execPath, ["bin/mugle.mjs", "sample", "--preset", "tiny", "--mel-songs", "220", "--out", `${dir}/data`]);
step("e2e 2/5: catalogue");
await run(process.execPath, ["bin/mugle.mjs", "build", "--quiet", "--data", `${dir}/data`, "--out", db, "--config", "e2e/build-config.json"]);
// A music library of a few synthesised recordings, imported and built like any other (e2e/audio.spec.ts).
step("e2e 3/5: imported library (8 recordings synthesised with ffmpeg)");
await run(process.execPath, ["--import", "tsx", "scripts/e2e-library.ts", library]);
await run(process.execPath, ["bin/mugle.mjs", "import", "--quiet", "--audio", `${library}/music`, "--out", `${library}/data`]);
await run(process.execPath, ["bin/mugle.mjs", "build", "--quiet", "--data", `${library}/data`, "--out", `${library}/catalogue.sqlite`, "--config", "e2e/build-config.json"]);
step("e2e 4/5: next build");
await run(process.execPath, ["node_modules/next/dist/bin/next", "build"]);
if (!existsSync("/usr/bin/chromium") && !existsSync(chromium.executablePath())) {
  step("installing Playwright's chromium (no /usr/bin/chromium on this machine)");
  await run(process.execPath, ["node_modules/@playwright/test/cli.js", "install", "chromium"]);
}
step("e2e 5/5: playwright");
await run(process.execPath, ["node_modules/@playwright/test/cli.js", "test"], { env: { ...env, MUGLE_DB: db, MUGLE_LIBRARY_DB: `${library}/catalogue.sqlite` } });
