// `npm run demo`: the main job on the embedded sample, from nothing to a site to browse:
// generate the sample dataset → build the catalogue (train all three models) → start the site. The site's
// production build reads the catalogue only to prerender the not-found page's credits link, and the sample has no
// credits, so for the sample it runs beside steps 1 and 2 (its output in .next-build.log), sharing the cores
// with them, instead of after them.
// `npm run demo -- --audio DIR`: the same on a folder of music: import it (tags, excerpts, mel-spectrograms;
// only new or changed files are decoded again) → build → site, where every song of a format browsers play has a
// play button. Each step is skipped when its output is already there and up to date (delete data/ or db/ to
// redo it); PORT sets the port, MUGLE_DB the catalogue file. Run under tsx (package.json) so it resolves the
// catalogue as every command does.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { catalogueFile } from "../lib/catalogue/location.ts";
import { portIsFree } from "./port.mjs";
import { run, startInBackground, step } from "./run.mjs";

const port = process.env.PORT ?? "3000";
const started = performance.now();

/** The value of `--audio DIR` (or `--audio=DIR`), or null for the embedded sample. */
function audioArgument(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--audio") {
      if (!argv[i + 1]) throw new Error("--audio needs a folder of music");
      return argv[i + 1];
    }
    if (argv[i].startsWith("--audio=")) return argv[i].slice("--audio=".length);
  }
  if (argv.length > 0) throw new Error(`unknown arguments: ${argv.join(" ")} (the only option is --audio DIR)`);
  return null;
}

/** A fingerprint of the Melon-format files an import writes: the build is redone when it changes. */
function datasetFingerprint(data) {
  const hash = createHash("sha256");
  for (const name of ["song_meta.json", "train.json", "genre_gn_all.json", "song_audio.json"]) {
    hash.update(name).update(existsSync(`${data}/${name}`) ? readFileSync(`${data}/${name}`) : "");
  }
  return hash.digest("hex");
}

const audio = audioArgument(process.argv.slice(2));
if (!(await portIsFree(port))) {
  process.stderr.write(`port ${port} is already in use (another Mugle demo or server?): stop it, or run PORT=${Number(port) + 1} npm run demo\n`);
  process.exit(1);
}
const NEXT = ["node_modules/next/dist/bin/next", "build"];
const siteLog = ".next-build.log";
/** For the sample, the site's build beside steps 1 and 2; its state: running, ok (with its seconds) or failed. */
let site = null;
if (audio === null) {
  step(`site: next build started beside the sample and its catalogue (output in ${siteLog})`);
  const started = performance.now();
  site = { job: startInBackground(process.execPath, NEXT, siteLog), state: "running", seconds: 0 };
  site.job.done.then(
    () => Object.assign(site, { state: "ok", seconds: (performance.now() - started) / 1000 }),
    () => (site.state = "failed"),
  );
  // A failed step ends the site's build too; so does a signal sent to this process alone (Ctrl-C in a terminal
  // reaches both anyway: they share its process group), which is then re-raised to end this process as it would have.
  process.on("exit", () => site.job.stop());
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      site.job.stop();
      process.kill(process.pid, signal);
    });
  }
}

let db;
if (audio === null) {
  const data = "data/sample";
  db = catalogueFile();
  if (!existsSync(`${data}/train.json`)) {
    step(`1/3 generating the sample dataset into ${data}`);
    await run(process.execPath, ["bin/mugle.mjs", "sample", "--out", data]);
  } else step(`1/3 sample dataset already in ${data}`);

  if (!existsSync(db)) {
    step(`2/3 building the catalogue ${db} (Music2Vec, TCAE, CEL, top-50, ensembles, evaluation)`);
    await run(process.execPath, ["bin/mugle.mjs", "build", "--data", data, "--out", db]);
  } else step(`2/3 catalogue already built: ${db}`);
} else {
  const music = resolve(audio);
  if (!existsSync(music) || !statSync(music).isDirectory()) throw new Error(`--audio ${audio}: not a folder`);
  // One dataset and catalogue per music folder, so demos of two folders never overwrite each other.
  const name = `${basename(music).replace(/[^\p{L}\p{N}_-]+/gu, "-").slice(0, 40) || "music"}-${createHash("sha256").update(music).digest("hex").slice(0, 8)}`;
  const data = `data/library-${name}`;
  db = process.env.MUGLE_DB ? catalogueFile() : resolve(`db/library-${name}.sqlite`);
  const fingerprintFile = `${db}.dataset`;

  step(`1/3 importing ${music} into ${data} (only new or changed files are decoded)`);
  await run(process.execPath, ["bin/mugle.mjs", "import", "--audio", music, "--out", data]);

  const fingerprint = datasetFingerprint(data);
  const built = existsSync(db) && existsSync(fingerprintFile) && readFileSync(fingerprintFile, "utf8") === fingerprint;
  if (!built) {
    step(`2/3 building the catalogue ${db} (TCAE from the audio, Music2Vec and CEL where there are playlists)`);
    await run(process.execPath, ["bin/mugle.mjs", "build", "--data", data, "--out", db]);
    writeFileSync(fingerprintFile, fingerprint);
  } else step(`2/3 catalogue already built from this import: ${db}`);
}

if (site === null) {
  step("3/3 building the site (next build)");
  await run(process.execPath, NEXT);
} else {
  if (site.state === "running") step("3/3 the site: waiting for next build to finish");
  await site.job.done;
  step(`3/3 the site: next build finished in ${site.seconds.toFixed(0)} s, beside the steps above`);
}

const minutes = ((performance.now() - started) / 60000).toFixed(1);
step(`ready in ${minutes} min: open http://localhost:${port}  (Ctrl-C stops the server)`);
await run(process.execPath, ["--import", "tsx", "server.mjs"], {
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", MUGLE_DB: db, PORT: port },
});
