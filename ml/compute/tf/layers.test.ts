import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Random } from "../../core/random.ts";
import { initBackend } from "./backend.ts";
import { bandConvMax, batchNorm, dilatedConv1d, linear, maxOverTime, type BatchStats } from "./layers.ts";

before(async () => {
  await initBackend();
});

function randomArray(n: number, seed: number): Float32Array {
  const rng = new Random(seed, "layers-test");
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** One conv on [B, T, C] data, as plain numbers. */
function conv(x: Float32Array, shape: [number, number, number], w: Float32Array, cout: number, dilation: number, direction: "causal" | "anticausal"): Float32Array {
  return tf.tidy(() => {
    const kernel = w.length / (shape[2] * cout);
    const y = dilatedConv1d(tf.tensor3d(x, shape), tf.tensor2d(w, [kernel * shape[2], cout]), tf.zeros([cout]) as tf.Tensor1D, dilation, direction);
    return y.dataSync() as Float32Array;
  });
}

test("causal conv: changing frame t leaves every output before t unchanged, and changes some output at t", () => {
  const [b, t, c, cout, d] = [2, 20, 3, 4, 2];
  const x = randomArray(b * t * c, 1);
  const w = randomArray(3 * c * cout, 2);
  const base = conv(x, [b, t, c], w, cout, d, "causal");
  const frame = 9;
  const changed = x.slice();
  for (let ch = 0; ch < c; ch++) changed[(1 * t + frame) * c + ch] = x[(1 * t + frame) * c + ch]! + 5;
  const after = conv(changed, [b, t, c], w, cout, d, "causal");
  for (let s = 0; s < t; s++) {
    for (let o = 0; o < cout; o++) {
      const i = (1 * t + s) * cout + o;
      if (s < frame) assert.equal(after[i], base[i], `output at frame ${s} looked ahead`);
    }
  }
  // The perturbation reaches t, t + d and t + 2d, and nothing else.
  const moved = (s: number) => Array.from({ length: cout }, (_, o) => (1 * t + s) * cout + o).some((i) => after[i] !== base[i]);
  assert.deepEqual([frame, frame + 1, frame + 2, frame + 3, frame + 4].map(moved), [true, false, true, false, true]);
  // The other sequence of the batch is untouched.
  for (let i = 0; i < t * cout; i++) assert.equal(after[i], base[i]);
});

test("anti-causal conv is the causal conv mirrored in time (with its taps reversed)", () => {
  const [b, t, c, cout, d] = [1, 16, 2, 3, 3];
  const x = randomArray(b * t * c, 3);
  const w = randomArray(3 * c * cout, 4);
  const reverseFrames = (v: Float32Array, channels: number) => {
    const out = new Float32Array(v.length);
    for (let s = 0; s < t; s++) out.set(v.subarray(s * channels, (s + 1) * channels), (t - 1 - s) * channels);
    return out;
  };
  // Tap j of the anti-causal kernel weighs frame t + j·d; tap j of the causal one frame t − (2 − j)·d.
  const wReversed = new Float32Array(w.length);
  for (let j = 0; j < 3; j++) wReversed.set(w.subarray(j * c * cout, (j + 1) * c * cout), (2 - j) * c * cout);
  const anti = conv(x, [b, t, c], w, cout, d, "anticausal");
  const mirrored = reverseFrames(conv(reverseFrames(x, c), [b, t, c], wReversed, cout, d, "causal"), cout);
  for (let i = 0; i < anti.length; i++) assert.ok(Math.abs(anti[i]! - mirrored[i]!) < 1e-5, `frame value ${i}: ${anti[i]} vs ${mirrored[i]}`);
  // And it never looks back: changing frame 2 leaves every output after frame 2 unchanged.
  const changed = x.slice();
  changed[2 * c] = changed[2 * c]! + 1;
  const after = conv(changed, [b, t, c], w, cout, d, "anticausal");
  for (let s = 3; s < t; s++) for (let o = 0; o < cout; o++) assert.equal(after[s * cout + o], anti[s * cout + o]);
});

/** Central finite differences of a scalar function of one input, against tf's gradient. */
function checkGradient(f: (x: tf.Tensor) => tf.Scalar, x: Float32Array, shape: number[], tolerance: number) {
  const analytic = tf.tidy(() => tf.grad(f)(tf.tensor(x, shape)).dataSync() as Float32Array);
  const h = 1e-2;
  const value = (v: Float32Array) => tf.tidy(() => f(tf.tensor(v, shape)).dataSync()[0]!);
  for (let i = 0; i < x.length; i++) {
    const up = x.slice();
    const down = x.slice();
    up[i] = x[i]! + h;
    down[i] = x[i]! - h;
    const numeric = (value(up) - value(down)) / (2 * h);
    assert.ok(Math.abs(numeric - analytic[i]!) <= tolerance * (1 + Math.abs(numeric)), `d/dx[${i}]: numeric ${numeric}, analytic ${analytic[i]}`);
  }
}

test("hand-written conv gradients match finite differences (input and weights)", () => {
  const [b, t, c, cout, d] = [2, 7, 2, 3, 2];
  const x = randomArray(b * t * c, 5);
  const w = randomArray(3 * c * cout, 6);
  const r = tf.tensor3d(randomArray(b * t * cout, 7), [b, t, cout]);
  const bias = tf.tensor1d([0.1, -0.2, 0.3]);
  for (const direction of ["causal", "anticausal"] as const) {
    const wT = tf.tensor2d(w, [3 * c, cout]);
    const xT = tf.tensor3d(x, [b, t, c]);
    // A random projection of the output makes every output element matter.
    checkGradient((xx) => tf.sum(tf.mul(dilatedConv1d(xx as tf.Tensor3D, wT, bias, d, direction), r)), x, [b, t, c], 2e-3);
    checkGradient((ww) => tf.sum(tf.mul(dilatedConv1d(xT, ww as tf.Tensor2D, bias, d, direction), r)), w, [3 * c, cout], 2e-3);
    checkGradient((bb) => tf.sum(tf.mul(dilatedConv1d(xT, wT, bb as tf.Tensor1D, d, direction), r)), new Float32Array([0.1, -0.2, 0.3]), [cout], 2e-3);
    tf.dispose([wT, xT]);
  }
  tf.dispose([r, bias]);
});

test("linear gradients match finite differences when the output is wider and narrower than the input", () => {
  for (const [k, m] of [[3, 5], [5, 2]] as const) {
    const x = randomArray(4 * k, 8);
    const w = randomArray(k * m, 9);
    const r = tf.tensor2d(randomArray(4 * m, 10), [4, m]);
    const b = tf.zeros([m]) as tf.Tensor1D;
    const wT = tf.tensor2d(w, [k, m]);
    checkGradient((xx) => tf.sum(tf.mul(linear(xx as tf.Tensor2D, wT, b), r)), x, [4, k], 2e-3);
    const xT = tf.tensor2d(x, [4, k]);
    checkGradient((ww) => tf.sum(tf.mul(linear(xT, ww as tf.Tensor2D, b), r)), w, [k, m], 2e-3);
    tf.dispose([r, b, wT, xT]);
  }
});

test("max over time: the built-in max's values and gradient, ties included (every frame holding the maximum gets it)", () => {
  const [b, t, c] = [2, 5, 3];
  const x = randomArray(b * t * c, 13);
  // Sequence 0, channel 1: frames 1 and 3 tie for the maximum.
  x[1 * c + 1] = 9;
  x[3 * c + 1] = 9;
  const r = tf.tensor2d(randomArray(b * c, 14), [b, c]);
  const xT = tf.tensor3d(x, [b, t, c]);
  const ours = tf.grad((v) => tf.sum(tf.mul(maxOverTime(v as tf.Tensor3D), r)))(xT);
  const builtIn = tf.grad((v) => tf.sum(tf.mul(tf.max(v, 1), r)))(xT);
  assert.deepEqual(maxOverTime(xT).dataSync(), tf.max(xT, 1).dataSync());
  assert.deepEqual(ours.dataSync(), builtIn.dataSync());
  const grad = ours.dataSync();
  assert.equal(grad[1 * c + 1], r.dataSync()[1]);
  assert.equal(grad[3 * c + 1], r.dataSync()[1]);
  // One frame per sequence and channel holds its maximum, but for the tie: b·c + 1 non-zero gradients.
  assert.equal(grad.filter((v) => v !== 0).length, b * c + 1);
  tf.dispose([r, xT, ours, builtIn]);
});

test("batch norm: training output has zero mean and unit variance per column; gradient matches finite differences", () => {
  const [n, c] = [6, 3];
  const x = randomArray(n * c, 11).map((v, i) => v * (1 + (i % c)) + (i % c));
  const params = {
    gamma: tf.tensor1d([1.5, 0.5, 2]),
    beta: tf.tensor1d([0.1, 0, -0.3]),
    movingMean: tf.zeros([c]) as tf.Tensor1D,
    movingVariance: tf.ones([c]) as tf.Tensor1D,
  };
  const stats: BatchStats = new Map();
  const plain = { ...params, gamma: tf.ones([c]) as tf.Tensor1D, beta: tf.zeros([c]) as tf.Tensor1D };
  const y = batchNorm(tf.tensor2d(x, [n, c]), plain, { name: "bn", stats }).arraySync();
  for (let j = 0; j < c; j++) {
    const column = y.map((row) => row[j]!);
    const mean = column.reduce((a, v) => a + v, 0) / n;
    const variance = column.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    assert.ok(Math.abs(mean) < 1e-5);
    assert.ok(Math.abs(variance - 1) < 2e-3, `variance ${variance}`);
  }
  assert.ok(stats.has("bn"));
  const r = tf.tensor2d(randomArray(n * c, 12), [n, c]);
  checkGradient((xx) => tf.sum(tf.mul(batchNorm(xx as tf.Tensor2D, params, { name: "bn", stats: new Map() }), r)), x, [n, c], 2e-2);
});

test("band conv with max over positions: a pattern slid along the bands gives the same output; it is the max of a direct conv", () => {
  const [b, t, bands, kernelBands, taps, filters, d] = [2, 9, 20, 4, 3, 5, 2];
  const content = randomArray(b * t * 8, 11);
  // The same 8 bands of content at bands 3..10 and at 9..16; zeros elsewhere.
  const placed = (at: number) => {
    const x = new Float32Array(b * t * bands);
    for (let row = 0; row < b * t; row++) for (let k = 0; k < 8; k++) x[row * bands + at + k] = content[row * 8 + k]!;
    return x;
  };
  const w = randomArray(taps * kernelBands * filters, 12);
  const bias = randomArray(filters, 13);
  const run = (x: Float32Array) => tf.tidy(() => bandConvMax(tf.tensor3d(x, [b, t, bands]), tf.tensor2d(w, [taps * kernelBands, filters]), tf.tensor1d(bias), kernelBands, d).dataSync() as Float32Array);
  const low = run(placed(3));
  const high = run(placed(9));
  for (let i = 0; i < low.length; i++) assert.ok(Math.abs(low[i]! - high[i]!) < 1e-5, `output ${i}: ${low[i]} against ${high[i]}`);
  // Direct: y[b, t, f] = bias[f] + max over p of Σ_j,q x[b, t − (taps − 1 − j)·d, p + q] · w[j·kernelBands + q, f].
  const x = placed(3);
  for (let n = 0; n < b; n++) {
    for (let frame = 0; frame < t; frame++) {
      for (let f = 0; f < filters; f++) {
        let best = -Infinity;
        for (let p = 0; p + kernelBands <= bands; p++) {
          let sum = 0;
          for (let j = 0; j < taps; j++) {
            const source = frame - (taps - 1 - j) * d;
            if (source < 0) continue;
            for (let q = 0; q < kernelBands; q++) sum += x[(n * t + source) * bands + p + q]! * w[(j * kernelBands + q) * filters + f]!;
          }
          best = Math.max(best, sum);
        }
        const got = low[(n * t + frame) * filters + f]!;
        assert.ok(Math.abs(got - (best + bias[f]!)) < 1e-4, `b ${n} t ${frame} f ${f}: ${got} against ${best + bias[f]!}`);
      }
    }
  }
});

test("band conv with max over positions: weight and bias gradients match finite differences", () => {
  const [b, t, bands, kernelBands, taps, filters, d] = [1, 6, 9, 3, 2, 3, 1];
  const x = tf.tensor3d(randomArray(b * t * bands, 21), [b, t, bands]);
  const w = tf.tensor2d(randomArray(taps * kernelBands * filters, 22), [taps * kernelBands, filters]);
  const bias = tf.tensor1d(randomArray(filters, 23));
  const probe = tf.tensor3d(randomArray(b * t * filters, 24), [b, t, filters]);
  const loss = (wv: tf.Tensor2D, bv: tf.Tensor1D) => tf.sum(tf.mul(bandConvMax(x, wv, bv, kernelBands, d), probe)) as tf.Scalar;
  const [dw, db] = tf.grads((wv, bv) => loss(wv as tf.Tensor2D, bv as tf.Tensor1D))([w, bias]);
  const eps = 1e-2;
  const numeric = (values: Float32Array, i: number, rebuild: (v: Float32Array) => number) => {
    const up = Float32Array.from(values);
    const down = Float32Array.from(values);
    up[i]! += eps;
    down[i]! -= eps;
    return (rebuild(up) - rebuild(down)) / (2 * eps);
  };
  const wv = w.dataSync() as Float32Array;
  const bv = bias.dataSync() as Float32Array;
  const dwv = dw!.dataSync();
  for (let i = 0; i < wv.length; i++) {
    const expected = numeric(wv, i, (v) => loss(tf.tensor2d(v, w.shape), bias).dataSync()[0]!);
    assert.ok(Math.abs(dwv[i]! - expected) < 2e-2, `dw ${i}: ${dwv[i]} against ${expected}`);
  }
  const dbv = db!.dataSync();
  for (let i = 0; i < bv.length; i++) {
    const expected = numeric(bv, i, (v) => loss(w, tf.tensor1d(v)).dataSync()[0]!);
    assert.ok(Math.abs(dbv[i]! - expected) < 2e-2, `db ${i}: ${dbv[i]} against ${expected}`);
  }
});
