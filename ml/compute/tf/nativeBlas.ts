// An optional fast path for training: TensorFlow.js's wasm backend multiplies matrices on one thread with
// XNNPACK (about 20 GFLOP/s here); where a native BLAS binding is installed, its matrix products go to the
// native sgemm instead (OpenBLAS: every core, AVX-512 kernels). Never required: `npm ci` does not install
// it. To enable it on Debian: `apt-get install libopenblas-dev`, then `npm install --no-save nblas` (a
// node-gyp build against the system's CBLAS). Detected once when the TensorFlow.js backend starts and named
// in the build summary ("train: tfjs wasm-simd + native BLAS (nblas)").
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** The part of the nblas package used here: row-major cblas_sgemm. */
interface NativeBlas {
  NoTrans: number;
  Trans: number;
  sgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: Float32Array, lda: number,
    b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number): void;
}

async function loadNativeBlas(): Promise<NativeBlas | null> {
  try {
    // A variable specifier: the package is optional and not installed by `npm ci`.
    const name = "nblas";
    const module = (await import(name)) as NativeBlas & { default?: NativeBlas };
    const blas = module.default ?? module;
    return typeof blas.sgemm === "function" ? blas : null;
  } catch {
    return null;
  }
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Replaces the wasm backend's BatchMatMul with one calling the native sgemm on the tensors where they lie in
 * the backend's memory, for every shape it handles (equal batch sizes, or a batch of one on either side);
 * other shapes keep the original kernel. Returns what was installed, or null when no binding loads.
 */
export async function routeMatMulToNativeBlas(): Promise<string | null> {
  if (tf.getBackend() !== "wasm") return null;
  const blas = await loadNativeBlas();
  if (!blas) return null;
  const original = tf.getKernel("BatchMatMul", "wasm");
  if (!original) return null;
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel({
    kernelName: "BatchMatMul",
    backendName: "wasm",
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      const backend = args.backend as BackendWasm;
      const batchA = size(a.shape.slice(0, -2));
      const batchB = size(b.shape.slice(0, -2));
      if (a.dtype !== "float32" || b.dtype !== "float32" || (batchA !== batchB && batchA !== 1 && batchB !== 1)) {
        return original.kernelFunc(args);
      }
      const rankA = a.shape.length;
      const rankB = b.shape.length;
      const m = transposeA ? a.shape[rankA - 1]! : a.shape[rankA - 2]!;
      const k = transposeA ? a.shape[rankA - 2]! : a.shape[rankA - 1]!;
      const n = transposeB ? b.shape[rankB - 2]! : b.shape[rankB - 1]!;
      const batch = Math.max(batchA, batchB);
      const outer = (batchA >= batchB ? a : b).shape.slice(0, -2);
      const out = backend.makeOutput([...outer, m, n], "float32");
      // Views after makeOutput: allocating may grow the memory, which replaces its buffer.
      const heap = backend.wasm.HEAPU8.buffer;
      const view = (t: tf.TensorInfo) => new Float32Array(heap, backend.getMemoryOffset(t.dataId), size(t.shape));
      const va = view(a);
      const vb = view(b);
      const vc = view(out);
      for (let i = 0; i < batch; i++) {
        const sa = batchA === 1 ? va : va.subarray(i * m * k, (i + 1) * m * k);
        const sb = batchB === 1 ? vb : vb.subarray(i * k * n, (i + 1) * k * n);
        const sc = vc.subarray(i * m * n, (i + 1) * m * n);
        blas.sgemm(transposeA ? blas.Trans : blas.NoTrans, transposeB ? blas.Trans : blas.NoTrans, m, n, k, 1, sa, transposeA ? m : k, sb, transposeB ? k : n, 0, sc, n);
      }
      return out;
    },
  });
  return "native BLAS (nblas)";
}
