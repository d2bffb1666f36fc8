// Replacing a kernel of TensorFlow.js's wasm backend (nativeGemm.ts: BatchMatMul; wasmSlice.ts: Slice) and
// putting the original back, which the tests do to run one suite against both.
import * as tf from "@tensorflow/tfjs";

const originals = new Map<string, tf.KernelConfig>();

/**
 * Registers `make(original)` as the wasm backend's kernel `name`, or the original again when `make` is null.
 * `original` is TensorFlow.js's own kernel, for the cases the replacement leaves to it. Returns false when
 * the backend in use is not wasm (nothing is replaced then).
 */
export function replaceWasmKernel(name: string, make: ((original: tf.KernelConfig) => tf.KernelFunc) | null): boolean {
  if (tf.getBackend() !== "wasm") return false;
  let original = originals.get(name);
  if (!original) {
    original = tf.getKernel(name, "wasm");
    if (!original) return false;
    originals.set(name, original);
  }
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel(make ? { kernelName: name, backendName: "wasm", kernelFunc: make(original) } : original);
  return true;
}
