// The layers TCAE and CEL are built from, written with ops whose gradients exist on every tfjs backend.
// tfjs 4.22 refuses dilated conv gradients, has no 'causal' padding, and the wasm backend lacks
// Conv2DBackpropFilter; so a dilated conv here is pad + shifted slices + one matMul (im2col). The matMul's
// gradient is written by hand because the built-in one uses transpose flags, which run 7-10x slower on wasm
// than an explicit transpose followed by a plain matMul; batch norm's is the closed form, a few passes over
// the activations instead of differentiating the moments op by op.
import * as tf from "@tensorflow/tfjs";
import { matMulTransposesFree } from "./backend.ts";

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
        // dW = xᵀ·dy [K, M]. The wasm matMul repacks its right operand on every call, which costs more than a
        // transpose, so the smaller of x [N,K] and dy [N,M] goes on the right: xᵀ·dy, or (dyᵀ·x)ᵀ when K < M.
        const dw = ws.shape[1] <= ws.shape[0] ? tf.matMul(tf.transpose(xs), dy) : tf.transpose(tf.matMul(tf.transpose(dy), xs));
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

/**
 * Dilated 1-D convolution over time. x [B, T, Cin] (frames × channels), w [kernel * Cin, Cout] with the
 * taps stacked in frame order (for a causal kernel of 3: rows 0..Cin-1 weigh frame t-2d, the last Cin rows
 * frame t), b [Cout]. Zero padding keeps T frames. Returns [B, T, Cout].
 */
export function dilatedConv1d(x: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, dilation: number, direction: ConvDirection): tf.Tensor3D {
  const [batch, frames, cin] = x.shape;
  const kernel = w.shape[0] / cin;
  if (!Number.isInteger(kernel)) throw new Error(`dilatedConv1d: weight rows ${w.shape[0]} not a multiple of ${cin} channels`);
  const reach = (kernel - 1) * dilation;
  const padded = tf.pad(x, [[0, 0], direction === "causal" ? [reach, 0] : [0, reach], [0, 0]]);
  const taps: tf.Tensor3D[] = [];
  for (let j = 0; j < kernel; j++) taps.push(tf.slice(padded, [0, j * dilation, 0], [batch, frames, cin]));
  const columns = tf.reshape(kernel === 1 ? taps[0]! : tf.concat(taps, 2), [batch * frames, kernel * cin]) as tf.Tensor2D;
  return tf.reshape(linear(columns, w, b), [batch, frames, w.shape[1]]) as tf.Tensor3D;
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
