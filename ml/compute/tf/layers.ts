// The layers TCAE and CEL are built from, written with ops whose gradients exist on every tfjs backend.
// tfjs 4.22 refuses dilated conv gradients, has no 'causal' padding, and the wasm backend lacks
// Conv2DBackpropFilter; so a dilated conv here is pad + shifted slices + a matMul per tap. The matMul's
// gradient is written by hand because the built-in one uses transpose flags, which run 7-10x slower on wasm
// than an explicit transpose followed by a plain matMul; batch norm's is the closed form, a few passes over
// the activations instead of differentiating the moments op by op.
import * as tf from "@tensorflow/tfjs";
import { matMulTransposesFree } from "./backend.ts";
import { bandConvMaxNative, loadFrontForward, type FrontForward } from "./bandConvMaxNative.ts";
import { routedGemm, trainingThreads } from "./nativeGemm.ts";

/** Column sums of a [N, C] matrix as [1, C], via a matMul (reductions over axis 0 transpose first on wasm). */
function columnSums(m: tf.Tensor): tf.Tensor2D {
  return tf.matMul(tf.ones([1, m.shape[0]!]), m as tf.Tensor2D);
}

/** x [N, K] · w [K, M] + b [M]. */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((xIn, wIn, bIn, save) => {
    const xx = xIn as tf.Tensor2D;
    const ww = wIn as tf.Tensor2D;
    (save as tf.GradSaveFunc)([xx, ww]);
    return {
      value: tf.add(tf.matMul(xx, ww), bIn as tf.Tensor1D),
      gradFunc: (dyIn, saved) => {
        const dy = dyIn as tf.Tensor2D;
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        if (matMulTransposesFree()) {
          // A native sgemm reads either operand transposed at no cost: no copies of the activations.
          return [tf.matMul(dy, ws, false, true), tf.matMul(xs, dy, true, false), tf.reshape(columnSums(dy), [dy.shape[1]])];
        }
        const dx = tf.matMul(dy, tf.transpose(ws));
        // dW = xᵀ·dy [K, M], as xᵀ·dy or (dyᵀ·x)ᵀ. A wasm transpose costs several times the matMul's repacking
        // of its right operand, so the form that transposes fewer values wins: x's N·K, or dy's N·M and the
        // product's M·K (a dense layer on a few long rows has a large K·M and a small N).
        const [n, k, m] = [xs.shape[0], ws.shape[0], ws.shape[1]];
        const dw = n * k <= n * m + m * k ? tf.matMul(tf.transpose(xs), dy) : tf.transpose(tf.matMul(tf.transpose(dy), xs));
        const db = tf.reshape(columnSums(dy), [dy.shape[1]]);
        return [dx, dw, db];
      },
    };
  });
  return op(x, w, b) as tf.Tensor2D;
}

/**
 * Which frames a dilated conv reads: "causal" reads t, t-d, t-2d (never the future); "anticausal" reads
 * t, t+d, t+2d (never the past), the mirror image the decoder uses.
 */
export type ConvDirection = "causal" | "anticausal";

/** Frames by which tap j of a kernel of `kernel` taps reads away from frame t (see dilatedConv1d). */
function tapOffset(j: number, kernel: number, dilation: number, direction: ConvDirection): number {
  return (direction === "causal" ? kernel - 1 - j : j) * dilation;
}

/**
 * The frames each tap reads, as [B·T, C] matrices: tap j of a causal conv is x delayed by (kernel − 1 − j)·d
 * frames, of an anti-causal one x advanced by j·d, zeros where that falls outside the sequence. The tap
 * reading frame t itself is x, uncopied; the others are slices of one padded copy.
 */
function shiftedTaps(x: tf.Tensor3D, kernel: number, dilation: number, direction: ConvDirection): tf.Tensor2D[] {
  const [batch, frames, channels] = x.shape;
  const reach = (kernel - 1) * dilation;
  const padded = reach > 0 ? tf.pad(x, [[0, 0], direction === "causal" ? [reach, 0] : [0, reach], [0, 0]]) : x;
  return Array.from({ length: kernel }, (_, j) => {
    const offset = tapOffset(j, kernel, dilation, direction);
    const start = direction === "causal" ? reach - offset : offset;
    const tap = offset === 0 ? x : tf.slice(padded, [0, start, 0], [batch, frames, channels]);
    return tf.reshape(tap, [batch * frames, channels]) as tf.Tensor2D;
  });
}

