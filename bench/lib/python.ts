// Running a reference script of bench/reference/ with Debian's Python (/usr/bin/python3, where the apt
// packages python3-gensim, python3-faiss and python3-torch install). Some machines set OPENBLAS_CORETYPE
// and OPENBLAS_L2_SIZE for old OpenBLAS builds; they slow a current one, so the reference runs with both
// unset for that command alone (the script prints the BLAS kernel it then ran on).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PYTHON = "/usr/bin/python3";
const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "reference");

/** The environment a reference runs in: ours, less the OpenBLAS overrides. */
function referenceEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** Whether /usr/bin/python3 imports every one of `modules` (then the reference can run). */
export function pythonHas(...modules: string[]): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", modules.map((m) => `import ${m}`).join("; ")], { stdio: "ignore", env: referenceEnv() }).status === 0;
}

/**
 * Runs bench/reference/SCRIPT with `args`, its progress on our stderr, and returns the JSON object of the
 * last line it prints. `stdin` is written to its standard input (a model description, say).
 */
export function runReference(script: string, args: string[], stdin?: string): Record<string, unknown> {
  const file = join(REFERENCE_DIR, script);
  process.stderr.write(`reference: ${PYTHON} ${[file, ...args].join(" ")}\n`);
  const result = spawnSync(PYTHON, [file, ...args], {
    encoding: "utf8",
    input: stdin,
    stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "inherit"],
    env: referenceEnv(),
    maxBuffer: 1 << 26,
  });
  const last = result.stdout?.trim().split("\n").at(-1);
  if (result.status !== 0 || !last) throw new Error(`${script} failed (status ${result.status})`);
  return JSON.parse(last) as Record<string, unknown>;
}
