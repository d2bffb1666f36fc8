// The transposition-invariant front's conv-and-maximum (layers.ts bandConvMax) in one ONNX Runtime graph.
//
// Written with TensorFlow.js ops, the front builds two large tensors a training step: the patches
// [B·T·positions, taps·kernel] (36 MB at the cpu preset's batch) and the responses [B·T·positions, filters]
// (64 MB), and its gradient a mask as large again. On wasm every fresh megabyte costs page faults (about 4 ms
// on this machine), so the front took most of a step (training 2.4 times as long as without it). Here the
// forward pass is one ONNX Runtime run: a 2-D Conv over (frames, bands) with the kernel shared along the bands,
// then ReduceMax and ArgMax over the positions; its intermediates live in the runtime's reused arena, and only
// each filter's maximum and where it was come back. The weights' gradient needs no patches: filter f's
// maximum at frame r came from one position p, so dW[·, f] gains dy[r, f] times the patch at (r, p), read
// straight from the input (bandConvMaxWeightGradient, in JavaScript: a few million multiply-adds).
//
// One difference from the reference: where positions tie for the maximum, the reference's gradient goes to
// every tied position and this one's to the first (as ArgMax and PyTorch's max do). A tie needs equal float
// responses at two positions; the tests use inputs without them.
import * as tf from "@tensorflow/tfjs";
import { OnnxGraph } from "../onnx/model.ts";
import { openSessionSync, tensorConstructorSync, type SyncSession } from "../onnx/runtime.ts";

/** The front's forward pass for one kernel shape: [B, T, bands] in, each filter's maximum and its position out. */
export interface FrontForward {
  /** x [B, T, bands] row-major, w [taps · kernelBands, filters], b [filters] → max [B, T, filters] (bias included), argmax likewise. */
  run(x: Float32Array, batch: number, frames: number, bands: number, w: Float32Array, b: Float32Array, threads: number): { max: Float32Array; argmax: Uint16Array };
  dispose(): void;
}

/** The Conv → ReduceMax, ArgMax graph: x [B, 1, T, bands], w [filters, 1, taps, kernelBands], b [filters]. */
function frontModel(taps: number, kernelBands: number, dilation: number): Uint8Array {
  const graph = new OnnxGraph("tcae-front");
  const x = graph.input("x", "float", ["batch", 1, "frames", "bands"]);
  const w = graph.input("w", "float", ["filters", 1, taps, kernelBands]);
  const b = graph.input("b", "float", ["filters"]);
  // Cross-correlation with (taps − 1)·dilation zero frames on top: tap j reads frame t − (taps − 1 − j)·dilation.
  const responses = graph.op("Conv", [x, w, b], {
    kernel_shape: { ints: [taps, kernelBands] },
    dilations: { ints: [dilation, 1] },
    pads: { ints: [(taps - 1) * dilation, 0, 0, 0] },
  });
  graph.output(graph.op("ReduceMax", [responses], { axes: { ints: [3] }, keepdims: { int: 0 } }), "float", ["batch", "filters", "frames"]);
  graph.output(graph.op("ArgMax", [responses], { axis: { int: 3 }, keepdims: { int: 0 } }), "int64", ["batch", "filters", "frames"]);
  return graph.toModel();
}

/**
 * ONNX Runtime's front for kernels of `taps` × `kernelBands` at `dilation`, or null where the runtime does not
 * load. Sessions are opened per thread count on first use.
 */
