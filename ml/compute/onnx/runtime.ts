// Loading ONNX Runtime (onnxruntime-node: its CPU binaries ship inside the npm package) and opening
// sessions on the graphs Mugle writes itself. Loaded on first use, so a platform without its binaries
// still runs everything on the reference engines (ml/compute/backend.ts decides).
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type * as OrtModule from "onnxruntime-node";

export type Ort = typeof OrtModule;
export type OrtSession = OrtModule.InferenceSession;
export type OrtTensor = OrtModule.Tensor;

let loading: Promise<Ort> | null = null;

/** The onnxruntime-node module; rejects with the loader's reason when its binaries do not load here. */
export function loadOrt(): Promise<Ort> {
  loading ??= import("onnxruntime-node").then((module) => ((module as { default?: Ort }).default ?? module) as Ort);
  return loading;
}

/** The runtime's version, as stored with a build run. */
export async function ortVersion(): Promise<string> {
  await loadOrt();
  return ortVersionSync();
}

/**
 * A CPU session on a serialised model. `threads` is ONNX Runtime's intra-op pool (one run spreads over it);
 * runs are issued one at a time, so the inter-op pool is one thread.
 */
export async function openSession(model: Uint8Array, threads: number): Promise<OrtSession> {
  const ort = await loadOrt();
  return ort.InferenceSession.create(model, sessionOptions(threads));
}

function sessionOptions(threads: number): OrtModule.InferenceSession.SessionOptions {
  return {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // ORT's own thread pool spins between runs by default, which starves the next JavaScript step on 2 cores.
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}

/** A tensor as the native binding takes and returns it (onnxruntime-common's Tensor). */
export type SyncTensor = OrtTensor;

/** A session whose `run` returns its outputs before it returns, for callers that cannot await. */
export interface SyncSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the graph; outputs named in `fetches` are written into the tensors given there. */
  run(feeds: Record<string, SyncTensor>, fetches: Record<string, SyncTensor>): void;
  dispose(): void;
}

/** Outputs from this size on are freed at once after a synchronous run (see `openSessionSync`). */
const PROMPT_FREE_BYTES = 1 << 20;

let youngCollection: (() => void) | null = null;

/**
 * A young-generation garbage collection, run now. V8 offers it only with --expose-gc; the flag is set here
 * for one new context, whose `gc` function this keeps (the main context is unchanged).
 */
function collectYoungGeneration(): void {
  if (!youngCollection) {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as (options: { type: "minor" }) => void;
    youngCollection = () => gc({ type: "minor" });
  }
  youngCollection();
}

/** The parts of onnxruntime-node's native binding used here (its `dist/binding.js`, not a public API). */
interface NativeBinding {
  binding: {
    InferenceSession: new () => {
      loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
      run(feeds: Record<string, SyncTensor>, fetches: Record<string, SyncTensor>, options: object): unknown;
      dispose(): void;
      readonly inputMetadata: { name: string }[];
      readonly outputMetadata: { name: string }[];
    };
  };
  initOrt(): void;
}

/**
 * A CPU session run synchronously. TensorFlow.js kernels must return their output before they return, and
 * the public `InferenceSession.run` is a promise only because it defers the native binding's run (which is
 * synchronous) to `setImmediate`; this calls that binding directly. It is not part of onnxruntime-node's
 * public API, so its use is kept to this function, the package version is pinned by the lock file, and a
 * caller checks a product against a known answer before relying on it (tf/nativeGemm.ts does). Output tensors
 * passed in `fetches` are written in place: ONNX Runtime reads and writes the callers' memory.
 *
 * The binding also returns a fresh copy of every output, which nothing here reads. Left to the garbage
 * collector, such copies pile up until a collection frees tens of megabytes at once; the C allocator then
 * hands that memory back to the kernel, and the next copy faults every page in again: on the 2-core VMs this
 * project runs on, about 17 µs per 4 kB page, 65 ms for a 15 MB output whose product took 4 ms. So after a
 * run whose outputs reach a megabyte, a young-generation collection (about half a millisecond) frees the
 * copy at once, and the allocator reuses its memory for the next one.
 *
 * Throws where the binary or the binding does not load.
 */
export function openSessionSync(model: Uint8Array, threads: number): SyncSession {
  const require = createRequire(import.meta.url);
  const { binding, initOrt } = require("onnxruntime-node/dist/binding") as NativeBinding;
  initOrt();
  const session = new binding.InferenceSession();
  session.loadModel(model.buffer, model.byteOffset, model.byteLength, sessionOptions(threads));
  return {
    inputNames: session.inputMetadata.map((m) => m.name),
    outputNames: session.outputMetadata.map((m) => m.name),
    run: (feeds, fetches) => {
      session.run(feeds, fetches, {});
      const bytes = Object.values(fetches).reduce((sum, tensor) => sum + (tensor.data as Float32Array).byteLength, 0);
      if (bytes >= PROMPT_FREE_BYTES) collectYoungGeneration();
    },
    dispose: () => session.dispose(),
  };
}

/** The runtime's version, read synchronously. */
export function ortVersionSync(): string {
  const require = createRequire(import.meta.url);
  return (require("onnxruntime-node") as typeof OrtModule).env.versions.common ?? "unknown";
}

/** onnxruntime-node's Tensor constructor (the one its binding takes), loaded synchronously. */
export function tensorConstructorSync(): typeof OrtModule.Tensor {
  const require = createRequire(import.meta.url);
  return (require("onnxruntime-node") as typeof OrtModule).Tensor;
}
