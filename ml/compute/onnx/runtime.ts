// Loading ONNX Runtime (onnxruntime-node: its CPU binaries ship inside the npm package) and opening
// sessions on the graphs Mugle writes itself. Loaded on first use, so a platform without its binaries
// still runs everything on the reference engines (ml/compute/backend.ts decides).
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
  const ort = await loadOrt();
  return ort.env.versions.common ?? "unknown";
}

/**
 * A CPU session on a serialised model. `threads` is ONNX Runtime's intra-op pool (one run spreads over it);
 * runs are issued one at a time, so the inter-op pool is one thread.
 */
export async function openSession(model: Uint8Array, threads: number): Promise<OrtSession> {
  const ort = await loadOrt();
  return ort.InferenceSession.create(model, {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // ORT's own thread pool spins between runs by default, which starves the next JavaScript step on 2 cores.
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  });
}
