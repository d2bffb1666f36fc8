// Training's matrix products on a native GEMM. TensorFlow.js's wasm backend multiplies on one thread with
// XNNPACK (about 20 GFLOP/s here); a native single-precision GEMM reaches 90–150 GFLOP/s on one core of the
// same machine. So the wasm backend's BatchMatMul is replaced with a kernel that hands the tensors, where they
// lie in the backend's memory, to a native GEMM, which writes the product straight into the output tensor.
// Every TCAE and CEL layer is matrix products (tf/layers.ts), so this is most of training's time.
//
// The GEMMs, the first that loads wins:
// - `nblas`, optional and never installed by `npm ci`: OpenBLAS's cblas_sgemm, on OpenBLAS's own threads. To
//   enable it on Debian: `apt-get install libopenblas-dev`, then `npm install --no-save nblas` (a node-gyp build);
// - ONNX Runtime's (MLAS), which ships inside onnxruntime-node's npm package: one Gemm graph per transpose
//   layout and thread count, run synchronously (onnx/runtime.ts `openSessionSync`).
// Each is checked once against a product worked by hand; a GEMM that fails to load or to agree leaves
// TensorFlow.js's own kernel in place. The choice is named in the build summary ("train: tfjs wasm-simd +
// native GEMM (onnxruntime 1.30.0)").
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { OnnxGraph } from "../onnx/model.ts";
import { replaceWasmKernel } from "./wasmKernels.ts";
import { openSessionSync, ortVersionSync, tensorConstructorSync, type SyncSession } from "../onnx/runtime.ts";

/** C = op(A) · op(B) over row-major float32 arrays, C of m × n, op(A) of m × k; `threads` is a ceiling. */
export interface NativeGemm {
  /** What the build summary says, e.g. "onnxruntime 1.30.0". */
  name: string;
  multiply(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, threads: number): void;
  dispose(): void;
}

/**
 * Below this many floating-point operations a product runs on one thread whatever the setting: waking ONNX
 * Runtime's second thread cost more than it saved on [4096, 64] · [64, 64] (1.8 ms on two threads against
 * 0.33 ms on one), and halved the time of [7504, 1536] · [1536, 256] (5.9 GFLOP).
 */
const PARALLEL_MIN_FLOPS = 2e8;

/** The part of the nblas package used here: row-major cblas_sgemm. */
interface NblasModule {
  NoTrans: number;
  Trans: number;
  sgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: Float32Array, lda: number,
    b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number): void;
}

async function loadNblas(): Promise<NativeGemm | null> {
  let blas: NblasModule;
  try {
    // A variable specifier: the package is optional and not installed by `npm ci`.
    const name = "nblas";
    const module = (await import(name)) as NblasModule & { default?: NblasModule };
    blas = module.default ?? module;
    if (typeof blas.sgemm !== "function") return null;
  } catch {
    return null;
  }
  return {
    name: "nblas (OpenBLAS)",
    multiply(transA, transB, m, n, k, a, b, c) {
      blas.sgemm(transA ? blas.Trans : blas.NoTrans, transB ? blas.Trans : blas.NoTrans, m, n, k, 1, a, transA ? m : k, b, transB ? k : n, 0, c, n);
    },
    dispose() {},
  };
}

/** A Gemm graph over inputs of any size, in one transpose layout. */
function gemmModel(transA: boolean, transB: boolean): Uint8Array {
  const graph = new OnnxGraph("training-gemm");
  const a = graph.input("a", "float", ["a_rows", "a_cols"]);
  const b = graph.input("b", "float", ["b_rows", "b_cols"]);
  graph.output(graph.op("Gemm", [a, b], { transA: { int: transA ? 1 : 0 }, transB: { int: transB ? 1 : 0 } }), "float", ["m", "n"]);
  return graph.toModel();
}

