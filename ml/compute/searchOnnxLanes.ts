// A large top-k search spread over worker threads, one lane per thread. One run of the graphs keeps a
// second intra-op thread only partly busy (the floor filter, NonZero and the merge into each query's top k
// are serial), so instead every lane is a worker with its own one-thread ORT sessions that takes the next
// query block from a shared counter until none is left. The queries, the base and the answer live in shared
// memory; a block's answer depends on that block alone, so the result is the same whichever lane takes which
// block, and the same as one thread's. A symmetric search (a set against itself) offers every score to two
// rows, any row at any time: each lane then keeps every row's running top k in its own shared TopKRows, and
// the main thread merges them once the lanes are done (the merge does not depend on which lane saw a pair).
import { Interrupted } from "../core/errors.ts";
import { startTypeScriptWorker } from "../core/workers.ts";
import type { Worker } from "node:worker_threads";
import type { SearchOptions, TopKResult, TopKSearch } from "./search.ts";
import { isSymmetric, type OnnxSearchTiling } from "./searchOnnx.ts";
import { TopKRows, topKRowsStorage, type TopKRowsStorage } from "./topk.ts";

/** What a lane is started with. */
export interface LaneInit {
  queries: Float32Array;
  base: Float32Array;
  dim: number;
  k: number;
  selfExcluded: boolean;
  tiling: OnnxSearchTiling;
  /** The one-way search's answer, written by the lanes block by block (empty for a symmetric search). */
  columns: Int32Array;
  scores: Float32Array;
  /** [next block to take, stop flag, next block to compute start floors of, lanes done with start floors]. */
  control: Int32Array;
  /** This lane's running top k of every row, for a symmetric search (searchOnnx.ts isSymmetric); else null. */
  part: TopKRowsStorage | null;
  /** A symmetric search's start floors of every row, computed by the lanes together before any block runs. */
  startFloors: Float32Array | null;
  lanes: number;
}

/** Lane → main thread. */
export type LaneMessage = { type: "rows"; rows: number } | { type: "done" };

export const NEXT_BLOCK = 0;
export const STOP = 1;
export const NEXT_START_BLOCK = 2;
export const LANES_STARTED = 3;

function shared<T extends Float32Array | Int32Array>(make: (buffer: SharedArrayBuffer) => T, bytes: number, from?: T): T {
  const array = make(new SharedArrayBuffer(bytes));
  if (from) array.set(from);
  return array;
}

export async function searchInLanes(request: TopKSearch, tiling: OnnxSearchTiling, lanes: number, options: SearchOptions): Promise<TopKResult> {
  if (options.signal?.aborted) throw new Interrupted();
  const { dim, k } = request;
  const queryCount = request.queries.length / dim;
  const base = shared((b) => new Float32Array(b), request.base.byteLength, request.base);
  // The build's own top-k searches every row against the rows themselves: share one copy then.
  const queries = request.queries === request.base ? base : shared((b) => new Float32Array(b), request.queries.byteLength, request.queries);
  const symmetric = isSymmetric(request);
  // A symmetric search's answer is the merge of the lanes' parts: the lanes write no shared answer then.
  const answerRows = symmetric ? 0 : queryCount;
  const init: LaneInit = {
    queries,
    base,
    dim,
    k,
    selfExcluded: request.selfExcluded,
    tiling,
    columns: shared((b) => new Int32Array(b), answerRows * k * 4),
    scores: shared((b) => new Float32Array(b), answerRows * k * 4),
    control: shared((b) => new Int32Array(b), 16),
    part: null,
    startFloors: symmetric ? shared((b) => new Float32Array(b), queryCount * 4) : null,
    lanes,
  };
  const parts = Array.from({ length: lanes }, () => (symmetric ? topKRowsStorage(queryCount, k, "shared") : null));
  const workers: Worker[] = [];
  const stop = () => Atomics.store(init.control, STOP, 1);
  options.signal?.addEventListener("abort", stop, { once: true });
  try {
    const finished = parts.map((part) => {
      const worker = startTypeScriptWorker(new URL("./searchOnnx.worker.ts", import.meta.url), { workerData: { ...init, part } satisfies LaneInit });
      workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        worker.on("message", (message: LaneMessage) => {
          if (message.type === "rows") options.onRows?.(message.rows);
          else resolve();
        });
        worker.once("error", reject);
        worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`top-k lane exited with code ${code}`))));
      });
    });
    // Any lane's failure stops the others before it is reported, so nothing keeps running.
    const outcome = await Promise.allSettled(finished.map((lane) => lane.catch((error) => (stop(), Promise.reject(error)))));
    const failure = outcome.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) throw failure.reason;
    if (options.signal?.aborted || Atomics.load(init.control, STOP) === 1) throw new Interrupted();
    if (!symmetric) return { columns: Int32Array.from(init.columns), scores: Float32Array.from(init.scores) };
    const answer = { columns: new Int32Array(queryCount * k), scores: new Float32Array(queryCount * k) };
    TopKRows.merge(parts.map((part) => new TopKRows(queryCount, k, part!)), answer.columns, answer.scores);
    return answer;
  } finally {
    options.signal?.removeEventListener("abort", stop);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
