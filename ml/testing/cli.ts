// Runs the real `mugle` command line from tests, as a user would.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "bin", "mugle.mjs");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function mugle(args: string[]): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, MUGLE_QUIET: "1" },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `mugle args` without blocking, so a test can run several at once. */
export function mugleAsync(args: string[]): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, MUGLE_QUIET: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Starts `mugle args`, sends SIGINT once `trigger` appears on stderr, and resolves with the exit. */
export function mugleInterrupted(args: string[], trigger: string): Promise<CliResult & { interrupted: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, MUGLE_QUIET: "1" } });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (!interrupted && stderr.includes(trigger)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    child.on("error", reject);
    // "close", not "exit": the output pipes are drained by then.
    child.on("close", (status) => resolve({ status, stdout, stderr, interrupted }));
  });
}

export function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}