export function loadFrontForward(taps: number, kernelBands: number, dilation: number): FrontForward | null {
  let Tensor: ReturnType<typeof tensorConstructorSync>;
  try {
    Tensor = tensorConstructorSync();
  } catch {
    return null;
  }
  const model = frontModel(taps, kernelBands, dilation);
  const sessions = new Map<number, SyncSession>();
  return {
    run(x, batch, frames, bands, w, b, threads) {
      let session = sessions.get(threads);
      if (!session) sessions.set(threads, (session = openSessionSync(model, threads)));
      const filters = b.length;
      const positions = bands - kernelBands + 1;
      if (positions > 65_535) throw new Error(`bandConvMaxNative: ${positions} positions do not fit the argmax's 16 bits`);
      // [taps · kernelBands, filters] → [filters, 1, taps, kernelBands].
      const kernel = new Float32Array(w.length);
      for (let row = 0; row < taps * kernelBands; row++) for (let f = 0; f < filters; f++) kernel[f * taps * kernelBands + row] = w[row * filters + f]!;
      const maxOut = new Float32Array(batch * filters * frames);
      const argOut = new BigInt64Array(batch * filters * frames);
      const [maxName, argName] = session.outputNames as [string, string];
      session.run(
        { x: new Tensor("float32", x, [batch, 1, frames, bands]), w: new Tensor("float32", kernel, [filters, 1, taps, kernelBands]), b: new Tensor("float32", b, [filters]) },
        { [maxName]: new Tensor("float32", maxOut, [batch, filters, frames]), [argName]: new Tensor("int64", argOut, [batch, filters, frames]) },
      );
      // [B, filters, T] → [B, T, filters].
      const max = new Float32Array(batch * frames * filters);
      const argmax = new Uint16Array(batch * frames * filters);
      for (let n = 0; n < batch; n++) {
        for (let f = 0; f < filters; f++) {
          const from = (n * filters + f) * frames;
          for (let t = 0; t < frames; t++) {
            const to = (n * frames + t) * filters + f;
            max[to] = maxOut[from + t]!;
            argmax[to] = Number(argOut[from + t]!);
          }
        }
      }
      return { max, argmax };
    },
    dispose() {
      for (const session of sessions.values()) session.dispose();
      sessions.clear();
    },
  };
}

/**
 * The weights' and bias's gradient of the front, given where each maximum was: dW[j·kernelBands + q, f] =
 * Σ over frames r (n, t) of dy[r, f] · x[n, t − (taps − 1 − j)·dilation, argmax[r, f] + q] (0 before the start),
 * db[f] = Σ_r dy[r, f]. Summed in double precision.
 */
export function bandConvMaxWeightGradient(
  x: Float32Array, argmax: Uint16Array, dy: Float32Array,
  shape: { batch: number; frames: number; bands: number; taps: number; kernelBands: number; filters: number; dilation: number },
): { dw: Float32Array; db: Float32Array } {
  const { batch, frames, bands, taps, kernelBands, filters, dilation } = shape;
  const dw = new Float64Array(taps * kernelBands * filters);
  const db = new Float64Array(filters);
  for (let n = 0; n < batch; n++) {
    for (let t = 0; t < frames; t++) {
      const row = n * frames + t;
      for (let f = 0; f < filters; f++) {
        const g = dy[row * filters + f]!;
        if (g === 0) continue;
        db[f] = db[f]! + g;
        const p = argmax[row * filters + f]!;
        for (let j = 0; j < taps; j++) {
          const source = t - (taps - 1 - j) * dilation;
          if (source < 0) continue;
          const from = (n * frames + source) * bands + p;
          const to = j * kernelBands * filters + f;
          for (let q = 0; q < kernelBands; q++) dw[to + q * filters] = dw[to + q * filters]! + g * x[from + q]!;
        }
      }
    }
  }
  return { dw: Float32Array.from(dw), db: Float32Array.from(db) };
}

/**
 * layers.ts bandConvMax on `front`: x [B, T, bands] (the model's input side: no gradient flows to it),
 * w [taps · kernelBands, filters] (row j · kernelBands + q: time tap j, band q of the kernel), b [filters].
 * Returns [B, T, filters]: y[n, t, f] = b[f] + max over positions p of Σ_j,q x[n, t − (taps − 1 − j)·d, p + q] · w[j·kernelBands + q, f].
 */
export function bandConvMaxNative(x: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, kernelBands: number, dilation: number, front: FrontForward, threads: number): tf.Tensor3D {
  const [batch, frames, bands] = x.shape;
  const taps = w.shape[0] / kernelBands;
  const filters = w.shape[1];
  const input = x.dataSync() as Float32Array;
  const op = tf.customGrad((wIn, bIn) => {
    const { max, argmax } = front.run(input, batch, frames, bands, (wIn as tf.Tensor2D).dataSync() as Float32Array, (bIn as tf.Tensor1D).dataSync() as Float32Array, threads);
    return {
      value: tf.tensor3d(max, [batch, frames, filters]),
      gradFunc: (dyIn) => {
        const dy = (dyIn as tf.Tensor).dataSync() as Float32Array;
        const { dw, db } = bandConvMaxWeightGradient(input, argmax, dy, { batch, frames, bands, taps, kernelBands, filters, dilation });
        return [tf.tensor2d(dw, [taps * kernelBands, filters]), tf.tensor1d(db)];
      },
    };
  });
  return op(w, b) as tf.Tensor3D;
}
