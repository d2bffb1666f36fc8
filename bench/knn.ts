// `npm run bench -- knn [--n 100000] [--dim 128] [--k 50] [--threads 2] [--seed 1]`
// Exact cosine top-k of random vectors with ml/retrieval/knn.ts, then, when /usr/bin/python3 imports faiss,
// FAISS's exact IndexFlatIP (../shared/bench/exact_knn.py) on the same vectors written as .npy, and the share
// of neighbour ids both agree on (as sets per row, so the order of near-ties does not count).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseNpy } from "npyjs";
import { encodeNpy } from "../ml/sample/npyWriter.ts";
import { cosineTopK } from "../ml/compute/knn.ts";
import { Random } from "../ml/core/random.ts";

const PYTHON = "/usr/bin/python3";
/**
 * Runs the reference script in-process with runpy and prints its CPU seconds as a second JSON line: with
 * other work on the machine, CPU time compares more fairly than wall time.
 */
const WITH_CPU_TIME = [
  "import json, resource, runpy, sys",
  "sys.argv = sys.argv[1:]",
  "runpy.run_path(sys.argv[0], run_name='__main__')",
  "r = resource.getrusage(resource.RUSAGE_SELF)",
  "print(json.dumps({'cpu_s': round(r.ru_utime + r.ru_stime, 2)}))",
].join("\n");
const REFERENCE = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared/bench/exact_knn.py");

function faissAvailable(): boolean {
  return existsSync(PYTHON) && existsSync(REFERENCE) && spawnSync(PYTHON, ["-c", "import faiss"], { stdio: "ignore" }).status === 0;
}

/** Mean over rows of |ours ∩ theirs| / k. */
function agreement(ours: Int32Array, theirs: ArrayLike<number | bigint>, rows: number, k: number): number {
  let shared = 0;
  for (let r = 0; r < rows; r++) {
    const mine = new Set(ours.subarray(r * k, (r + 1) * k));
    for (let i = 0; i < k; i++) if (mine.has(Number(theirs[r * k + i]!))) shared++;
  }
  return shared / (rows * k);
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: "string", default: "100000" },
      dim: { type: "string", default: "128" },
      k: { type: "string", default: "50" },
      threads: { type: "string", default: "2" },
      seed: { type: "string", default: "1" },
    },
  });
  const n = Number(values.n);
  const dim = Number(values.dim);
  const k = Number(values.k);
  const threads = Number(values.threads);
  const random = new Random(Number(values.seed), "bench-knn");
  const vectors = new Float32Array(n * dim);
  for (let i = 0; i < vectors.length; i++) vectors[i] = random.normal();
  const ids = Int32Array.from({ length: n }, (_, i) => i);

  process.stderr.write(`knn: ${n} × ${dim}, k = ${k}, ${threads} threads (other work on this machine competes for the cores)\n`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const lists = await cosineTopK({ ids, vectors, dim }, k, { threads, label: "knn bench" });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const figures: Record<string, unknown> = {
    n,
    dim,
    k,
    threads,
    wall_s: Math.round(wall * 100) / 100,
    cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    gflops: Math.round((2 * n * n * dim) / wall / 1e8) / 10,
    reference: null,
  };

  if (!faissAvailable()) {
    process.stderr.write("knn: /usr/bin/python3 cannot import faiss: no reference\n");
    return figures;
  }
  const dir = mkdtempSync(join(tmpdir(), "mugle-knn-"));
  try {
    const input = join(dir, "X.npy");
    const output = join(dir, "ids.npy");
    writeFileSync(input, encodeNpy(vectors, n, dim, "float32"));
    process.stderr.write("knn: running FAISS IndexFlatIP on the same vectors…\n");
    const stdout = execFileSync(
      PYTHON,
      ["-c", WITH_CPU_TIME, REFERENCE, "--engine", "faiss", "--vectors", input, "--k", String(k), "--threads", String(threads), "--out", output],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 },
    );
    const lines = stdout.trim().split("\n");
    const reference = { ...JSON.parse(lines.at(-2)!), ...JSON.parse(lines.at(-1)!) } as { wall_s: number; cpu_s: number };
    const bytes = readFileSync(output);
    const theirs = parseNpy(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).data as unknown as ArrayLike<number | bigint>;
    figures.reference = reference;
    figures.ratio_to_reference = Math.round((wall / reference.wall_s) * 100) / 100;
    figures.cpu_ratio_to_reference = Math.round(((cpu.user + cpu.system) / 1e6 / reference.cpu_s) * 100) / 100;
    figures.agreement = Math.round(agreement(lists.neighborIds, theirs, n, k) * 1e5) / 1e5;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
