// The wasm backend's Slice, replaced by one that copies from the input's place in memory (wasmSlice.ts), must
// give TensorFlow.js's own answers: a hand-worked box, then every rank the training code and TF.js's
// gradients use, whole and cut axes in every position, float32 and int32, against the original kernel.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Random } from "../../core/random.ts";
import { initBackend } from "./backend.ts";
import { copyBox, sliceInPlace } from "./wasmSlice.ts";

describe("copyBox", () => {
  it("copies a box of a [2, 3, 4] array, hand-worked", () => {
    const from = Float32Array.from({ length: 24 }, (_, i) => i);
    // Rows 1..2 of each of the 2 blocks, columns 1..2: per block, values 4b·3 + 4r + c.
    const to = new Float32Array(8);
    copyBox(from, to, [2, 3, 4], [0, 1, 1], [2, 2, 2]);
    assert.deepEqual(Array.from(to), [5, 6, 9, 10, 17, 18, 21, 22]);
    // Frames 1..2 of every channel: whole rows, so two runs of 8.
    const rows = new Float32Array(16);
    copyBox(from, rows, [2, 3, 4], [0, 1, 0], [2, 2, 4]);
    assert.deepEqual(Array.from(rows), [4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23]);
    // The second block whole: one run.
    const block = new Float32Array(12);
    copyBox(from, block, [2, 3, 4], [1, 0, 0], [1, 3, 4]);
    assert.deepEqual(Array.from(block), Array.from({ length: 12 }, (_, i) => 12 + i));
  });

  it("copies nothing for an empty box and the value of a scalar", () => {
    const to = Float32Array.of(7);
    copyBox(Float32Array.of(1, 2), to, [2], [1], [0]);
    assert.deepEqual(Array.from(to), [7]);
    copyBox(Float32Array.of(3), to, [], [], []);
    assert.deepEqual(Array.from(to), [3]);
  });
});

const info = await initBackend();

describe("the in-place wasm Slice kernel", { skip: info.name !== "wasm" && "TensorFlow.js runs on tfjs-node here" }, () => {
  after(() => sliceInPlace(true));

  it("gives the original kernel's slices for ranks 1 to 5, float32 and int32", () => {
    const random = new Random(4, "wasm-slice");
    for (let trial = 0; trial < 60; trial++) {
      const rank = 1 + (trial % 5);
      const shape = Array.from({ length: rank }, () => 1 + random.int(5));
      const begin = shape.map((n) => random.int(n));
      const size = shape.map((n, axis) => (random.int(3) === 0 ? -1 : random.int(n - begin[axis]! + 1)));
      const dtype = trial % 2 === 0 ? "float32" : "int32";
      const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.int(1000) - 500);
      const x = tf.tensor(values, shape, dtype);
      const slices = [false, true].map((on) => {
        sliceInPlace(on);
        const y = tf.slice(x, begin, size);
        const result = { shape: y.shape, values: Array.from(y.dataSync()), dtype: y.dtype };
        y.dispose();
        return result;
      });
      assert.deepEqual(slices[1], slices[0], `shape ${shape} begin ${begin} size ${size} ${dtype}`);
      x.dispose();
    }
  });

  it("gives the original kernel's gradient through a slice", () => {
    const x = tf.tensor3d(Array.from({ length: 2 * 5 * 3 }, (_, i) => i / 7), [2, 5, 3]);
    const grads = [false, true].map((on) => {
      sliceInPlace(on);
      const g = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.slice(input, [0, 1, 0], [2, 3, 3]), tf.slice(input, [0, 2, 0], [2, 3, 3]))))(x);
      const values = Array.from(g.dataSync());
      g.dispose();
      return values;
    });
    assert.deepEqual(grads[1], grads[0]);
    x.dispose();
  });
});