function loadOnnxGemm(): NativeGemm | null {
  let Tensor: ReturnType<typeof tensorConstructorSync>;
  let version: string;
  try {
    Tensor = tensorConstructorSync();
    version = ortVersionSync();
  } catch {
    return null;
  }
  // One session per layout and thread count, opened on first use (each holds its own intra-op pool).
  const sessions = new Map<string, SyncSession>();
  const session = (transA: boolean, transB: boolean, threads: number) => {
    const key = `${+transA}${+transB}/${threads}`;
    let found = sessions.get(key);
    if (!found) sessions.set(key, (found = openSessionSync(gemmModel(transA, transB), threads)));
    return found;
  };
  return {
    name: `onnxruntime ${version}`,
    multiply(transA, transB, m, n, k, a, b, c, threads) {
      const s = session(transA, transB, 2 * m * n * k >= PARALLEL_MIN_FLOPS ? threads : 1);
      s.run(
        { a: new Tensor("float32", a, transA ? [k, m] : [m, k]), b: new Tensor("float32", b, transB ? [n, k] : [k, n]) },
        { [s.outputNames[0]!]: new Tensor("float32", c, [m, n]) },
      );
    },
    dispose() {
      for (const s of sessions.values()) s.dispose();
      sessions.clear();
    },
  };
}

/** Whether `gemm` gives a product worked by hand, in every transpose layout. */
function agrees(gemm: NativeGemm): boolean {
  try {
    // A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0], [0, 1], [2, -1]]: A·B = [[7, -1], [16, -1]].
    const a = Float32Array.of(1, 2, 3, 4, 5, 6);
    const aT = Float32Array.of(1, 4, 2, 5, 3, 6);
    const b = Float32Array.of(1, 0, 0, 1, 2, -1);
    const bT = Float32Array.of(1, 0, 2, 0, 1, -1);
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const c = new Float32Array(4);
      gemm.multiply(transA, transB, 2, 2, 3, transA ? aT : a, transB ? bT : b, c, 1);
      if (c.join() !== "7,-1,16,-1") return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The GEMMs in order of preference. */
const LOADERS: (() => Promise<NativeGemm | null>)[] = [loadNblas, async () => loadOnnxGemm()];

/** The GEMM `load` gives, if it loads here and agrees with the worked product (else released). */
async function usable(load: () => Promise<NativeGemm | null>): Promise<NativeGemm | null> {
  const gemm = await load();
  if (gemm && agrees(gemm)) return gemm;
  gemm?.dispose();
  return null;
}

/** The preferred native GEMM that loads here and agrees with the worked product, or null; later ones are not loaded. */
export async function loadNativeGemm(): Promise<NativeGemm | null> {
  for (const load of LOADERS) {
    const gemm = await usable(load);
    if (gemm) return gemm;
  }
  return null;
}

/** Every native GEMM that loads here and agrees with the worked product, the preferred first (the tests run each). */
export async function loadNativeGemms(): Promise<NativeGemm[]> {
  const found: NativeGemm[] = [];
  for (const load of LOADERS) {
    const gemm = await usable(load);
    if (gemm) found.push(gemm);
  }
  return found;
}

let threadsForTraining = 1;

/**
 * The threads training's products may use (a ceiling; small products use one). The build gives training the
 * threads the top-k running beside it leaves free.
 */
export function setTrainingThreads(threads: number): void {
  threadsForTraining = Math.max(1, Math.floor(threads));
}

/** The threads training's products may use now (setTrainingThreads). */
export function trainingThreads(): number {
  return threadsForTraining;
}

let routed: NativeGemm | null = null;

/** The GEMM the wasm backend's matrix products go to, or null (TensorFlow.js's own kernel). */
export function routedGemm(): NativeGemm | null {
  return routed;
}

/**
 * Routes the wasm backend's BatchMatMul to `gemm` (null: back to TensorFlow.js's own kernel), for every shape
 * it handles (equal batch sizes, or a batch of one on either side); other shapes keep the original kernel.
 * Returns false when the backend in use is not wasm, where there is nothing to route.
 */
export function routeMatMul(gemm: NativeGemm | null): boolean {
  const replaced = replaceWasmKernel("BatchMatMul", gemm && ((original) => (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const backend = args.backend as BackendWasm;
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
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
    const view = (t: tf.TensorInfo) => new Float32Array(heap, backend.getMemoryOffset(t.dataId), tf.util.sizeFromShape(t.shape));
    const va = view(a);
    const vb = view(b);
    const vc = view(out);
    for (let i = 0; i < batch; i++) {
      const sa = batchA === 1 ? va : va.subarray(i * m * k, (i + 1) * m * k);
      const sb = batchB === 1 ? vb : vb.subarray(i * k * n, (i + 1) * k * n);
      gemm.multiply(transposeA, transposeB, m, n, k, sa, sb, vc.subarray(i * m * n, (i + 1) * m * n), threadsForTraining);
    }
    return out;
  }));
  if (replaced) routed = gemm;
  return replaced;
}
