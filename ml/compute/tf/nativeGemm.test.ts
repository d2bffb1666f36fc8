// Training's matrix products give the same answers whichever GEMM computes them: TensorFlow.js's own wasm
// kernel and every native GEMM that loads here (ONNX Runtime's always, after `npm ci`; nblas where installed)
// run one suite, for every case the training code produces: plain, either side transposed, batched, a batch
// of one broadcast. A TCAE training step does not depend on the route beyond float rounding.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { TCAE_PRESETS } from "../../config.ts";
import { Random } from "../../core/random.ts";
import { MEL_BANDS } from "../../data/melon.ts";
import { TcaeTrainer, type TcaeConfig } from "../../models/tcae.ts";
import { activeBackend, initBackend, matMulTransposesFree } from "./backend.ts";
import { loadNativeGemms, routeMatMul, routedGemm, type NativeGemm } from "./nativeGemm.ts";

/** A · B in double precision, for [batch?, rows, cols] arrays. */
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
const chosen = routedGemm();
const gemms = await loadNativeGemms();
const routes: { label: string; gemm: NativeGemm | null }[] = [{ label: "TensorFlow.js's wasm kernel", gemm: null }, ...gemms.map((gemm) => ({ label: gemm.name, gemm }))];

after(() => {
  routeMatMul(chosen);
  for (const gemm of gemms) gemm.dispose();
});

describe("the native GEMMs", { skip: info.name !== "wasm" && "TensorFlow.js runs on tfjs-node here: nothing is routed" }, () => {
  it("include ONNX Runtime's, which ships in the npm package, and training uses the first of them", async () => {
    assert.ok(gemms.some((gemm) => gemm.name.startsWith("onnxruntime ")), gemms.map((gemm) => gemm.name).join(", "));
    assert.equal(chosen?.name, gemms[0]!.name);
    assert.match(await activeBackend(), / \+ native GEMM \((onnxruntime|nblas)/);
  });

  for (const { label, gemm } of routes) {
    it(`${label}: matches a double-precision product for every transpose and batch layout`, () => {
      routeMatMul(gemm);
      assert.equal(matMulTransposesFree(), gemm !== null);
      const random = new Random(6, "native-gemm");
      const cases: [number[], number[], boolean, boolean][] = [
        [[5, 7], [7, 3], false, false],
        [[7, 5], [7, 3], true, false],
        [[5, 7], [3, 7], false, true],
        [[7, 5], [3, 7], true, true],
        [[4, 5, 7], [4, 7, 3], false, false],
        [[1, 5, 7], [4, 7, 3], false, false],
        [[4, 7, 5], [1, 3, 7], true, true],
        // Above the size where ONNX Runtime may use a second thread.
        [[300, 700], [700, 500], false, false],
      ];
      for (const [aShape, bShape, ta, tb] of cases) {
        const a = Float32Array.from({ length: aShape.reduce((x, y) => x * y, 1) }, () => random.normal());
        const b = Float32Array.from({ length: bShape.reduce((x, y) => x * y, 1) }, () => random.normal());
        const product = tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb);
        const got = product.dataSync();
        const expected = reference(a, aShape, b, bShape, ta, tb);
        assert.equal(got.length, expected.length);
        for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-3, `${aShape}×${bShape} ${ta} ${tb}: value ${i}: ${got[i]} against ${expected[i]}`);
        product.dispose();
      }
    });
  }

  it("ONNX Runtime's gives the same bits on one thread and on two (a build's weights do not depend on its threads)", () => {
    const onnx = gemms.find((gemm) => gemm.name.startsWith("onnxruntime "))!;
    const random = new Random(7, "native-gemm-threads");
    const [m, n, k] = [400, 384, 700];
    const a = Float32Array.from({ length: m * k }, () => random.normal());
    const b = Float32Array.from({ length: k * n }, () => random.normal());
    for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
      const one = new Float32Array(m * n);
      const two = new Float32Array(m * n);
      onnx.multiply(ta, tb, m, n, k, a, b, one, 1);
      onnx.multiply(ta, tb, m, n, k, a, b, two, 2);
      assert.deepEqual(two, one, `transA ${ta} transB ${tb}`);
    }
  });

  it("a TCAE training step gives the same loss and weights through every route, to float rounding", async () => {
    const config: TcaeConfig = { ...TCAE_PRESETS.cpu, channels: [16, 16], dilations: [1, 2], frames: 64, pool: 4, embeddingDim: 8, batchSize: 4 };
    const random = new Random(3, "native-gemm-tcae");
    const windows = Float32Array.from({ length: 8 * 16 * MEL_BANDS }, () => random.normal());
    const identity = { mean: new Float32Array(MEL_BANDS), std: new Float32Array(MEL_BANDS).fill(1) };
    const results = [];
    for (const { gemm } of routes) {
      routeMatMul(gemm);
      const trainer = new TcaeTrainer(config, identity, 2);
      const losses = [await trainer.step(windows, 8, true), await trainer.step(windows, 8, true)];
      results.push({ losses, kernel: trainer.snapshot().get("enc1.kernel")!.data });
      trainer.dispose();
    }
    const [first, ...others] = results;
    others.forEach((other, i) => {
      for (let s = 0; s < 2; s++) assert.ok(Math.abs(other.losses[s]! - first!.losses[s]!) < 1e-4 * Math.abs(first!.losses[s]!), `${routes[i + 1]!.label}: step ${s} loss ${other.losses[s]} against ${first!.losses[s]}`);
      let max = 0;
      for (let j = 0; j < first!.kernel.length; j++) max = Math.max(max, Math.abs(other.kernel[j]! - first!.kernel[j]!));
      assert.ok(max < 1e-4, `${routes[i + 1]!.label}: weights differ by ${max}`);
    });
  });
});
