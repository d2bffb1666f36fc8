// Music2Vec's sentence loop on the WebAssembly SIMD kernel (wasm/sgns.wat, assembled into the committed
// wasm/sgns.wasm): the same steps as ml/models/sgns.ts's TypeScript reference, bit for bit, several times
// faster (f32x4 lanes, no bounds checks). The kernel works on the weights where they lie, so they live in a
// shared WebAssembly memory (sharedArena.ts) that every training thread instantiates the kernel on.
import { readFileSync } from "node:fs";
import type { Random } from "../core/random.ts";
import type { SentenceKernel } from "../models/sgns.ts";
import { address, i32, type Arena } from "./sharedArena.ts";

let compiled: WebAssembly.Module | null = null;

/** The compiled kernel (once per thread); throws where WebAssembly SIMD or threads are missing. */
export function sgnsKernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(new URL("./wasm/sgns.wasm", import.meta.url)));
  return compiled;
}

/** Whether this runtime can run the kernel (SIMD and shared memory). */
export function sgnsKernelAvailable(): boolean {
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    new WebAssembly.Instance(sgnsKernelModule(), { env: { memory } });
    return true;
  } catch {
    return false;
  }
}

interface TrainSentence {
  (kept: number, length: number, alpha: number, syn0: number, syn1neg: number, rowStride: number, table: number, tableMask: number,
    sigmoid: number, window: number, negative: number, neu1e: number, rng: number, pairs: number): void;
}

/** int32 at a kernel's `rng`: the generator's four words of state, then the word its row touches fold into. */
export const PAIR_KERNEL_RNG_LENGTH = 5;

/** Names of the arena arrays one thread's kernel works on. */
export interface KernelArrays {
  syn0: string;
  syn1neg: string;
  unigramTable: string;
  /** The sigmoid table (float64, 1000 cells; sgns.ts SIGMOID_TABLE). */
  sigmoid: string;
  kept: string;
  neu1e: string;
  /** PAIR_KERNEL_RNG_LENGTH int32: the Random's state while the kernel draws. */
  rng: string;
  /** Where the kernel lists a sentence's pairs (2 · window · (negative + 3) int32 per word). */
  pairs: string;
}

/**
 * The kernel's merge of the threads' private weight copies into the shared weights (deterministic training):
 * `copyTable` names an int32 arena array holding each copy's address, in thread order.
 */
export function wasmMerge(arena: Arena, base: string, copyTable: string): (from: number, to: number) => void {
  if (!arena.memory) throw new Error("the sgns kernel needs its arrays in a WebAssembly memory");
  const instance = new WebAssembly.Instance(sgnsKernelModule(), { env: { memory: arena.memory } });
  const mergeRows = instance.exports.mergeRows as (base: number, copies: number, copyCount: number, from: number, to: number) => void;
  const baseAt = address(arena, base);
  const tableAt = address(arena, copyTable);
  const copyCount = arena.arrays[copyTable]!.length;
  return (from, to) => mergeRows(baseAt, tableAt, copyCount, from, to);
}

export function wasmKernel(
  arena: Arena,
  arrays: KernelArrays,
  settings: { stride: number; window: number; negative: number },
  random: Random,
): SentenceKernel {
  if (!arena.memory) throw new Error("the sgns kernel needs its arrays in a WebAssembly memory");
  const instance = new WebAssembly.Instance(sgnsKernelModule(), { env: { memory: arena.memory } });
  const trainSentence = instance.exports.trainSentence as TrainSentence;
  const kept = i32(arena, arrays.kept);
  const rng = i32(arena, arrays.rng);
  const tableMask = arena.arrays[arrays.unigramTable]!.length - 1;
  const at = {
    kept: address(arena, arrays.kept),
    syn0: address(arena, arrays.syn0),
    syn1neg: address(arena, arrays.syn1neg),
    table: address(arena, arrays.unigramTable),
    sigmoid: address(arena, arrays.sigmoid),
    neu1e: address(arena, arrays.neu1e),
    rng: address(arena, arrays.rng),
    pairs: address(arena, arrays.pairs),
  };
  const { stride, window, negative } = settings;
  return {
    kept,
    train(length, alpha) {
      random.saveState(rng);
      trainSentence(at.kept, length, alpha, at.syn0, at.syn1neg, stride, at.table, tableMask, at.sigmoid, window, negative, at.neu1e, at.rng, at.pairs);
      random.loadState(rng);
    },
  };
}
