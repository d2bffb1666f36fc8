// `npm run bench -- knn [--n 100000] [--dim 128] [--k 50] [--threads 2] [--seed 1] [--check 500]`
// Exact cosine top-k of n random vectors against each other on the compute backend (ml/compute/knn.ts),
// checked against a brute-force sort in double precision on `check` random rows, then, when Debian's
// python3-faiss is installed, FAISS's exact IndexFlatIP (bench/reference/exact_knn.py) on the same unit
// vectors and threads: its wall and CPU time, the ratio of ours to it, and the share of neighbour ids both
// agree on (as sets per row, so the order of near-ties does not count).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseNpy } from "npyjs";
import { describeCompute } from "../ml/compute/backend.ts";
import { cosineTopK } from "../ml/compute/knn.ts";
import { normalizeRows } from "../ml/compute/topk.ts";
import { Random } from "../ml/core/random.ts";
import { encodeNpy } from "../ml/sample/npyWriter.ts";
import { pythonHas, runReference } from "./lib/python.ts";

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Mean over rows of |ours ∩ theirs| / k. */
function agreement(ours: Int32Array, theirs: ArrayLike<number>, rows: number, k: number): number {
  let shared = 0;
  for (let r = 0; r < rows; r++) {
    const mine = new Set(ours.subarray(r * k, (r + 1) * k));
    for (let i = 0; i < k; i++) if (mine.has(Number(theirs[r * k + i]!))) shared++;
  }
  return shared / (rows * k);
}

/**
 * Brute force on sampled rows: every score in double precision, sorted (score desc, id asc). A rank whose id
 * differs from ours counts as a mismatch unless both ids' exact scores are within float32 rounding (1e-6),
 * where the order is decided by rounding, not by the engine.
 */
function checkRows(unit: Float32Array, dim: number, ids: Int32Array, k: number, rows: number[]) {
  const n = unit.length / dim;
  let identical = 0;
  let nearTies = 0;
  let mismatches = 0;
  for (const row of rows) {
    const exact = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += unit[row * dim + j]! * unit[c * dim + j]!;
      exact[c] = dot;
    }
    const order = Array.from({ length: n }, (_, c) => c).filter((c) => c !== row);
    order.sort((a, b) => exact[b]! - exact[a]! || a - b);
    let same = true;
    for (let r = 0; r < k; r++) {
      const ours = ids[row * k + r]!;
      const theirs = order[r]!;
      if (ours === theirs) continue;
      same = false;
      if (Math.abs(exact[ours]! - exact[theirs]!) < 1e-6) nearTies++;
      else mismatches++;
    }
    if (same) identical++;
  }
  return { rows: rows.length, identical_rows: identical, near_tie_swaps: nearTies, mismatches };
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
      check: { type: "string", default: "500" },
    },
  });
  const [n, dim, k, threads, seed, check] = (["n", "dim", "k", "threads", "seed", "check"] as const).map((key) => Number(values[key]));
  const random = new Random(seed!, "bench-knn");
  const vectors = new Float32Array(n! * dim!);
  for (let i = 0; i < vectors.length; i++) vectors[i] = random.normal();
  const ids = Int32Array.from({ length: n! }, (_, i) => i);
  const compute = await describeCompute({ threads: threads!, training: false });
  process.stderr.write(`knn: ${n} × ${dim}, k = ${k}, ${compute}; load average ${loadavg()[0]!.toFixed(1)}\n`);

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const lists = await cosineTopK({ ids, vectors, dim: dim! }, k!, { threads, label: "knn bench" });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const unit = normalizeRows(vectors, dim!);

  process.stderr.write(`knn: brute-force check of ${check} random rows…\n`);
  const sampled = new Random(seed!, "bench-knn-check").shuffle(Array.from({ length: n! }, (_, i) => i)).slice(0, check);
  const figures: Record<string, unknown> = {
    n,
    dim,
    k,
    threads,
    compute,
    wall_s: round(wall),
    cpu_s: round(cpuSeconds),
    gflops: round((2 * n! * n! * dim!) / wall / 1e9, 1),
    brute_force_check: checkRows(unit, dim!, lists.neighborIds, k!, sampled),
    reference: null,
  };

  if (!pythonHas("faiss", "numpy")) {
    process.stderr.write("knn: /usr/bin/python3 cannot import faiss (apt-get install python3-faiss): no reference\n");
  } else {
    const dir = mkdtempSync(join(tmpdir(), "mugle-knn-"));
    try {
      const input = join(dir, "unit.npy");
      const output = join(dir, "ids.npy");
      writeFileSync(input, encodeNpy(unit, n!, dim!, "float32"));
      const reference = runReference("exact_knn.py", ["--vectors", input, "--k", String(k), "--threads", String(threads), "--out", output]) as { wall_s: number; cpu_s: number };
      const bytes = readFileSync(output);
      const theirs = parseNpy(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).data as unknown as ArrayLike<number>;
      figures.reference = reference;
      figures.ratio_to_reference = round(wall / reference.wall_s);
      figures.cpu_ratio_to_reference = round(cpuSeconds / reference.cpu_s);
      figures.agreement_with_reference = round(agreement(lists.neighborIds, theirs, n!, k!), 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  figures.load_average = round(loadavg()[0]!, 1);
  return figures;
}