/** Σ_j taps[j] · w_j over the kernel's row blocks w_j [C, Cout]: the conv's output as [B·T, Cout], no bias. */
function tapProducts(taps: readonly tf.Tensor2D[], w: tf.Tensor2D): tf.Tensor2D {
  const channels = taps[0]!.shape[1];
  const products = taps.map((tap, j) => tf.matMul(tap, tf.slice(w, [j * channels, 0], [channels, w.shape[1]])));
  return (products.length === 1 ? products[0]! : tf.addN(products)) as tf.Tensor2D;
}

/**
 * Dilated 1-D convolution over time. x [B, T, Cin] (frames × channels), w [kernel * Cin, Cout] with the
 * taps stacked in frame order (for a causal kernel of 3: rows 0..Cin-1 weigh frame t-2d, the last Cin rows
 * frame t), b [Cout]. Zero padding keeps T frames. Returns [B, T, Cout].
 *
 * Computed as one matrix product per tap, summed (rather than one product over the taps concatenated: the
 * concatenation and its gradient's split move every activation twice more, and on wasm those copies cost
 * more than the products). The gradient is written by hand: the input's is the mirror-image conv of dy (the
 * other direction, taps in reverse order, each block transposed); tap j's weights get tapⱼᵀ·dy. With
 * `inputGradient` false (the input is data, not a layer's output) the input's gradient is zeros, uncomputed.
 */
export function dilatedConv1d(x: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, dilation: number, direction: ConvDirection, inputGradient = true): tf.Tensor3D {
  const [batch, frames, cin] = x.shape;
  const kernel = w.shape[0] / cin;
  if (!Number.isInteger(kernel)) throw new Error(`dilatedConv1d: weight rows ${w.shape[0]} not a multiple of ${cin} channels`);
  const cout = w.shape[1];
  const mirror: ConvDirection = direction === "causal" ? "anticausal" : "causal";
  const op = tf.customGrad((xIn, wIn, bIn, save) => {
    const ww = wIn as tf.Tensor2D;
    const taps = shiftedTaps(xIn as tf.Tensor3D, kernel, dilation, direction);
    (save as tf.GradSaveFunc)([ww, ...taps]);
    return {
      value: tf.reshape(tf.add(tapProducts(taps, ww), bIn as tf.Tensor1D), [batch, frames, cout]),
      gradFunc: (dyIn, saved) => {
        const [ws, ...tapsSaved] = saved as tf.Tensor2D[];
        const dy = tf.reshape(dyIn as tf.Tensor, [batch * frames, cout]) as tf.Tensor2D;
        const block = (j: number) => tf.slice(ws!, [j * cin, 0], [cin, cout]);
        let dx: tf.Tensor;
        if (inputGradient) {
          // Tap j of this conv carries x[t ∓ offset_j] to y[t]; back, dy[t] goes to x[t ∓ offset_j]: the mirror
          // conv, whose tap j has this conv's offset of tap kernel − 1 − j, weighing with that block transposed.
          const mirrored = tf.concat(Array.from({ length: kernel }, (_, j) => tf.transpose(block(kernel - 1 - j))), 0) as tf.Tensor2D;
          dx = tf.reshape(tapProducts(shiftedTaps(tf.reshape(dy, [batch, frames, cout]) as tf.Tensor3D, kernel, dilation, mirror), mirrored), [batch, frames, cin]);
        } else {
          dx = tf.zeros([batch, frames, cin]);
        }
        if (matMulTransposesFree()) {
          const dw = tf.concat(tapsSaved.map((tap) => tf.matMul(tap, dy, true, false)), 0);
          return [dx, dw, tf.reshape(columnSums(dy), [cout])];
        }
        // tapⱼᵀ·dy = (dyᵀ·tapⱼ)ᵀ: one transpose of dy serves every tap, and only the small products turn back;
        // the bias's gradient, dy's column sums, is then dyᵀ·1 (a ones column is cheaper to repack than dy).
        const dyT = tf.transpose(dy) as tf.Tensor2D;
        const dw = tf.transpose(tf.concat(tapsSaved.map((tap) => tf.matMul(dyT, tap)), 1));
        return [dx, dw, tf.reshape(tf.matMul(dyT, tf.ones([batch * frames, 1])), [cout])];
      },
    };
  });
  return op(x, w, b) as tf.Tensor3D;
}

