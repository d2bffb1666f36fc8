// What Music2Vec's main thread and its workers share: the layout of the shared arena (weights, samplers and
// each thread's scratch), how a thread builds its sentence kernel on it, the messages of the round protocol,
// each thread's random stream name, and the deterministic merge of the threads' private weight copies.
import { Random } from "../core/random.ts";
import { f32, f64, i32, type Arena, type ArenaPlan } from "../compute/sharedArena.ts";
import { address } from "../compute/sharedArena.ts";
import { PAIR_KERNEL_RNG_LENGTH, wasmKernel, wasmMerge } from "../compute/sgnsKernel.ts";
import { EXP_TABLE_SIZE, SgnsTrainer, referenceKernel, type SgnsCorpus, type SgnsSettings } from "./sgns.ts";

/** The sentence loop a run uses: the WebAssembly SIMD kernel or the TypeScript reference (compute backend). */
export type SentenceLoop = "wasm-simd" | "typescript";

/** Arena names of one set of weights: the shared (merged) one, or thread t's private copy. */
export function weightNames(copy: number | null): { syn0: string; syn1neg: string } {
  return copy === null ? { syn0: "syn0", syn1neg: "syn1neg" } : { syn0: `copy${copy}.syn0`, syn1neg: `copy${copy}.syn1neg` };
}

function scratchNames(thread: number) {
  return { kept: `thread${thread}.kept`, neu1e: `thread${thread}.neu1e`, rng: `thread${thread}.rng`, pairs: `thread${thread}.pairs` };
}

/** Everything a run keeps in the arena: weights (and private copies), samplers, and each thread's scratch. */
export function arenaPlan(
  vocabulary: number,
  stride: number,
  tableSize: number,
  threads: number,
  copies: boolean,
  longestSentence: number,
  settings: { window: number; negative: number },
): ArenaPlan {
  const plan: ArenaPlan = {
    syn0: { kind: "f32", length: vocabulary * stride },
    syn1neg: { kind: "f32", length: vocabulary * stride },
    unigramTable: { kind: "i32", length: tableSize },
    keepThresholds: { kind: "f64", length: vocabulary },
    sigmoid: { kind: "f64", length: EXP_TABLE_SIZE },
  };
  if (copies) {
    // Each copy's address, in thread order, for the kernel's merge (filled by fillCopyTables).
    plan["copies.syn0"] = { kind: "i32", length: threads };
    plan["copies.syn1neg"] = { kind: "i32", length: threads };
  }
  for (let t = 0; t < threads; t++) {
    if (copies) {
      const names = weightNames(t);
      plan[names.syn0] = { kind: "f32", length: vocabulary * stride };
      plan[names.syn1neg] = { kind: "f32", length: vocabulary * stride };
    }
    const scratch = scratchNames(t);
    plan[scratch.kept] = { kind: "i32", length: Math.max(1, longestSentence) };
    plan[scratch.neu1e] = { kind: "f32", length: stride };
    plan[scratch.rng] = { kind: "i32", length: PAIR_KERNEL_RNG_LENGTH };
    // The kernel lists a sentence's pairs before training them: at most 2 · window per word, each an input
    // row, a count and up to 1 + negative targets.
    plan[scratch.pairs] = { kind: "i32", length: Math.max(1, longestSentence) * 2 * settings.window * (settings.negative + 3) };
  }
  return plan;
}

/** Writes the copies' addresses into the tables the kernel's merge reads. */
export function fillCopyTables(arena: Arena, threads: number): void {
  for (const matrix of ["syn0", "syn1neg"] as const) {
    const table = i32(arena, `copies.${matrix}`);
    for (let t = 0; t < threads; t++) table[t] = address(arena, weightNames(t)[matrix]);
  }
}

/**
 * Merges elements [from, to) of both weight matrices (mergeRows below): with the kernel when the run trains
 * on it (its weights are in WebAssembly memory), in TypeScript otherwise; the same arithmetic either way.
 */
export function threadMerge(arena: Arena, loop: SentenceLoop, threads: number): (from: number, to: number) => void {
  if (loop === "wasm-simd") {
    const syn0 = wasmMerge(arena, "syn0", "copies.syn0");
    const syn1neg = wasmMerge(arena, "syn1neg", "copies.syn1neg");
    return (from, to) => {
      syn0(from, to);
      syn1neg(from, to);
    };
  }
  const base0 = f32(arena, "syn0");
  const base1 = f32(arena, "syn1neg");
  const copies0 = Array.from({ length: threads }, (_, t) => f32(arena, weightNames(t).syn0));
  const copies1 = Array.from({ length: threads }, (_, t) => f32(arena, weightNames(t).syn1neg));
  return (from, to) => {
    mergeRows(base0, copies0, from, to);
    mergeRows(base1, copies1, from, to);
  };
}

export interface ThreadSetup {
  arena: Arena;
  loop: SentenceLoop;
  corpus: SgnsCorpus;
  settings: SgnsSettings;
  stride: number;
  seed: number;
}

/** Thread `index`'s trainer, on its private copy (`copy`) or on the shared weights (copy null). */
export function threadTrainer(setup: ThreadSetup, index: number, copy: number | null): SgnsTrainer {
  const { arena, settings, stride } = setup;
  const random = new Random(setup.seed, threadStream(index));
  const weights = weightNames(copy);
  const scratch = scratchNames(index);
  const kernel =
    setup.loop === "wasm-simd"
      ? wasmKernel(arena, { ...weights, ...scratch, unigramTable: "unigramTable", sigmoid: "sigmoid" }, { stride, window: settings.window, negative: settings.negative }, random)
      : referenceKernel(
          {
            syn0: f32(arena, weights.syn0),
            syn1neg: f32(arena, weights.syn1neg),
            stride,
            unigramTable: i32(arena, "unigramTable"),
            window: settings.window,
            negative: settings.negative,
            neu1e: f32(arena, scratch.neu1e),
            random,
          },
          arena.arrays[scratch.kept]!.length,
        );
  return new SgnsTrainer(setup.corpus, f64(arena, "keepThresholds"), settings, random, kernel);
}

export interface WorkerInit {
  index: number;
  threads: number;
  deterministic: boolean;
  loop: SentenceLoop;
  arena: Arena;
  words: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  settings: SgnsSettings;
  stride: number;
  seed: number;
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
    // float32 throughout, copies in order: the kernel's mergeRows (ml/compute/wasm/sgns.wat) computes the same.
    let merged = before;
    for (let j = 0; j < n; j++) merged = Math.fround(merged + Math.fround(copies[j]![k]! - before));
    base[k] = merged;
    for (let j = 0; j < n; j++) copies[j]![k] = merged;
  }
}
