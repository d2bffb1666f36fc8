// The one place the compute backend is chosen. Every model, the encoder and the top-k ask here for their
// engine, and the build stores `describeCompute` with its run, so a catalogue says what computed it.
//
// Two implementations behind one switch (MUGLE_COMPUTE):
// - "native" (the default): ONNX Runtime for the top-k and for encoding, the WebAssembly SIMD kernel for
//   Music2Vec; everything ships in npm packages or in this repository, nothing needs a compiler;
// - "reference": the readable TypeScript implementations the native ones are tested against.
// If ONNX Runtime does not load on a platform, "native" falls back to the reference top-k and says so.
// Training stays on TensorFlow.js either way (tf/backend.ts picks its fastest backend).
import type { NetEngine } from "./net.ts";
import { createOnnxNetEngine } from "./netOnnx.ts";
import { tfNetEngine } from "./netTf.ts";
import { sgnsKernelAvailable } from "./sgnsKernel.ts";
import { createOnnxSearch } from "./searchOnnx.ts";
import { referenceSearch } from "./searchReference.ts";
import type { TopKEngine } from "./search.ts";
import { activeBackend } from "./tf/backend.ts";

export type ComputeChoice = "native" | "reference";

export interface ComputeBackend {
  choice: ComputeChoice;
  topK: TopKEngine;
  /** Runs the trained encoders (TCAE over every song's windows, CEL over both embeddings). */
  nets: NetEngine;
  /** Music2Vec's sentence loop. */
  sgns: "wasm-simd" | "typescript";
  sgnsDescription: string;
}

export interface ComputeOptions {
  /** Threads the engines may use (ONNX Runtime's intra-op pool). */
  threads: number;
  /** Overrides MUGLE_COMPUTE (tests run both). */
  choice?: ComputeChoice;
}

/** The implementation asked for: MUGLE_COMPUTE, "native" when unset; anything else is an error. */
export function requestedChoice(env: NodeJS.ProcessEnv = process.env): ComputeChoice {
  const value = env.MUGLE_COMPUTE ?? "native";
  if (value !== "native" && value !== "reference") throw new Error(`MUGLE_COMPUTE is "${value}", expected "native" or "reference"`);
  return value;
}

const backends = new Map<string, Promise<ComputeBackend>>();

const SGNS_REFERENCE = { sgns: "typescript", sgnsDescription: "typescript reference" } as const;

async function create(choice: ComputeChoice, threads: number): Promise<ComputeBackend> {
  if (choice === "reference") return { choice, topK: referenceSearch, nets: tfNetEngine, ...SGNS_REFERENCE };
  const sgns = sgnsKernelAvailable()
    ? ({ sgns: "wasm-simd", sgnsDescription: "wasm-simd kernel" } as const)
    : { ...SGNS_REFERENCE, sgnsDescription: "typescript reference (this runtime lacks WebAssembly SIMD or shared memory)" };
  let topK: TopKEngine;
  let nets: NetEngine;
  try {
    topK = await createOnnxSearch(threads);
    nets = await createOnnxNetEngine(threads);
  } catch (error) {
    const reason = `onnxruntime did not load: ${(error as Error).message.split("\n")[0]}`;
    topK = { ...referenceSearch, description: `${referenceSearch.description} (${reason})` };
    nets = { ...tfNetEngine, description: `${tfNetEngine.description} (${reason})` };
  }
  return { choice, topK, nets, ...sgns };
}

/** The backend for these options, created once per process and reused. */
export function computeBackend(options: ComputeOptions): Promise<ComputeBackend> {
  const choice = options.choice ?? requestedChoice();
  const threads = Math.max(1, Math.floor(options.threads));
  const key = `${choice}/${threads}`;
  let backend = backends.get(key);
  if (!backend) backends.set(key, (backend = create(choice, threads)));
  return backend;
}

/**
 * One line for the build summary and the stored run, e.g.
 * "top-k: onnxruntime 1.30.0 cpu ×2 threads; music2vec: wasm-simd kernel; encode: onnxruntime 1.30.0 cpu ×2
 * threads; train: tfjs wasm-simd".
 */
export async function describeCompute(options: ComputeOptions & { training?: boolean }): Promise<string> {
  const backend = await computeBackend(options);
  const parts = [`top-k: ${backend.topK.description}`, `music2vec: ${backend.sgnsDescription}`];
  if (options.training !== false) parts.push(`encode: ${backend.nets.description}`, `train: tfjs ${await activeBackend()}`);
  return parts.join("; ");
}