/** ONNX Runtime's fused fronts by kernel shape (null: the runtime did not load). */
const nativeFronts = new Map<string, FrontForward | null>();

function nativeFront(taps: number, kernelBands: number, dilation: number): FrontForward | null {
  const key = `${taps}×${kernelBands}/${dilation}`;
  if (!nativeFronts.has(key)) nativeFronts.set(key, loadFrontForward(taps, kernelBands, dilation));
  return nativeFronts.get(key)!;
}

/**
 * A conv over time and bands whose kernel is shared along the bands, then each filter's maximum over the band
 * positions: x [B, T, F] (frames × bands), w [taps · kernelBands, C] (row j · kernelBands + q weighs tap j,
 * in frame order and causal as dilatedConv1d's, at band q of the kernel), b [C]. Zero padding in time keeps
 * T frames; none along the bands, so F − kernelBands + 1 positions. Returns [B, T, C]: what each filter found
 * at its best position, whichever that is (a pattern slid along the bands gives the same output).
 *
 * The patches are gathered once into [B·T·positions, taps · kernelBands] and multiplied in one product. x is
 * data here (the model's input, resampled): no gradient flows back into it, only into w and b.
 */
export function bandConvMax(x: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, kernelBands: number, dilation: number, referenceOnly = false): tf.Tensor3D {
  const [batch, frames, bands] = x.shape;
  const taps = w.shape[0] / kernelBands;
  if (!Number.isInteger(taps)) throw new Error(`bandConvMax: weight rows ${w.shape[0]} not a multiple of ${kernelBands} kernel bands`);
  const positions = bands - kernelBands + 1;
  if (positions < 1) throw new Error(`bandConvMax: a kernel of ${kernelBands} bands does not fit in ${bands}`);
  // With training's products on a native GEMM, the front runs fused on ONNX Runtime (bandConvMaxNative.ts):
  // the same values and weight gradients without the large intermediate tensors. This form stays as the
  // reference, and the fallback where the runtime does not load.
  const front = referenceOnly || !routedGemm() ? null : nativeFront(taps, kernelBands, dilation);
  if (front) return bandConvMaxNative(x, w, b, kernelBands, dilation, front, trainingThreads());
  const filters = w.shape[1];
  const patches = tf.tidy(() => {
    const delayed = tf.concat(shiftedTaps(x, taps, dilation, "causal"), 1);
    // Position p reads, for each tap j and kernel band q, column j · bands + p + q of the taps side by side.
    const columns = new Int32Array(positions * taps * kernelBands);
    for (let p = 0; p < positions; p++) {
      for (let j = 0; j < taps; j++) for (let q = 0; q < kernelBands; q++) columns[(p * taps + j) * kernelBands + q] = j * bands + p + q;
    }
    return tf.reshape(tf.gather(delayed, tf.tensor1d(columns, "int32"), 1), [batch * frames * positions, taps * kernelBands]) as tf.Tensor2D;
  });
  // The product with a gradient for the weights and bias only (linear's would also work out the patches').
  const product = tf.customGrad((wIn, bIn, save) => {
    (save as tf.GradSaveFunc)([patches]);
    return {
      value: tf.add(tf.matMul(patches, wIn as tf.Tensor2D), bIn as tf.Tensor1D),
      gradFunc: (dyIn, saved) => {
        const dy = dyIn as tf.Tensor2D;
        const [xs] = saved as [tf.Tensor2D];
        const dw = matMulTransposesFree() ? tf.matMul(xs, dy, true, false) : tf.matMul(tf.transpose(xs), dy);
        return [dw, tf.reshape(columnSums(dy), [filters])];
      },
    };
  });
  const responses = tf.reshape(product(w, b), [batch * frames, positions, filters]) as tf.Tensor3D;
  return tf.reshape(maxOverTime(responses), [batch, frames, filters]) as tf.Tensor3D;
}

/**
 * The maximum over time of x [B, T, C]: [B, C] (or over whatever axis 1 holds: bandConvMax's positions). Its gradient goes to the frames that hold the maximum (each of
 * them, on ties), as the built-in one; written by hand because the built-in compares x with the broadcast
 * maximum, and a broadcasting comparison runs some 15x slower on wasm than a subtraction and a comparison
 * with zero.
 */
