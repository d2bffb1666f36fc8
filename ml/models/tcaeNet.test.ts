// The TCAE and CEL descriptions run on the compute backend must compute what the models' own TensorFlow.js
// forward passes compute (tcae.ts encodeWindows via TcaeEncoder, cel.ts celForwardTf), on trained weights.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MEL_BANDS } from "../data/melon.ts";
import { Random } from "../core/random.ts";
import { createOnnxNetEngine } from "../compute/netOnnx.ts";
import { tfNetEngine } from "../compute/netTf.ts";
import type { Net } from "../compute/net.ts";
import { normalizeRows } from "../compute/topk.ts";
import { decodeTensors } from "../compute/tf/tensorFile.ts";
import { DEFAULT_CEL, TCAE_PRESETS } from "../config.ts";
import { TcaeEncoder, TcaeTrainer, type TcaeConfig, type TcaeModel } from "./tcae.ts";
import { tcaeEncoderNet } from "./tcaeNet.ts";
import { celForwardTf, trainCel } from "./cel.ts";
import { celNet } from "./celNet.ts";

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/**
 * A model after three Adam steps on six random windows drawn from `random` (so batch norm's moving statistics
 * have moved), and those windows. With `pairs`, rows k and k + 3 are two views of one song (the invariance term).
 */
async function brieflyTrained(config: TcaeConfig, random: Random, pairs: boolean): Promise<{ model: TcaeModel; windows: Float32Array }> {
  const window = config.frames / config.pool;
  const windows = Float32Array.from({ length: 6 * window * MEL_BANDS }, () => random.normal());
  const trainer = new TcaeTrainer(config, { mean: new Float32Array(MEL_BANDS), std: new Float32Array(MEL_BANDS).fill(1) });
  for (let step = 0; step < 3; step++) await trainer.step(windows, 6, pairs);
  const model = { config, params: trainer.snapshot(), lossHistory: [] };
  trainer.dispose();
  return { model, windows };
}

/** Runs `net` on ONNX Runtime and on TensorFlow.js and checks both give `expected`. */
async function assertEnginesGive(net: Net, windows: Float32Array, count: number, frames: number | undefined, expected: Float32Array, label = ""): Promise<void> {
  for (const engine of [await createOnnxNetEngine(2), tfNetEngine]) {
    const runner = await engine.open(net);
    const diff = maxAbsDiff(await runner.run({ windows }, count, frames), expected);
    runner.dispose();
    assert.ok(diff < 1e-4, `${engine.description}${label}: max abs difference ${diff}`);
  }
}

describe("the original TCAE encoder description (okm: dense head over the flattened crop)", () => {
  it("gives TcaeEncoder's embeddings on ONNX Runtime and on TensorFlow.js, after training steps moved batch norm", async () => {
    const config: TcaeConfig = { ...TCAE_PRESETS.okm, channels: [16, 8], dilations: [1, 2], frames: 64, pool: 4, embeddingDim: 12, batchSize: 6 };
    const { model, windows } = await brieflyTrained(config, new Random(1, "tcae-net"), false);
    const encoder = new TcaeEncoder(model);
    const expected = await encoder.encode(windows, 6);
    encoder.dispose();
    await assertEnginesGive(tcaeEncoderNet(model), windows, 6, undefined, expected);
  });
});

describe("the melody TCAE's encoder description (meanMax head: mean and max over time, unscaled batch norm, L2)", () => {
  it("gives TcaeEncoder's embeddings for whole songs of any length, on ONNX Runtime and on TensorFlow.js", async () => {
    const config: TcaeConfig = {
      ...TCAE_PRESETS.cpu,
      channels: [16, 8],
      dilations: [1, 2],
      frames: 64,
      pool: 4,
      embeddingDim: 12,
      batchSize: 3,
      head: "meanMax",
      invariance: 1,
    };
    assert.equal(TCAE_PRESETS.cpu.head, "meanMax", "the default encoder is the one this test describes");
    const window = config.frames / config.pool;
    const random = new Random(3, "tcae-net-meanmax");
    // Steps with the invariance term move every batch norm.
    const { model } = await brieflyTrained(config, random, true);
    const net = tcaeEncoderNet(model);
    assert.deepEqual(net.inputs[0]!.shape, [null, MEL_BANDS], "the meanMax head takes songs of any length");
    const encoder = new TcaeEncoder(model);
    for (const frames of [window, 117]) {
      const songs = Float32Array.from({ length: 5 * frames * MEL_BANDS }, () => random.normal());
      const expected = await encoder.encode(songs, 5, frames);
      for (let row = 0; row < 5; row++) {
        const norm = Math.hypot(...expected.subarray(row * 12, (row + 1) * 12));
        assert.ok(Math.abs(norm - 1) < 1e-4, `unit length, got ${norm}`);
      }
      await assertEnginesGive(net, songs, 5, frames, expected, `, ${frames} frames`);
    }
    encoder.dispose();
  });
});

describe("the TCAE encoder with the transposition-invariant front (semitone grid, maximum over its positions)", () => {
  it("gives TcaeEncoder's embeddings on ONNX Runtime and on TensorFlow.js", async () => {
    const config: TcaeConfig = { ...TCAE_PRESETS.cpu, channels: [8, 6], dilations: [2, 1], frames: 64, pool: 4, embeddingDim: 10, batchSize: 3, transpositionKernel: 7 };
    const random = new Random(4, "tcae-net-front");
    const { model } = await brieflyTrained(config, random, true);
    const net = tcaeEncoderNet(model);
    assert.ok(net.nodes.some((node) => node.op === "maxGroups"), "the front keeps each filter's maximum over the grid");
    const encoder = new TcaeEncoder(model);
    const frames = 41;
    const songs = Float32Array.from({ length: 4 * frames * MEL_BANDS }, () => random.normal());
    const expected = await encoder.encode(songs, 4, frames);
    await assertEnginesGive(net, songs, 4, frames, expected);
    encoder.dispose();
  });
});

describe("the CEL description", () => {
  it("gives celForwardTf's outputs on ONNX Runtime and on TensorFlow.js", async () => {
    const random = new Random(2, "cel-net");
    const n = 40;
    const dim = 8;
    const set = () => ({ ids: Int32Array.from({ length: n }, (_, i) => i), vectors: Float32Array.from({ length: n * dim }, () => random.normal()), dim });
    const tcae = set();
    const music2vec = set();
    const trained = await trainCel(tcae, music2vec, { ...DEFAULT_CEL, embeddingDim: dim, hidden: 6, joint: 10, epochs: 2, batchSize: 8 }, { progress: false });
    const params = decodeTensors(trained.weights).tensors;
    // The network sees each input row at unit length (cel.normalizeInputs, applied before it).
    const a = normalizeRows(tcae.vectors, dim);
    const b = normalizeRows(music2vec.vectors, dim);
    const expected = celForwardTf(params, a, b, n);
    assert.ok(maxAbsDiff(trained.embedding.vectors, expected) < 1e-4, "trainCel's embedding is the network's output");
    for (const engine of [await createOnnxNetEngine(1), tfNetEngine]) {
      const runner = await engine.open(celNet(params));
      const diff = maxAbsDiff(await runner.run({ tcae: a, music2vec: b }, n), expected);
      runner.dispose();
      assert.ok(diff < 1e-5, `${engine.description}: max abs difference ${diff}`);
    }
  });
});
