// One knn worker: claims blocks of rows from a shared counter until none are left, scores each block against
// every column tile with the TensorFlow.js wasm backend's matMul, and keeps each row's top k (topk.ts).
// Each worker has its own wasm backend (the backend is single-threaded in Node), so two workers keep two
// cores busy; the normalised vectors and the outputs live in SharedArrayBuffers owned by knn.ts.
import { parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-wasm";
import { BlockTopK } from "./topk.ts";

export interface KnnWorkerData {
  /** Normalised rows, n × dim, row-major. */
  vectors: SharedArrayBuffer;
  ids: SharedArrayBuffer;
  n: number;
  dim: number;
  k: number;
  rowBlock: number;
  columnBlock: number;
  /** Int32 [0]: the next unclaimed row. */
  nextRow: SharedArrayBuffer;
  outIds: SharedArrayBuffer;
  outScores: SharedArrayBuffer;
}

/** Messages to the parent: a finished block (for progress) or the end of this worker's work. */
export type KnnWorkerMessage = { rows: number } | { finished: true };

const data = workerData as KnnWorkerData;
const port = parentPort!;

await tf.setBackend("wasm");
await tf.ready();
const backend = tf.backend() as BackendWasm;

/**
 * The scores of a matMul result as a view of the wasm heap rather than a copy (dataSync copies the whole
 * tile, which cost a fifth of the matMul time). Valid only until the next tensor allocation may grow the heap.
 */
function heapView(tensor: tf.Tensor): Float32Array {
  return new Float32Array(backend.wasm.HEAPU8.buffer, backend.getMemoryOffset(tensor.dataId), tensor.size);
}

const vectors = new Float32Array(data.vectors);
const ids = new Int32Array(data.ids);
const outIds = new Int32Array(data.outIds);
const outScores = new Float32Array(data.outScores);
const nextRow = new Int32Array(data.nextRow);
const { n, dim, k, rowBlock, columnBlock } = data;

// Column tiles are transposed once into [dim, width] tensors and kept: matMul with a transpose flag is
// several times slower on wasm than an explicit transpose (measured: 7-10x), and reusing the same tensors lets the
// backend reuse its packed copy of them for every row block.
const tiles: { first: number; width: number; tensor: tf.Tensor2D }[] = [];
for (let first = 0; first < n; first += columnBlock) {
  const width = Math.min(columnBlock, n - first);
  const transposed = new Float32Array(dim * width);
  for (let c = 0; c < width; c++) {
    const src = (first + c) * dim;
    for (let j = 0; j < dim; j++) transposed[j * width + c] = vectors[src + j]!;
  }
  tiles.push({ first, width, tensor: tf.tensor2d(transposed, [dim, width]) });
}

const top = new BlockTopK(rowBlock, k);
for (;;) {
  const firstRow = Atomics.add(nextRow, 0, rowBlock);
  if (firstRow >= n) break;
  const rows = Math.min(rowBlock, n - firstRow);
  // slice() copies out of the SharedArrayBuffer into an ordinary array, which the backend then uploads.
  const block = tf.tensor2d(vectors.slice(firstRow * dim, (firstRow + rows) * dim), [rows, dim]);
  top.reset(rows);
  for (const tile of tiles) {
    const product = tf.matMul(block, tile.tensor);
    top.scanTile(heapView(product), tile.width, tile.first, firstRow);
    product.dispose();
  }
  block.dispose();
  top.writeTo(outIds, outScores, firstRow, ids);
  port.postMessage({ rows } satisfies KnnWorkerMessage);
}
for (const tile of tiles) tile.tensor.dispose();
port.postMessage({ finished: true } satisfies KnnWorkerMessage);