export function maxOverTime(x: tf.Tensor3D): tf.Tensor2D {
  const [batch, , channels] = x.shape;
  const op = tf.customGrad((xIn, save) => {
    const y = tf.max(xIn as tf.Tensor3D, 1) as tf.Tensor2D;
    (save as tf.GradSaveFunc)([xIn as tf.Tensor3D, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [xs, ys] = saved as [tf.Tensor3D, tf.Tensor2D];
        const atMax = tf.cast(tf.equal(tf.sub(xs, tf.reshape(ys, [batch, 1, channels])), 0), "float32");
        return tf.mul(atMax, tf.reshape(dy as tf.Tensor2D, [batch, 1, channels]));
      },
    };
  });
  return op(x) as tf.Tensor2D;
}

/** Batch statistics seen in training, per batch-norm layer, for the moving averages used at inference. */
export type BatchStats = Map<string, { mean: tf.Tensor1D; variance: tf.Tensor1D }>;

export const BN_EPSILON = 1e-3;

/**
 * Batch normalisation of x [N, C] per column, with a hand-written gradient. Training mode normalises by the
 * batch's statistics and records them in `stats` (kept tensors; the caller disposes them); inference mode uses
 * the moving averages.
 */
export function batchNorm(
  x: tf.Tensor2D,
  p: { gamma: tf.Tensor1D; beta: tf.Tensor1D; movingMean: tf.Tensor1D; movingVariance: tf.Tensor1D },
  training: { name: string; stats: BatchStats } | null,
): tf.Tensor2D {
  if (!training) {
    const scale = tf.mul(p.gamma, tf.rsqrt(tf.add(p.movingVariance, BN_EPSILON)));
    return tf.add(tf.mul(tf.sub(x, p.movingMean), scale), p.beta);
  }
  const n = x.shape[0];
  const op = tf.customGrad((xIn, gIn, bIn, save) => {
    const xx = xIn as tf.Tensor2D;
    const gamma = gIn as tf.Tensor1D;
    const mean = tf.div(columnSums(xx), n);
    const centered = tf.sub(xx, mean);
    const variance = tf.div(columnSums(tf.square(centered)), n);
    const invStd = tf.rsqrt(tf.add(variance, BN_EPSILON));
    const xhat = tf.mul(centered, invStd) as tf.Tensor2D;
    training.stats.set(training.name, {
      mean: tf.keep(tf.reshape(mean, [-1])) as tf.Tensor1D,
      variance: tf.keep(tf.reshape(variance, [-1])) as tf.Tensor1D,
    });
    (save as tf.GradSaveFunc)([xhat, invStd, gamma]);
    return {
      value: tf.add(tf.mul(xhat, gamma), bIn as tf.Tensor1D),
      gradFunc: (dyIn, saved) => {
        const dy = dyIn as tf.Tensor2D;
        const [xh, inv, g] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const dbeta = columnSums(dy);
        const dgamma = columnSums(tf.mul(dy, xh));
        // dx = γ/(σN) · (N·dy − Σdy − x̂·Σ(dy·x̂))
        const inner = tf.sub(tf.sub(tf.mul(dy, n), dbeta), tf.mul(xh, dgamma));
        const dx = tf.mul(inner, tf.div(tf.mul(inv, g), n));
        return [dx, tf.reshape(dgamma, [-1]), tf.reshape(dbeta, [-1])];
      },
    };
  });
  return op(x, p.gamma, p.beta) as tf.Tensor2D;
}

/** Applies one training step's batch statistics to the moving averages (momentum as in Keras), then frees them. */
export function updateMovingStats(variables: Map<string, tf.Variable>, stats: BatchStats, momentum: number): void {
  for (const [name, s] of stats) {
    tf.tidy(() => {
      const mean = variables.get(`${name}.movingMean`)!;
      const variance = variables.get(`${name}.movingVariance`)!;
      mean.assign(tf.add(tf.mul(mean, momentum), tf.mul(s.mean, 1 - momentum)));
      variance.assign(tf.add(tf.mul(variance, momentum), tf.mul(s.variance, 1 - momentum)));
    });
    s.mean.dispose();
    s.variance.dispose();
  }
  stats.clear();
}
