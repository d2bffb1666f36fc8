// The fused front on ONNX Runtime (bandConvMaxNative.ts) against the TensorFlow.js reference (layers.ts
// bandConvMax with referenceOnly): the same outputs and weight and bias gradients, a dilation reaching back
// past the start, one and two threads; and the weight gradient on a case worked by hand.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Random } from "../../core/random.ts";
import { initBackend } from "./backend.ts";
import { bandConvMaxNative, bandConvMaxWeightGradient, loadFrontForward, type FrontForward } from "./bandConvMaxNative.ts";
import { bandConvMax } from "./layers.ts";

await initBackend();

function randomArray(n: number, seed: number): Float32Array {
  const rng = new Random(seed, "band-conv-max-native");
  return Float32Array.from({ length: n }, () => rng.normal());
}

function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / Math.max(scale, 1e-12);
}

describe("bandConvMaxNative", () => {
  // 3 sequences of 40 frames, 30 bands; kernels of 3 taps × 5 bands at dilation 4 reach 8 frames back.
  const [batch, frames, bands, kernelBands, taps, filters, dilation] = [3, 40, 30, 5, 3, 7, 4];
  const front = loadFrontForward(taps, kernelBands, dilation);

  it("loads (ONNX Runtime ships with npm ci)", () => {
    assert.ok(front);
  });

  const x = tf.tensor3d(randomArray(batch * frames * bands, 1), [batch, frames, bands]);
  const w = tf.tensor2d(randomArray(taps * kernelBands * filters, 2), [taps * kernelBands, filters]);
  const b = tf.tensor1d(randomArray(filters, 3));
  const probe = tf.tensor3d(randomArray(batch * frames * filters, 4), [batch, frames, filters]);
  const run = (layer: (wv: tf.Tensor2D, bv: tf.Tensor1D) => tf.Tensor3D) => {
    const [dw, db] = tf.grads((wv, bv) => tf.sum(tf.mul(layer(wv as tf.Tensor2D, bv as tf.Tensor1D), probe)) as tf.Scalar)([w, b]);
    const y = layer(w, b);
    return { y: y.dataSync(), dw: dw!.dataSync(), db: db!.dataSync(), shape: y.shape };
  };
  const reference = run((wv, bv) => bandConvMax(x, wv, bv, kernelBands, dilation, true));

  for (const threads of [1, 2]) {
    it(`equals the reference's outputs and weight and bias gradients (${threads} thread${threads > 1 ? "s" : ""})`, () => {
      const ours = run((wv, bv) => bandConvMaxNative(x, wv, bv, kernelBands, dilation, front as FrontForward, threads));
      assert.deepEqual(ours.shape, [batch, frames, filters]);
      assert.ok(maxRelativeError(ours.y, reference.y) < 1e-5, `outputs: ${maxRelativeError(ours.y, reference.y)}`);
      assert.ok(maxRelativeError(ours.dw, reference.dw) < 1e-5, `weight gradient: ${maxRelativeError(ours.dw, reference.dw)}`);
      assert.ok(maxRelativeError(ours.db, reference.db) < 1e-5, `bias gradient: ${maxRelativeError(ours.db, reference.db)}`);
    });
  }

  it("gives the same bits on one and two threads, so a build's weights do not depend on its threads", () => {
    // The cpu preset's shapes: 64 sequences of 64 frames on the 73-step grid, 3 taps × 12 semitones, 64 filters.
    const wide = loadFrontForward(3, 12, 1) as FrontForward;
    const input = randomArray(64 * 64 * 73, 6);
    const [wv, bv] = [randomArray(36 * 64, 7), randomArray(64, 8)];
    const one = wide.run(input, 64, 64, 73, wv, bv, 1);
    const two = wide.run(input, 64, 64, 73, wv, bv, 2);
    wide.dispose();
    assert.deepEqual(two.max, one.max);
    assert.deepEqual(two.argmax, one.argmax);
  });

  it("a frame's output reads only that frame and the ones its taps reach back to", () => {
    const base = randomArray(frames * bands, 5);
    const outputs = (values: Float32Array) => bandConvMaxNative(tf.tensor3d(values, [1, frames, bands]), w, b, kernelBands, dilation, front as FrontForward, 1).dataSync();
    const before = outputs(base);
    const changed = base.slice();
    for (let band = 0; band < bands; band++) changed[10 * bands + band]! += 3;
    const after = outputs(changed);
    const moved = (t: number) => Array.from({ length: filters }, (_, f) => t * filters + f).some((i) => after[i] !== before[i]);
    assert.deepEqual(Array.from({ length: frames }, (_, t) => moved(t)), Array.from({ length: frames }, (_, t) => t === 10 || t === 14 || t === 18));
  });

  it("the weight gradient, worked by hand", () => {
    // One sequence of 2 frames, 3 bands: x = [[1, 2, 3], [4, 5, 6]]; kernels 2 taps × 2 bands at dilation 1,
    // one filter. Frame 0's maximum at position 1, frame 1's at position 0; dy = [10, 100].
    // Tap 0 reads the frame before (none for frame 0), tap 1 the frame itself:
    // dW[tap 0] = 100 · x[0, 0..1] = [100, 200]; dW[tap 1] = 10 · x[0, 1..2] + 100 · x[1, 0..1] = [420, 530].
    const { dw, db } = bandConvMaxWeightGradient(Float32Array.of(1, 2, 3, 4, 5, 6), Uint16Array.of(1, 0), Float32Array.of(10, 100), {
      batch: 1, frames: 2, bands: 3, taps: 2, kernelBands: 2, filters: 1, dilation: 1,
    });
    assert.deepEqual([...dw], [100, 200, 420, 530]);
    assert.deepEqual([...db], [110]);
  });
});
