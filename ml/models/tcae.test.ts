import assert from "node:assert/strict";
import { test } from "node:test";
import { MEL_BANDS, MEL_FRAMES } from "../data/melon.ts";
import { Random } from "../core/random.ts";
import { TCAE_PRESETS } from "../config.ts";
import { encodeTcae, loadTcae, saveTcae, TcaeEncoder, trainTcae, windowsPerSong, type MelSource, type TcaeConfig } from "./tcae.ts";
import { copyWindow, poolFrames, standardise, windowStarts } from "./tcaeInput.ts";

/**
 * Structured synthetic mels: each song is one of four "melodies" (a band that steps up and down in time,
 * one band lit per note of 16 frames) on a song-specific level, plus a little noise.
 */
function syntheticMels(count: number, seed: number): MelSource {
  const rng = new Random(seed, "tcae-test-mels");
  const mels = new Map<number, Float32Array>();
  for (let id = 0; id < count; id++) {
    const mel = new Float32Array(MEL_BANDS * MEL_FRAMES);
    const melody = id % 4;
    const level = rng.range(-1, 1);
    for (let t = 0; t < MEL_FRAMES; t++) {
      const note = Math.floor(t / 16);
      const band = 8 + melody * 6 + ((note * (melody + 1)) % 7) * 3;
      for (let b = 0; b < MEL_BANDS; b++) mel[b * MEL_FRAMES + t] = level + (b === band ? 4 : 0) + 0.1 * rng.normal();
    }
    mels.set(id * 10, mel);
  }
  return { ids: Int32Array.from(mels.keys()), read: (id) => mels.get(id)! };
}

const TINY: TcaeConfig = {
  preset: "cpu",
  channels: [12, 6],
  dilations: [1, 2],
  embeddingDim: 8,
  frames: 128,
  pool: 4,
  centerSongs: false,
  epochs: 12,
  batchSize: 8,
  learningRate: 1e-2,
  trainSongs: 0,
  seed: 3,
};

const mels = syntheticMels(16, 1);

test("the autoencoder learns: reconstruction loss falls well below its first epoch", async () => {
  const model = await trainTcae(mels, TINY);
  assert.equal(model.lossHistory.length, TINY.epochs);
  const first = model.lossHistory[0]!;
  const last = model.lossHistory[model.lossHistory.length - 1]!;
  assert.ok(last < 0.6 * first, `loss ${first} -> ${last}`);
});

test("the same seed gives the same weights and embeddings; save/load gives identical embeddings", async () => {
  const config = { ...TINY, epochs: 2 };
  const a = await trainTcae(mels, config);
  const b = await trainTcae(mels, config);
  const bytes = saveTcae(a);
  assert.deepEqual(bytes, saveTcae(b));
  const embA = await encodeTcae(a, mels);
  const embLoaded = await encodeTcae(loadTcae(bytes), mels);
  assert.deepEqual(embLoaded.ids, mels.ids);
  assert.equal(embLoaded.dim, 8);
  assert.deepEqual(embLoaded.vectors, embA.vectors);
  assert.ok(embA.vectors.every((v) => v > -1 && v < 1), "tanh embeddings lie in (-1, 1)");
  const other = await trainTcae(mels, { ...config, seed: 4 });
  assert.notDeepEqual(saveTcae(other), bytes);
});

test("a training subset holds at most trainSongs songs, and every song is still encoded", async () => {
  const model = await trainTcae(mels, { ...TINY, epochs: 1, trainSongs: 8, batchSize: 4 });
  const embedding = await encodeTcae(model, mels);
  assert.equal(embedding.ids.length, 16);
  assert.equal(embedding.vectors.length, 16 * 8);
});

test("a song's embedding is the mean of the embeddings of the windows covering it", async () => {
  const model = await trainTcae(mels, { ...TINY, epochs: 1 });
  const embedding = await encodeTcae(model, mels);
  const window = TINY.frames / TINY.pool;
  const stats = { mean: model.params.get("input.mean")!.data, std: model.params.get("input.std")!.data };
  const row = 5;
  const song = standardise(poolFrames(mels.read(mels.ids[row]!), TINY.pool), stats);
  const starts = windowStarts(song.length / MEL_BANDS, window);
  assert.equal(starts.length, windowsPerSong(TINY));
  const windows = new Float32Array(starts.length * window * MEL_BANDS);
  starts.forEach((start, k) => copyWindow(song, start, window, windows, k * window * MEL_BANDS));
  const encoder = new TcaeEncoder(model);
  const each = await encoder.encode(windows, starts.length);
  encoder.dispose();
  for (let j = 0; j < TINY.embeddingDim; j++) {
    let mean = 0;
    for (let k = 0; k < starts.length; k++) mean += each[k * TINY.embeddingDim + j]! / starts.length;
    assert.ok(Math.abs(embedding.vectors[row * TINY.embeddingDim + j]! - mean) < 1e-5);
  }
});

test("configs that cannot work are refused before training", async () => {
  await assert.rejects(trainTcae(mels, { ...TINY, frames: 130 }), /tcae.frames is 130 \(number\), expected a multiple of tcae.pool/);
  await assert.rejects(trainTcae(mels, { ...TINY, dilations: [1] }), /tcae.dilations is \[1\] \(array\), expected one dilation per entry of tcae.channels/);
  await assert.rejects(trainTcae(mels, { ...TINY, frames: 2000, pool: 1 }), /tcae.frames is 2000 \(number\), expected at most 1876/);
  await assert.rejects(trainTcae({ ids: new Int32Array(0), read: () => new Float32Array(0) }, TINY), /no song/);
  assert.throws(() => loadTcae(new Uint8Array(20)), /not a mugle tensor file/);
});

test("both presets are valid; okm has the original sizes", () => {
  assert.deepEqual(TCAE_PRESETS.okm.channels, [512, 256, 128, 64, 32, 16, 8]);
  assert.deepEqual(TCAE_PRESETS.okm.dilations, [1, 2, 4, 8, 16, 32, 64]);
  assert.equal(TCAE_PRESETS.okm.frames, MEL_FRAMES);
  for (const preset of Object.values(TCAE_PRESETS)) {
    assert.equal(preset.channels.length, preset.dilations.length);
    assert.equal(preset.frames % preset.pool, 0);
    assert.equal(preset.embeddingDim, 128);
  }
});
