// Small helpers for the repo's scripts: run a command with inherited stdio and fail loudly.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** Runs `command args...`, resolves on exit 0, rejects otherwise (the child's output is shown as it runs). */
export function run(command, args, options = {}) {
  return exited(spawn(command, args, { stdio: "inherit", env, ...options }), command, args);
}

/** Resolves when `child` exits 0; otherwise rejects naming the command, how it ended, and then `detail()`. */
function exited(child, command, args, detail = () => "") {
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})${detail()}`));
    });
  });
}

export function step(text) {
  process.stderr.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
}

/**
 * Starts `command args...` beside the caller's own work, its output going to `logFile` instead of the terminal
 * (where progress bars are drawn). `done` resolves on exit 0 and rejects otherwise, with the log's last lines
 * in the message; `stop()` ends it (the caller failed or was interrupted, so its result is not wanted).
 */
export function startInBackground(command, args, logFile, options = {}) {
  const log = openSync(logFile, "w");
  const child = spawn(command, args, { stdio: ["ignore", log, log], env, ...options });
  closeSync(log);
  const done = exited(child, command, args, () => {
    const tail = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-20).join("\n");
    return `; the end of ${logFile}:\n${tail}`;
  });
  // Observed here so an early failure is not an unhandled rejection; the caller awaits `done` when it needs it.
  done.catch(() => {});
  return { done, stop: () => child.exitCode === null && child.kill("SIGTERM") };
}
