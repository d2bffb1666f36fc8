// Small helpers for the repo's scripts: run a command with inherited stdio and fail loudly.
import { spawn } from "node:child_process";

export const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** Runs `command args...`, resolves on exit 0, rejects otherwise (the child's output is shown as it runs). */
export function run(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env, ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

export function step(text) {
  process.stderr.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
}
