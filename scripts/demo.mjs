// `npm run demo`: the main job on the embedded sample, from nothing to a site to browse:
// generate the sample dataset → build the catalogue (train all three models) → build and start the site.
// Each step is skipped when its output is already there (delete data/ or db/ to redo it); PORT sets the port,
// MUGLE_DB the catalogue file. Run under tsx (package.json) so it resolves the catalogue as every command does.
import { existsSync } from "node:fs";
import { catalogueFile } from "../lib/catalogue/location.ts";
import { run, step } from "./run.mjs";

const port = process.env.PORT ?? "3000";
const data = "data/sample";
const db = catalogueFile();
const started = performance.now();

if (!existsSync(`${data}/train.json`)) {
  step(`1/3 generating the sample dataset into ${data}`);
  await run(process.execPath, ["bin/mugle.mjs", "sample", "--out", data]);
} else step(`1/3 sample dataset already in ${data}`);

if (!existsSync(db)) {
  step(`2/3 building the catalogue ${db} (Music2Vec, TCAE, CEL, top-50, ensembles, evaluation)`);
  await run(process.execPath, ["bin/mugle.mjs", "build", "--data", data, "--out", db]);
} else step(`2/3 catalogue already built: ${db}`);

step("3/3 building the site (next build)");
await run(process.execPath, ["node_modules/next/dist/bin/next", "build"]);

const minutes = ((performance.now() - started) / 60000).toFixed(1);
step(`ready in ${minutes} min: open http://localhost:${port}  (Ctrl-C stops the server)`);
await run(process.execPath, ["--import", "tsx", "server.mjs"], {
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", MUGLE_DB: db, PORT: port },
});
