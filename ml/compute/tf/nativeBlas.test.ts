// The optional native matrix product (nativeBlas.ts) must give TensorFlow.js's answers for every case the
// training code produces: plain, either side transposed, batched, a batch of one broadcast. Skipped where the
// binding is not installed (it never is after a plain `npm ci`).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Random } from "../../core/random.ts";
import { initBackend } from "./backend.ts";

/** A · B in double precision, for [batch?, rows, cols] arrays given as nested shapes. */
function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], ta: boolean, tb: boolean): number[] {
  const batchA = aShape.length === 3 ? aShape[0]! : 1;
  const batchB = bShape.length === 3 ? bShape[0]! : 1;
  const [ar, ac] = aShape.slice(-2) as [number, number];
  const [br, bc] = bShape.slice(-2) as [number, number];
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const n = tb ? br : bc;
  const out: number[] = [];
  for (let i = 0; i < Math.max(batchA, batchB); i++) {
    const oa = (batchA === 1 ? 0 : i) * ar * ac;
    const ob = (batchB === 1 ? 0 : i) * br * bc;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += a[oa + (ta ? j * ac + r : r * ac + j)]! * b[ob + (tb ? c * bc + j : j * bc + c)]!;
        out.push(sum);
      }
    }
  }
  return out;
}

const info = await initBackend();

describe("native BLAS matrix products", { skip: info.nativeBlas === null && "no native BLAS binding installed (optional)" }, () => {
  it("match the products of TensorFlow.js for every transpose and batch layout", () => {
    const random = new Random(6, "native-blas");
    const cases: [number[], number[], boolean, boolean][] = [
      [[5, 7], [7, 3], false, false],
      [[7, 5], [7, 3], true, false],
      [[5, 7], [3, 7], false, true],
      [[7, 5], [3, 7], true, true],
      [[4, 5, 7], [4, 7, 3], false, false],
      [[1, 5, 7], [4, 7, 3], false, false],
      [[4, 7, 5], [1, 3, 7], true, true],
    ];
    for (const [aShape, bShape, ta, tb] of cases) {
      const a = Float32Array.from({ length: aShape.reduce((x, y) => x * y, 1) }, () => random.normal());
      const b = Float32Array.from({ length: bShape.reduce((x, y) => x * y, 1) }, () => random.normal());
      const product = tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb);
      const got = product.dataSync();
      const expected = reference(a, aShape, b, bShape, ta, tb);
      assert.equal(got.length, expected.length);
      for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-4, `${aShape}×${bShape} ${ta} ${tb}: value ${i}`);
      product.dispose();
    }
  });
});
