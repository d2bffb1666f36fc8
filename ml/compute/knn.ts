// Exact cosine top-k of every row of an embedding against every other row.
//
// Compute path, chosen by measurement on this 2-core machine (score tiles of 1024 × 8192, dim 128):
// - plain TypeScript, 4×4 register-blocked loops over Float32Array: 3.4 GFLOP/s per core (every float32 is
//   widened to a double and there is no SIMD in JavaScript);
// - @tensorflow/tfjs-backend-wasm matMul (XNNPACK, SIMD): 22-24 GFLOP/s per core, about 19 with the copy of
//   the tile out of wasm memory that dataSync makes (the worker reads the tile in place instead): kept. The
//   backend is single-threaded in Node, so each worker thread loads its own and they share out the rows;
// - tf.topk on the wasm backend took longer per tile than the JavaScript scan below, so it is not used;
// - tfjs-node is not installable offline.
// `npm run bench -- knn` (100,000 × 128, k = 50), with other builds loading the 2 cores 5-10 times over:
// 1.4× and 2.6× FAISS IndexFlatIP's wall time in two runs, 1.7× its CPU time, the same neighbour ids.
// The partial top-k over each tile (topk.ts) costs one comparison per score once
// a row's buffer is full, so the matrix products dominate. Memory: the normalised vectors once (shared),
// plus per worker a transposed copy in its wasm heap and one score tile of ROW_BLOCK × COLUMN_BLOCK floats.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { EmbeddingSet, NeighborLists } from "../core/embedding.ts";
import { Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { normalizeRows } from "./topk.ts";
import { startTypeScriptWorker } from "../core/workers.ts";
import type { KnnWorkerData, KnnWorkerMessage } from "./knn.worker.ts";

/** Rows scored per matMul, and the unit of work a worker claims. */
const ROW_BLOCK = 1024;
/**
 * Columns per matMul. Tiles of 1024 × 4096 to 2048 × 2048 measured within 10% of each other; 1024 × 8192
 * (32 MB of scores) amortises the per-call overhead and keeps the row block, and so the work unit, small.
 */
const COLUMN_BLOCK = 8192;

export interface CosineTopKOptions {
  /** Worker threads (default: the number of cores, at most 2). */
  threads?: number;
  /** Show a progress bar on stderr (default true). */
  progress?: boolean;
  signal?: AbortSignal;
  /** Name shown on the progress bar, e.g. the embedding. */
  label?: string;
}

/**
 * For every row, the k rows of highest cosine similarity, best first, excluding the row itself; ties go to
 * the lower song id; rows with fewer than k others are padded with id -1 (score 0).
 * `set.ids` must be ascending (the EmbeddingSet contract), which is what makes "lower column" mean
 * "lower song id".
 */
export async function cosineTopK(set: EmbeddingSet, k: number, opts: CosineTopKOptions = {}): Promise<NeighborLists> {
  if (!Number.isInteger(k) || k < 0) throw new Error(`cosineTopK: k must be a non-negative integer, got ${k}`);
  const n = set.ids.length;
  const dim = set.dim;
  if (set.vectors.length !== n * dim) throw new Error(`cosineTopK: ${set.vectors.length} values for ${n} rows of ${dim} dimensions`);
  for (let i = 1; i < n; i++) {
    if (set.ids[i]! <= set.ids[i - 1]!) throw new Error(`cosineTopK: ids must be ascending (row ${i}: ${set.ids[i]} after ${set.ids[i - 1]})`);
  }
  if (opts.signal?.aborted) throw new Interrupted();

  const vectors = new Float32Array(new SharedArrayBuffer(n * dim * 4));
  normalizeRows(set.vectors, dim, vectors);
  const ids = new Int32Array(new SharedArrayBuffer(n * 4));
  ids.set(set.ids);
  const outIds = new Int32Array(new SharedArrayBuffer(n * k * 4));
  const outScores = new Float32Array(new SharedArrayBuffer(n * k * 4));
  const lists: NeighborLists = { ids: Int32Array.from(set.ids), k, neighborIds: outIds, scores: outScores };
  if (n === 0 || k === 0) return lists;

  const threads = Math.max(1, Math.floor(opts.threads ?? Math.min(2, availableParallelism())));
  // Small sets still get every thread: the row block shrinks so that each worker claims some rows.
  const rowBlock = Math.min(ROW_BLOCK, Math.ceil(n / threads));
  const workerCount = Math.min(threads, Math.ceil(n / rowBlock));
  const nextRow = new Int32Array(new SharedArrayBuffer(4));
  const data: KnnWorkerData = {
    vectors: vectors.buffer as SharedArrayBuffer,
    ids: ids.buffer as SharedArrayBuffer,
    n,
    dim,
    k,
    rowBlock,
    columnBlock: COLUMN_BLOCK,
    nextRow: nextRow.buffer as SharedArrayBuffer,
    outIds: outIds.buffer as SharedArrayBuffer,
    outScores: outScores.buffer as SharedArrayBuffer,
  };

  const progress = createProgress(opts.label ?? `top-${k}`, n, { unit: "songs", quiet: opts.progress === false ? true : undefined });
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = workerCount;
      const fail = (error: unknown) => {
        opts.signal?.removeEventListener("abort", onAbort);
        for (const w of workers) void w.terminate();
        reject(error);
      };
      const onAbort = () => fail(new Interrupted());
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      for (let w = 0; w < workerCount; w++) {
        const worker = startTypeScriptWorker(new URL("./knn.worker.ts", import.meta.url), { workerData: data });
        workers.push(worker);
        let finished = false;
        worker.on("message", (message: KnnWorkerMessage) => {
          if ("rows" in message) progress.tick(message.rows);
          else finished = true;
        });
        worker.on("error", fail);
        worker.on("exit", (code) => {
          if (!finished) return fail(new Error(`cosineTopK: worker stopped (exit code ${code}) before finishing`));
          if (--running === 0) {
            opts.signal?.removeEventListener("abort", onAbort);
            resolve();
          }
        });
      }
    });
  } finally {
    for (const w of workers) void w.terminate();
  }
  progress.done();
  return lists;
}
