import assert from "node:assert/strict";
import { test } from "node:test";
import { MEL_BANDS, MEL_FRAMES, bandOfFrequency } from "../data/melon.ts";
import { Random } from "../core/random.ts";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../compute/tf/backend.ts";
import {
  encodeTcae,
  encoderLayers,
  loadTcae,
  ntXent,
  saveTcae,
  TcaeEncoder,
  TcaeTrainer,
  trainTcae,
  windowsPerSong,
  type MelSource,
  type TcaeConfig,
} from "./tcae.ts";
import { TCAE_PRESETS } from "../config.ts";
import { copyWindow, poolFrames, standardise, windowStarts } from "./tcaeInput.ts";
import { applyWhitening } from "./whitening.ts";
import { encodeTensors } from "../compute/tf/tensorFile.ts";

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
  ...TCAE_PRESETS.cpu,
  // The plain first layer: these tests are about the temporal stack; the pitch front has its own below.
  transpositionKernel: 0,
  // The encoder's own vectors: whitening over the catalogue is tested on its own below.
  whitenEmbedding: false,
  channels: [12, 6],
  dilations: [1, 2],
  embeddingDim: 8,
  frames: 128,
  pool: 4,
  centerSongs: false,
  head: "dense",
  invariance: 0,
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

test("whitenEmbedding: the catalogue's vectors whitened by a transform fitted on them, which encodeTcae returns", async () => {
  const model = await trainTcae(mels, { ...TINY, epochs: 1 });
  const plain = await encodeTcae(model, mels);
  assert.equal(plain.whitening, null);
  const whitenedModel = { ...model, config: { ...model.config, whitenEmbedding: true, whitenRemoveTop: 2 } };
  const whitened = await encodeTcae(whitenedModel, mels);
  assert.ok(whitened.whitening, "the transform comes with the vectors");
  assert.equal(whitened.whitening.removed, 2, "16 songs in 8 dimensions: the top 2 directions removed as configured");
  assert.deepEqual(whitened.ids, plain.ids);
  assert.deepEqual(whitened.vectors, applyWhitening(whitened.whitening, plain.vectors));
  assert.notDeepEqual(whitened.vectors, plain.vectors);
});

