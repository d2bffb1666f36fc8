#!/usr/bin/env node
// `npx mugle ...`: runs ml/cli.ts under tsx. The CLI is re-executed with `--import tsx` (rather than
// registering tsx in this process) so that its worker threads, which inherit execArgv, can load .ts files too.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
const child = spawn(process.execPath, ["--import", tsx, join(root, "ml", "cli.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
});

// Pass stop signals on and wait for the child to clean up (it treats a repeated SIGINT like the first),
// then mirror its exit.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal (exit status 128 + n) without our own forwarding listener catching it.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
