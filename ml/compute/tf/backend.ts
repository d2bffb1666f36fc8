// Picks the fastest TensorFlow.js backend present:
// - @tensorflow/tfjs-node (native libtensorflow) when it is installed: an optional dependency, because its
//   install downloads libtensorflow and fails offline; so it is imported dynamically and may be missing;
// - otherwise @tensorflow/tfjs with @tensorflow/tfjs-backend-wasm (XNNPACK, SIMD; single-threaded in Node).
// The pure-JS 'cpu' backend (0.7 GFLOP/s) is never used for training: `requireTrainingBackend` refuses it.
import * as tf from "@tensorflow/tfjs";
import { loadNativeGemm, routeMatMul, routedGemm } from "./nativeGemm.ts";
import { sliceInPlace } from "./wasmSlice.ts";

export interface BackendInfo {
  /** tfjs backend name: "tensorflow" (tfjs-node) or "wasm". */
  name: string;
  /** WebAssembly SIMD in use (wasm only). */
  simd: boolean;
  /** The native GEMM the wasm backend's matrix products were routed to (nativeGemm.ts), or null. */
  nativeGemm: string | null;
}

let selected: Promise<BackendInfo> | null = null;

/**
 * Whether matMul's transpose flags cost nothing on the backend in use: true on tfjs-node and where the
 * products go to a native GEMM, false on plain wasm, whose matMul runs 7-10x slower with a flag than after an
 * explicit transpose (layers.ts picks accordingly). Valid once the backend is initialised.
 */
export function matMulTransposesFree(): boolean {
  return tf.getBackend() === "tensorflow" || routedGemm() !== null;
}

async function tryNative(): Promise<boolean> {
  try {
    // A variable specifier keeps bundlers and the type checker from requiring the optional package.
    const name = "@tensorflow/tfjs-node";
    await import(name);
  } catch {
    return false;
  }
  return tf.findBackend("tensorflow") !== null && (await tf.setBackend("tensorflow"));
}

async function tryWasm(): Promise<boolean> {
  try {
    await import("@tensorflow/tfjs-backend-wasm");
    return await tf.setBackend("wasm");
  } catch {
    return false;
  }
}

async function select(): Promise<BackendInfo> {
  if (!(await tryNative()) && !(await tryWasm())) {
    throw new Error("no fast TensorFlow.js backend: neither @tensorflow/tfjs-node nor @tensorflow/tfjs-backend-wasm loads");
  }
  await tf.ready();
  const name = tf.getBackend();
  if (name === "wasm") sliceInPlace();
  const gemm = name === "wasm" ? await loadNativeGemm() : null;
  const nativeGemm = gemm && routeMatMul(gemm) ? gemm.name : null;
  return { name, simd: name === "wasm" && tf.env().getBool("WASM_HAS_SIMD_SUPPORT"), nativeGemm };
}

/** Loads and activates the best backend once per process; later calls return the same answer. */
export function initBackend(): Promise<BackendInfo> {
  selected ??= select();
  return selected;
}

/** The backend in use after initialisation, e.g. "wasm-simd + native GEMM (onnxruntime 1.30.0)", "wasm-simd" or "tensorflow". */
export async function activeBackend(): Promise<string> {
  const info = await initBackend();
  const name = info.simd ? `${info.name}-simd` : info.name;
  return info.nativeGemm ? `${name} + native GEMM (${info.nativeGemm})` : name;
}

/** Initialises the backend and refuses to go on if it is the pure-JS one, which is far too slow to train on. */
export async function requireTrainingBackend(): Promise<BackendInfo> {
  const info = await initBackend();
  if (info.name === "cpu") throw new Error("refusing to train on the pure-JS 'cpu' TensorFlow.js backend");
  return info;
}