test("weights saved before the whitening and its removal of the top directions existed load with both off", async () => {
  const model = await trainTcae(mels, { ...TINY, epochs: 1 });
  const { whitenEmbedding: _whiten, whitenRemoveTop: _removeTop, ...older } = model.config;
  const loaded = loadTcae(encodeTensors(model.params, { model: "tcae", config: older, lossHistory: model.lossHistory }));
  assert.equal(loaded.config.whitenEmbedding, false);
  assert.equal(loaded.config.whitenRemoveTop, 0);
  assert.equal((await encodeTcae(loaded, mels)).whitening, null);
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
  await assert.rejects(trainTcae(mels, { ...TINY, head: "attention" as "dense" }), /tcae.head is "attention", expected "dense" or "meanMax"/);
  await assert.rejects(trainTcae(mels, { ...TINY, augment: { ...TINY.augment, mixDb: [-6] as unknown as [number, number] } }), /tcae.augment.mixDb is \[-6\] \(array\), expected \[low, high\]/);
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

// Key, tempo, crop, EQ and noise changes only: what 16 training steps can learn on 16 songs.
const MEAN_MAX: TcaeConfig = {
  ...TINY,
  channels: [12, 12],
  head: "meanMax",
  centerSongs: true,
  invariance: 1,
  epochs: 12,
  temperature: 0.2,
  augment: { ...TCAE_PRESETS.cpu.augment, reverbDbPerSecond: [0, 0], drumsDb: [0, 0], mixDb: [0, 0] },
};

/**
 * Songs closer to real mels: each plays one of four melodies (notes of 12 frames lighting a harmonic stack of
 * three bands 65 dB above a -70 dB floor), starting at a song-specific point, with its own EQ (a dB offset per band) and
 * 2 dB of noise; songs i and i + 4k share a melody.
 */
function versionedMels(count: number, seed: number): MelSource {
  const rng = new Random(seed, "tcae-test-versions");
  const mels = new Map<number, Float32Array>();
  for (let id = 0; id < count; id++) {
    const mel = new Float32Array(MEL_BANDS * MEL_FRAMES);
    const melody = id % 4;
    const shift = rng.int(200);
    const eq = Array.from({ length: MEL_BANDS }, () => rng.range(-6, 6));
    for (let t = 0; t < MEL_FRAMES; t++) {
      const note = Math.floor((t + shift) / 12);
      const base = 4 + ((note * (2 * melody + 3) + melody * 5) % 11) * 2;
      for (let b = 0; b < MEL_BANDS; b++) {
        const lit = b === base || b === base + 7 || b === base + 12;
        mel[b * MEL_FRAMES + t] = -70 + eq[b]! + (lit ? 65 : 0) + 2 * rng.normal();
      }
    }
    mels.set(id, mel);
  }
  return { ids: Int32Array.from(mels.keys()), read: (id) => mels.get(id)! };
}

test("NT-Xent: each view must pick its twin out of the batch (hand-worked)", async () => {
  await initBackend();
  // Rows 0 and 2 are one song's two views, rows 1 and 3 another's; twins identical, songs orthogonal.
  // Row 0's logits over rows 1, 2, 3 are 0, 1/τ, 0: the loss is log(2 + e^(1/τ)) − 1/τ for every row.
  const z = tf.tensor2d([[1, 0], [0, 3], [2, 0], [0, 1]]);
  for (const t of [1, 0.5]) {
    const loss = ntXent(z, t).dataSync()[0]!;
    assert.ok(Math.abs(loss - (Math.log(2 + Math.exp(1 / t)) - 1 / t)) < 1e-5, `τ ${t}: ${loss}`);
  }
  z.dispose();
});

test("the encoder's layer list names every weight it uses, in order; the meanMax head pools over time", () => {
  const layers = encoderLayers(MEAN_MAX);
  assert.deepEqual(layers.map((l) => l.kind), ["conv", "conv", "timePool", "dense", "l2normalize"]);
  assert.deepEqual(layers[0], { kind: "conv", name: "enc0", inputs: 48, outputs: 12, kernel: 3, dilation: 1, batchNorm: true, activation: "relu" });
  assert.deepEqual(layers[3], { kind: "dense", name: "bottleneck", inputs: 24, outputs: 8, batchNorm: true, affine: false, activation: "linear" });
  assert.deepEqual(encoderLayers(TCAE_PRESETS.okm).slice(-2).map((l) => l.kind), ["flatten", "dense"]);
});

test("meanMax with the invariance term: a song is encoded whole, unit length, and its views find it", async () => {
  const mels = versionedMels(16, 2);
  const model = await trainTcae(mels, MEAN_MAX);
  assert.equal(windowsPerSong(MEAN_MAX), 1);
  const last = model.lossHistory[model.lossHistory.length - 1]!;
  assert.ok(last < model.lossHistory[0]!, `loss ${model.lossHistory.join(" → ")}`);
  const embedding = await encodeTcae(model, mels);
  for (let row = 0; row < embedding.ids.length; row++) {
    let norm = 0;
    for (let j = 0; j < 8; j++) norm += embedding.vectors[row * 8 + j]! ** 2;
    assert.ok(Math.abs(norm - 1) < 1e-4, `row ${row} has norm ${Math.sqrt(norm)}`);
  }
  // Songs of the same synthetic melody end up closer to each other than to the other melodies' songs.
  const cos = (a: number, b: number) => {
    let dot = 0;
    for (let j = 0; j < 8; j++) dot += embedding.vectors[a * 8 + j]! * embedding.vectors[b * 8 + j]!;
    return dot;
  };
  let same = 0;
  let other = 0;
  for (let a = 0; a < 16; a++) for (let b = 0; b < 16; b++) if (a !== b) (a % 4 === b % 4 ? (same += cos(a, b) / 48) : (other += cos(a, b) / 192));
  assert.ok(same > other + 0.2, `same melody ${same.toFixed(3)}, others ${other.toFixed(3)}, loss ${model.lossHistory.map((x) => x.toFixed(2)).join(" ")}`);
  assert.deepEqual(saveTcae(await trainTcae(mels, { ...MEAN_MAX, epochs: 1 })), saveTcae(await trainTcae(mels, { ...MEAN_MAX, epochs: 1 })), "deterministic");
});

/**
 * A melody of harmonic tones (six partials, each a narrow ridge across the mel bands at its frequency, as
 * real partials fall), time-major [frames × 48] in dB, transposed by `semitones`.
 */
function harmonicMelody(pitches: readonly number[], framesPerNote: number, semitones: number): Float32Array {
  const out = new Float32Array(pitches.length * framesPerNote * MEL_BANDS);
  pitches.forEach((pitch, n) => {
    const power = new Float64Array(MEL_BANDS).fill(1e-6);
    const f0 = 440 * 2 ** ((pitch + semitones - 69) / 12);
    for (let k = 1; k <= 6; k++) {
      const center = bandOfFrequency(k * f0);
      for (let b = 0; b < MEL_BANDS; b++) power[b] = power[b]! + 0.6 ** (k - 1) * Math.exp(-0.5 * ((b - center) / 0.45) ** 2);
    }
    for (let t = n * framesPerNote; t < (n + 1) * framesPerNote; t++) {
      for (let b = 0; b < MEL_BANDS; b++) out[t * MEL_BANDS + b] = (10 * Math.log10(power[b]!) + 30) / 15;
    }
  });
  return out;
}

test("the transposition-invariant front embeds a transposed melody where the original is, the plain first layer does not", async () => {
  await initBackend();
  const random = new Random(9, "tcae-transposition");
  const melody = Array.from({ length: 12 }, () => 60 + random.int(12));
  const other = Array.from({ length: 12 }, () => 60 + random.int(12));
  const songs = [harmonicMelody(melody, 6, 0), harmonicMelody(melody, 6, 2), harmonicMelody(melody, 6, -1), harmonicMelody(other, 6, 0)];
  const frames = 72;
  const batch = new Float32Array(songs.length * frames * MEL_BANDS);
  songs.forEach((song, i) => batch.set(song, i * frames * MEL_BANDS));
  const distances = async (transpositionKernel: number) => {
    const config: TcaeConfig = { ...TCAE_PRESETS.cpu, channels: [32, 32], dilations: [1, 2], embeddingDim: 16, transpositionKernel };
    const trainer = new TcaeTrainer(config, { mean: new Float32Array(MEL_BANDS), std: new Float32Array(MEL_BANDS).fill(1) });
    const encoder = new TcaeEncoder({ config, params: trainer.snapshot(), lossHistory: [] });
    const z = await encoder.encode(batch, songs.length, frames);
    encoder.dispose();
    trainer.dispose();
    const cosine = (a: number, b: number) => {
      let dot = 0;
      for (let j = 0; j < 16; j++) dot += z[a * 16 + j]! * z[b * 16 + j]!;
      return dot;
    };
    return { up2: 1 - cosine(0, 1), down1: 1 - cosine(0, 2), otherTune: 1 - cosine(0, 3) };
  };
  const front = await distances(12);
  const plain = await distances(0);
  // Untrained weights: the distances are small, so they are compared with each other, not with a fixed bar.
  // The grid interpolates the mel bands, so the front is invariant up to that interpolation, not exactly.
  assert.ok(front.up2 < plain.up2 / 20 && front.down1 < plain.down1 / 20, `transposed: front ${JSON.stringify(front)} against plain ${JSON.stringify(plain)}`);
  assert.ok(front.otherTune > Math.max(front.up2, front.down1), `another tune is farther than a transposition: ${JSON.stringify(front)}`);
});
