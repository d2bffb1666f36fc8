// What Music2Vec's main thread and its workers share: the messages of the round protocol, each thread's
// random stream name, and the deterministic merge of the threads' private weight copies.
import type { SgnsSettings } from "./sgns.ts";

export interface WeightBuffers {
  syn0: SharedArrayBuffer;
  syn1neg: SharedArrayBuffer;
}

export interface WorkerInit {
  index: number;
  threads: number;
  seed: number;
  deterministic: boolean;
  settings: SgnsSettings;
  words: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  unigramTable: SharedArrayBuffer;
  keepThresholds: SharedArrayBuffer;
  /** The merged weights (deterministic) or the one set every thread trains (Hogwild). */
  base: WeightBuffers;
  /** One private copy per thread when deterministic; empty for Hogwild. */
  copies: WeightBuffers[];
}

/** Train sentences first + index, first + index + threads, ... below end; or merge elements [from, to). */
export type WorkerCommand =
  | { type: "train"; epoch: number; first: number; end: number }
  | { type: "merge"; from: number; to: number };

export type WorkerReply = { type: "trained"; raw: number; effective: number } | { type: "merged" };

/** Thread i's random stream: the same whether it runs in a worker or (threads = 1) on the main thread. */
export function threadStream(index: number): string {
  return `music2vec-thread-${index}`;
}

/**
 * Merges the threads' copies into base over elements [from, to), then resets every copy to the result:
 * each element moves by the sum of the changes the threads made to it since the last merge, which is what
 * Hogwild (and sequential SGD) would have applied, only with every thread's reads a round stale. (Moving by
 * the mean instead halves the update of every song two threads touched; on the bench that cost about 4
 * points of co-playlist hit-rate@10 against Hogwild.) The result depends only on the copies, never on
 * thread timing: the deterministic half of the threads > 1 choice in ml/models/music2vec.ts.
 */
export function mergeRows(base: Float32Array, copies: readonly Float32Array[], from: number, to: number): void {
  const n = copies.length;
  for (let k = from; k < to; k++) {
    const before = base[k]!;
    let merged = before;
    for (let j = 0; j < n; j++) merged += copies[j]![k]! - before;
    base[k] = merged;
    for (let j = 0; j < n; j++) copies[j]![k] = merged;
  }
}
