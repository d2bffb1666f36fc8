// TCAE: a temporal convolutional autoencoder over mel-spectrograms, in the family of the original OK Mugle
// model: causal dilated Conv1D over frames with the 48 mel bands as channels, batch norm and ReLU per layer,
// a mirrored anti-causal decoder (the conv stack in reverse with dilations reversed, the last layer linear),
// MSE reconstruction loss, Adam.
//
// Two heads turn the encoder's frames into the song's embedding:
// - "dense" (the original, kept by the okm preset): a dense bottleneck with batch norm and tanh over the
//   flattened crop, which the decoder expands back. It only knows crops of the training length, so a song
//   is cut into evenly spaced windows of that length (windowStarts) and its embedding is their mean.
// - "meanMax": the mean and the maximum of the last conv layer's channels over time, a dense layer, L2
//   normalisation. Shift-invariant (a motif counts wherever it falls), any length (a song is encoded whole);
//   the decoder reconstructs from the last conv layer's frames.
//
// The invariance term: with `invariance` > 0 each training step takes two augmented views of every song in
// the batch (tcaeAugment.ts: another excerpt, tempo, key, EQ, noise) and adds, weighted, the NT-Xent loss
// on their embeddings (each view must pick its twin out of the batch) to the reconstruction loss. That is
// what makes the embedding hear melody rather than recording colour: the changes a version makes are
// exactly those it learns to ignore.
//
// The transposition-invariant front (transpositionKernel > 0): the first layer reads each frame on a
// semitone grid and keeps each filter's maximum over the grid positions (tcaePitch.ts), so a key change,
// which slides the music along that grid, leaves it unchanged; the temporal stack after it is the same.
//
// Whitening (whitenEmbedding): the encoded catalogue's vectors are whitened over the catalogue before they are
// compared (whitening.ts), so every direction of the embedding counts, not only those all songs vary along;
// the few they vary along most, which a work's versions differ by too, are removed (whitenRemoveTop).
//
// Input: frames averaged in groups of `pool`, optionally centred per song (centerSongs: each band's mean over
// the song removed), then standardised per mel band with the training subset's statistics, stored with the
// weights ("input.mean", "input.std").
//
// The encoder is a list of plain layer descriptions (encoderLayers): training walks it on TensorFlow.js, and
// tcaeNet.ts turns it into the network description the compute backend encodes every song with (ONNX
// Runtime, batch norm folded; or TensorFlow.js under MUGLE_COMPUTE=reference).
import * as tf from "@tensorflow/tfjs";
import { validateTcaeConfig } from "../config.ts";
import { MEL_BANDS, MEL_FRAMES_PER_SECOND } from "../data/melon.ts";
import type { EmbeddingSet } from "../core/embedding.ts";
import { Interrupted, checkpoint } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { computeBackend } from "../compute/backend.ts";
import { L2_EPSILON } from "../compute/net.ts";
import { requireTrainingBackend } from "../compute/tf/backend.ts";
import { setTrainingThreads } from "../compute/tf/nativeGemm.ts";
import { bandConvMax, batchNorm, dilatedConv1d, linear, maxOverTime, updateMovingStats, type BatchStats } from "../compute/tf/layers.ts";
import {
  batchNormParams,
  batchNormSpecs,
  denseSpecs,
  disposeAll,
  initParams,
  paramLookup,
  snapshot,
  toTensors,
  toVariables,
  type ParamSpec,
  type Params,
} from "../compute/tf/params.ts";
import { decodeTensors, encodeTensors, type TensorMap } from "../compute/tf/tensorFile.ts";
import { drawView, renderView, type AugmentConfig, type ViewParams } from "./tcaeAugment.ts";
import {
  bandStatistics,
  centerBands,
  sharedStatistics,
  centerFrames,
  copyWindow,
  floorDeviations,
  rectify,
  pooledLength,
  poolFrames,
  standardise,
  whitenBands,
  windowStarts,
  type BandStatistics,
} from "./tcaeInput.ts";
import { tcaeEncoderNet } from "./tcaeNet.ts";
import { GRID_STEPS, semitoneResampling } from "./tcaePitch.ts";
import { whitenSet, type Whitening } from "./whitening.ts";

/** Where the mels come from: the pipeline wraps ml/data/mel.ts, tests make synthetic ones. */
export interface MelSource {
  /** Songs that have a mel, ascending. */
  ids: Int32Array;
  /** Band-major 48 × 1876 (index band * 1876 + frame). */
  read(songId: number): Float32Array;
}

export type TcaeHead = "dense" | "meanMax";

/** The invariance term's view changes (tcaeAugment.ts); the crop length is the config's `frames`. */
export type TcaeAugment = Omit<AugmentConfig, "frames" | "framesPerSecond">;

export interface TcaeConfig {
  preset: "cpu" | "okm";
  /** Encoder widths after the 48 input bands; the decoder mirrors them. */
  channels: number[];
  /** One per encoder layer (kernel size 3, so a layer reaches 2·dilation frames back). */
  dilations: number[];
  embeddingDim: number;
  /** Crop length in mel frames (before pooling) used in training (and as the encode window of the dense head). */
  frames: number;
  /** Time pooling: mean of this many consecutive frames before the encoder; 1 = none. */
  pool: number;
  /** Subtract each song's own per-band mean first (removes a recording's static EQ/timbre; see centerBands). */
  centerSongs: boolean;
  /** Subtract each frame's mean over the bands (removes the loudness contour; see centerFrames). */
  centerFrames: boolean;
  /** Subtract each cell's local mean over ±this many bands (removes the spectral envelope; see whitenBands); 0 = off. */
  whitenBands: number;
  /** After whitening, keep only what stands above its neighbourhood (negative values to 0): a map of spectral peaks. */
  peaks: boolean;
  /**
   * 0: the first layer is a plain causal conv with the 48 bands as channels. Above 0: it is the
   * transposition-invariant front (tcaePitch.ts) with kernels this many semitones tall, and the input is
   * standardised with one mean and deviation for all bands, so a transposed song reads the same values shifted.
   */
  transpositionKernel: number;
  /**
   * Whiten the encoded vectors over the catalogue (whitening.ts) before cosine retrieval: every direction of
   * the embedding counts alike, not only the few along which all songs vary most.
   */
  whitenEmbedding: boolean;
  /**
   * With `whitenEmbedding`: how many of the catalogue's directions of largest variance the whitening also
   * removes (whitening.ts): what all songs differ by most, which a work's versions differ by too.
   */
  whitenRemoveTop: number;
  /** How the encoder's frames become one vector (see the header comment). */
  head: TcaeHead;
  /** Weight of the invariance (NT-Xent) term beside the reconstruction loss; 0 = a plain autoencoder. */
  invariance: number;
  /** NT-Xent temperature. */
  temperature: number;
  /**
   * How far apart (seconds) the two views of a song may start. Small: both views hear the same passage, so
   * what they share is its melody; a whole song's length: any two passages, which share little but the
   * recording's sound, and that is what the model then learns.
   */
  pairJitterSeconds: number;
  augment: TcaeAugment;
  epochs: number;
  /** Songs per step (each gives two views when `invariance` > 0). */
  batchSize: number;
  learningRate: number;
  /** Most songs in the training subset (drawn with the seed); 0 = every song with a mel. */
  trainSongs: number;
  seed: number;
}

export interface TcaeModel {
  config: TcaeConfig;
  /** Weights, batch-norm moving averages and the input band statistics ("input.mean", "input.std"). */
  params: TensorMap;
  /** Mean training loss of each epoch (reconstruction MSE in standardised units, plus the weighted invariance term). */
  lossHistory: number[];
}

export interface TcaeOptions {
  progress?: boolean;
  signal?: AbortSignal;
  /** Threads of the compute backend that encodes (default 2). */
  threads?: number;
  /** Threads training's matrix products may use (default 1; tf/nativeGemm.ts). */
  trainingThreads?: number;
}

const KERNEL = 3;
const BN_MOMENTUM = 0.9;
/** Windows (dense head) or songs (meanMax head) per encoding batch. */
const ENCODE_BATCH = 64;


/**
 * The encoder as a list of plain layer descriptions, in order; `encode` walks exactly this list, and an
 * exporter (e.g. to ONNX) can too. Shapes: [B, T, C] through the convs, [B, features] after flatten/timePool.
 * - pitchFront: the input [B, T, 48] resampled to the semitone grid [B, T, GRID_STEPS] (tcaePitch.ts
 *   semitoneResampling), then a causal conv of `kernel` taps over time (dilation `dilation`) and `semitones`
 *   steps of the grid, shared along the grid, "{name}.kernel" [kernel·semitones, outputs] (row j·semitones + q:
 *   tap j oldest first, grid step q), "{name}.bias"; each filter's maximum over the grid positions; then batch
 *   norm "{name}.bn.*" and ReLU;
 * - conv: causal dilated Conv1D, kernel `kernel`, weights "{name}.kernel" [kernel·inputs, outputs] with the taps
 *   stacked oldest first (rows 0..inputs-1 weigh frame t − (kernel−1)·dilation), "{name}.bias"; then batch
 *   norm "{name}.bn.{gamma,beta,movingMean,movingVariance}" (ε = BN_EPSILON) and ReLU;
 * - flatten: [B, T, C] → [B, T·C] (frame-major);
 * - timePool: [B, T, C] → [B, C·ops], the mean over time then the max over time, concatenated in `ops` order;
 * - dense: "{name}.kernel" [inputs, outputs], "{name}.bias", optional batch norm "{name}.bn.*" (with `affine`
 *   false its gamma stays 1 and beta 0: a plain standardisation), then the activation;
 * - l2normalize: each row divided by its Euclidean norm.
 */
export type EncoderLayer =
  | { kind: "conv"; name: string; inputs: number; outputs: number; kernel: number; dilation: number; batchNorm: true; activation: "relu" }
  | { kind: "pitchFront"; name: string; outputs: number; kernel: number; semitones: number; dilation: number; batchNorm: true; activation: "relu" }
  | { kind: "flatten" }
  | { kind: "timePool"; ops: ("mean" | "max")[] }
  | { kind: "dense"; name: string; inputs: number; outputs: number; batchNorm: boolean; affine?: boolean; activation: "tanh" | "linear" }
  | { kind: "l2normalize" };

/** Frames per crop after pooling. */
function windowLength(config: TcaeConfig): number {
  return config.frames / config.pool;
}

export function encoderLayers(config: TcaeConfig): EncoderLayer[] {
  const widths = [MEL_BANDS, ...config.channels];
  const layers: EncoderLayer[] = config.channels.map((outputs, i): EncoderLayer =>
    i === 0 && config.transpositionKernel > 0
      ? { kind: "pitchFront", name: "enc0", outputs, kernel: KERNEL, semitones: config.transpositionKernel, dilation: config.dilations[0]!, batchNorm: true, activation: "relu" }
      : { kind: "conv", name: `enc${i}`, inputs: widths[i]!, outputs, kernel: KERNEL, dilation: config.dilations[i]!, batchNorm: true, activation: "relu" },
  );
  const last = widths[widths.length - 1]!;
  if (config.head === "dense") {
    layers.push({ kind: "flatten" });
    layers.push({ kind: "dense", name: "bottleneck", inputs: last * windowLength(config), outputs: config.embeddingDim, batchNorm: true, activation: "tanh" });
  } else {
    layers.push({ kind: "timePool", ops: ["mean", "max"] });
    // Batch norm without scale and shift before the L2 normalisation: every dimension centred and of unit
    // spread over the songs, so no direction common to all songs inflates their cosines (an affine batch
    // norm learns such an offset: random pairs of songs then sit at cosine 0.55 instead of near 0).
    layers.push({ kind: "dense", name: "bottleneck", inputs: 2 * last, outputs: config.embeddingDim, batchNorm: true, affine: false, activation: "linear" });
    layers.push({ kind: "l2normalize" });
  }
  return layers;
}

function paramSpecs(config: TcaeConfig): ParamSpec[] {
  const specs: ParamSpec[] = [
    { name: "input.mean", shape: [MEL_BANDS], init: "zeros", trainable: false },
    { name: "input.std", shape: [MEL_BANDS], init: "ones", trainable: false },
  ];
  for (const layer of encoderLayers(config)) {
    if (layer.kind === "conv") specs.push(...denseSpecs(layer.name, layer.kernel * layer.inputs, layer.outputs), ...batchNormSpecs(`${layer.name}.bn`, layer.outputs));
    if (layer.kind === "pitchFront") specs.push(...denseSpecs(layer.name, layer.kernel * layer.semitones, layer.outputs), ...batchNormSpecs(`${layer.name}.bn`, layer.outputs));
    if (layer.kind === "dense") {
      specs.push(...denseSpecs(layer.name, layer.inputs, layer.outputs));
      if (layer.batchNorm) specs.push(...batchNormSpecs(`${layer.name}.bn`, layer.outputs, layer.affine ?? true));
    }
  }
  const widths = [MEL_BANDS, ...config.channels];
  if (config.head === "dense") specs.push(...denseSpecs("expand", config.embeddingDim, widths[widths.length - 1]! * windowLength(config)));
  const reversed = [...widths].reverse();
  for (let i = 0; i < config.channels.length; i++) {
    specs.push(...denseSpecs(`dec${i}`, KERNEL * reversed[i]!, reversed[i + 1]!));
    if (i < config.channels.length - 1) specs.push(...batchNormSpecs(`dec${i}.bn`, reversed[i + 1]!));
  }
  return specs;
}

type Mode = { stats: BatchStats } | null;

function normalise(p: Params, name: string, x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
  return batchNorm(x, batchNormParams(p, name), mode && { name, stats: mode.stats });
}

/**
 * Conv → batch norm → ReLU on [B, T, C] (the decoder's last layer: conv only). `onInput`: x is the model's
 * input, whose gradient nothing needs.
 */
/** The transposition-invariant front on standardised input [B, T, 48]: [B, T, outputs] after batch norm and ReLU. */
function pitchFrontBlock(p: Params, layer: Extract<EncoderLayer, { kind: "pitchFront" }>, x: tf.Tensor3D, mode: Mode): tf.Tensor3D {
  const [b, t, bands] = x.shape;
  const grid = tf.reshape(tf.matMul(tf.reshape(x, [b * t, bands]), tf.tensor2d(semitoneResampling(), [bands, GRID_STEPS])), [b, t, GRID_STEPS]) as tf.Tensor3D;
  const y = bandConvMax(grid, p(`${layer.name}.kernel`) as tf.Tensor2D, p(`${layer.name}.bias`) as tf.Tensor1D, layer.semitones, layer.dilation);
  return tf.reshape(tf.relu(normalise(p, `${layer.name}.bn`, tf.reshape(y, [b * t, layer.outputs]), mode)), [b, t, layer.outputs]);
}

function convBlock(p: Params, name: string, x: tf.Tensor3D, dilation: number, direction: "causal" | "anticausal", mode: Mode, plain = false, onInput = false): tf.Tensor3D {
  const y = dilatedConv1d(x, p(`${name}.kernel`) as tf.Tensor2D, p(`${name}.bias`) as tf.Tensor1D, dilation, direction, !onInput);
  if (plain) return y;
  const [b, t, c] = y.shape;
  return tf.reshape(tf.relu(normalise(p, `${name}.bn`, tf.reshape(y, [b * t, c]), mode)), [b, t, c]);
}

/** Runs the encoder layers on standardised windows [B, T, 48]: the embeddings [B, E] and the last conv layer's frames. */
function encode(p: Params, layers: readonly EncoderLayer[], x: tf.Tensor3D, mode: Mode): { embedding: tf.Tensor2D; frames: tf.Tensor3D } {
  let frames = x;
  let h: tf.Tensor = x;
  for (const layer of layers) {
    switch (layer.kind) {
      case "conv":
        h = frames = convBlock(p, layer.name, h as tf.Tensor3D, layer.dilation, "causal", mode, false, h === x);
        break;
      case "pitchFront":
        h = frames = pitchFrontBlock(p, layer, h as tf.Tensor3D, mode);
        break;
      case "flatten": {
        const [b, t, c] = (h as tf.Tensor3D).shape;
        h = tf.reshape(h, [b, t * c]);
        break;
      }
      case "timePool":
        h = tf.concat(layer.ops.map((op) => (op === "mean" ? tf.mean(h, 1) : maxOverTime(h as tf.Tensor3D))), 1);
        break;
      case "dense": {
        let z = linear(h as tf.Tensor2D, p(`${layer.name}.kernel`) as tf.Tensor2D, p(`${layer.name}.bias`) as tf.Tensor1D);
        if (layer.batchNorm) z = normalise(p, `${layer.name}.bn`, z, mode);
        h = layer.activation === "tanh" ? tf.tanh(z) : z;
        break;
      }
      case "l2normalize":
        h = tf.div(h, tf.sqrt(tf.add(tf.sum(tf.square(h), 1, true), L2_EPSILON)));
        break;
    }
  }
  return { embedding: h as tf.Tensor2D, frames };
}

/** The encoder's output (embedding, last conv frames) → reconstructed windows [B, T, 48]. */
function decode(p: Params, config: TcaeConfig, encoded: { embedding: tf.Tensor2D; frames: tf.Tensor3D }, mode: Mode): tf.Tensor3D {
  let h: tf.Tensor3D;
  if (config.head === "dense") {
    const frames = windowLength(config);
    const last = config.channels[config.channels.length - 1]!;
    const z = encoded.embedding;
    h = tf.reshape(tf.relu(linear(z, p("expand.kernel") as tf.Tensor2D, p("expand.bias") as tf.Tensor1D)), [z.shape[0], frames, last]) as tf.Tensor3D;
  } else {
    h = encoded.frames;
  }
  const dilations = [...config.dilations].reverse();
  dilations.forEach((d, i) => {
    h = convBlock(p, `dec${i}`, h, d, "anticausal", mode, i === dilations.length - 1);
  });
  return h;
}

/**
 * NT-Xent over 2N embeddings where rows i and i + N are two views of one song: each row's softmax over its
 * cosine similarities to every other row (divided by the temperature) must pick its twin.
 */
export function ntXent(z: tf.Tensor2D, temperature: number): tf.Scalar {
  const n = z.shape[0];
  const half = n / 2;
  const unit = tf.div(z, tf.sqrt(tf.add(tf.sum(tf.square(z), 1, true), L2_EPSILON)));
  const logits = tf.sub(tf.div(tf.matMul(unit, tf.transpose(unit)), temperature), tf.mul(tf.eye(n), 1e9));
  const twins = tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => (i + half) % n), "int32"), n);
  return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(logits), twins)), n)) as tf.Scalar;
}

/** In place: the config's input transforms of a pooled, time-major song or view, before standardisation. */
function transformInput(song: Float32Array, config: TcaeConfig): Float32Array {
  if (config.centerSongs) centerBands(song);
  if (config.whitenBands > 0) whitenBands(song, config.whitenBands);
  if (config.peaks) rectify(song);
  if (config.centerFrames) centerFrames(song);
  return song;
}

function statsFromParams(params: TensorMap): BandStatistics {
  return { mean: params.get("input.mean")!.data, std: params.get("input.std")!.data };
}

/** The training subset: up to `trainSongs` songs drawn with the seed, in ascending id order. */
function trainingIds(ids: Int32Array, config: TcaeConfig, rng: Random): number[] {
  const all = Array.from(ids);
  if (config.trainSongs <= 0 || config.trainSongs >= all.length) return all;
  return rng.shuffle(all).slice(0, config.trainSongs).sort((a, b) => a - b);
}

/** The TCAE under training, one Adam step at a time (trainTcae's loop, and the benchmark's). */
export class TcaeTrainer {
  private readonly variables: Map<string, tf.Variable>;
  private readonly trainable: tf.Variable[];
  private readonly optimizer: tf.AdamOptimizer;
  private readonly stats: BatchStats = new Map();
  private readonly layers: EncoderLayer[];

  /** `threads`: what training's matrix products may use (tf/nativeGemm.ts). */
  constructor(readonly config: TcaeConfig, inputStats: BandStatistics, private readonly threads = 1) {
    validateTcaeConfig(config);
    this.layers = encoderLayers(config);
    const specs = paramSpecs(config);
    const initial = initParams(specs, new Random(config.seed, "tcae-init"));
    initial.set("input.mean", { shape: [MEL_BANDS], data: inputStats.mean });
    initial.set("input.std", { shape: [MEL_BANDS], data: inputStats.std });
    ({ all: this.variables, trainable: this.trainable } = toVariables(initial, specs));
    this.optimizer = tf.train.adam(config.learningRate);
  }

  /**
   * One step on `count` standardised windows (count × window frames × 48, time-major). With `pairs`, rows k
   * and k + count/2 are two views of one song and the invariance term is added. Returns the loss.
   */
  async step(windows: Float32Array, count: number, pairs = false): Promise<number> {
    const p = paramLookup(this.variables);
    const window = windowLength(this.config);
    const x = tf.tensor3d(windows.subarray(0, count * window * MEL_BANDS), [count, window, MEL_BANDS]);
    const mode = { stats: this.stats };
    setTrainingThreads(this.threads);
    const loss = this.optimizer.minimize(() => {
      const encoded = encode(p, this.layers, x, mode);
      const recon = tf.mean(tf.squaredDifference(decode(p, this.config, encoded, mode), x)) as tf.Scalar;
      if (!pairs) return recon;
      return tf.add(recon, tf.mul(ntXent(encoded.embedding, this.config.temperature), this.config.invariance)) as tf.Scalar;
    }, true, this.trainable)!;
    updateMovingStats(this.variables, this.stats, BN_MOMENTUM);
    const value = (await loss.data())[0]!;
    tf.dispose([loss, x]);
    return value;
  }

  /** How many scalars Adam updates: what a rebuild of this model in another framework must match. */
  get trainableParameters(): number {
    return this.trainable.reduce((sum, variable) => sum + variable.size, 0);
  }

  snapshot(): TensorMap {
    return snapshot(this.variables);
  }

  dispose(): void {
    this.optimizer.dispose();
    disposeAll(this.variables);
  }
}

/** A trained TCAE's encoder on constant tensors (batch norm on moving averages). */
export class TcaeEncoder {
  private readonly tensors: Map<string, tf.Tensor>;
  readonly layers: EncoderLayer[];

  constructor(readonly model: TcaeModel) {
    validateTcaeConfig(model.config);
    this.tensors = toTensors(model.params);
    this.layers = encoderLayers(model.config);
  }

  /** Embeddings (count × embeddingDim) of `count` standardised windows of `frames` frames each. */
  async encode(windows: Float32Array, count: number, frames = windowLength(this.model.config)): Promise<Float32Array> {
    const p = paramLookup(this.tensors);
    const out = tf.tidy(() => encode(p, this.layers, tf.tensor3d(windows.subarray(0, count * frames * MEL_BANDS), [count, frames, MEL_BANDS]), null).embedding);
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return values;
  }

  dispose(): void {
    disposeAll(this.tensors);
  }
}

/**
 * Fills `batch` with two augmented, standardised views of each of `picked` (indices into `songs`; views of
 * the k-th at rows k and k + picked.length), each view mixing in a random other training song if configured.
 */
function fillViewPairs(songs: Float32Array[], picked: number[], config: TcaeConfig, stats: BandStatistics, rng: Random, batch: Float32Array): void {
  const window = windowLength(config);
  const size = window * MEL_BANDS;
  const augment: AugmentConfig = { ...config.augment, frames: window, framesPerSecond: MEL_FRAMES_PER_SECOND / config.pool };
  const jitter = config.pairJitterSeconds * augment.framesPerSecond;
  picked.forEach((index, k) => {
    const song = songs[index]!;
    let first: ViewParams | undefined;
    for (const slot of [k, k + picked.length]) {
      const offset = slot * size;
      const other = songs[(index + 1 + rng.int(Math.max(1, songs.length - 1))) % songs.length]!;
      const view = drawView(rng, augment, song.length / MEL_BANDS, other.length / MEL_BANDS, first && { start: first.start, frames: jitter });
      first ??= view;
      renderView(song, view, window, batch, offset, MEL_BANDS, other);
      standardise(transformInput(batch.subarray(offset, offset + size), config), stats);
    }
  });
}

export async function trainTcae(mels: MelSource, config: TcaeConfig, opts: TcaeOptions = {}): Promise<TcaeModel> {
  validateTcaeConfig(config);
  if (mels.ids.length === 0) throw new Error("trainTcae: no song has a mel-spectrogram");
  await requireTrainingBackend();
  const rng = new Random(config.seed, "tcae");
  const ids = trainingIds(mels.ids, config, rng);
  const pairs = config.invariance > 0;
  // The invariance term augments the pooled dB spectrogram (before centring and standardisation), so those
  // songs stay raw and each view is centred and standardised after it is drawn.
  const raw = ids.map((id) => poolFrames(mels.read(id), config.pool));
  const prepared = pairs ? raw.map((song) => transformInput(Float32Array.from(song), config)) : raw.map((song) => transformInput(song, config));
  const perBand = pairs ? floorDeviations(bandStatistics(prepared), 0.25) : bandStatistics(prepared);
  const inputStats = config.transpositionKernel > 0 ? sharedStatistics(perBand) : perBand;
  const songs = pairs ? raw : prepared.map((song) => standardise(song, inputStats));

  const trainer = new TcaeTrainer(config, inputStats, opts.trainingThreads);
  const window = windowLength(config);
  const batchSize = Math.min(config.batchSize, songs.length);
  const rows = pairs ? 2 * batchSize : batchSize;
  const stepsPerEpoch = Math.max(1, Math.floor(songs.length / batchSize));
  const progress = createProgress("tcae train", stepsPerEpoch * batchSize * config.epochs, { unit: "songs", quiet: !opts.progress });
  const batch = new Float32Array(rows * window * MEL_BANDS);
  const lossHistory: number[] = [];
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      // Each epoch visits every training song once, with fresh random crops (and views).
      const order = rng.shuffle(songs.map((_, i) => i));
      let epochLoss = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (opts.signal?.aborted) throw new Interrupted();
        const picked = order.slice(step * batchSize, (step + 1) * batchSize);
        if (pairs) fillViewPairs(songs, picked, config, inputStats, rng, batch);
        else {
          picked.forEach((index, k) => {
            const song = songs[index]!;
            const start = rng.int(song.length / MEL_BANDS - window + 1);
            copyWindow(song, start, window, batch, k * window * MEL_BANDS);
          });
        }
        const loss = await trainer.step(batch, rows, pairs);
        epochLoss += loss;
        progress.tick(batchSize, `epoch ${epoch + 1}/${config.epochs} loss ${loss.toFixed(4)}`);
        await checkpoint(opts.signal);
      }
      lossHistory.push(epochLoss / stepsPerEpoch);
    }
    progress.done(`loss ${lossHistory[lossHistory.length - 1]!.toFixed(4)}`);
    return { config: structuredClone(config), params: trainer.snapshot(), lossHistory };
  } finally {
    trainer.dispose();
  }
}

/** How many encode windows cover one full-length song: several for the dense head, the whole song for meanMax. */
export function windowsPerSong(config: TcaeConfig): number {
  return config.head === "dense" ? windowStarts(pooledLength(config.pool), windowLength(config)).length : 1;
}

/** TCAE's vectors of a catalogue, and the whitening fitted on them (null: the vectors are the encoder's own). */
export interface TcaeEmbedding extends EmbeddingSet {
  whitening: Whitening | null;
}

/**
 * Embeddings of every song in `mels.ids`. Dense head: the mean of its window embeddings (see the header
 * comment); meanMax head: the whole song in one pass. With `whitenEmbedding`, whitened over these songs
 * (whitening.ts), so the set of songs encoded together is the catalogue the vectors are compared within.
 */
export async function encodeTcae(model: TcaeModel, mels: MelSource, opts: TcaeOptions = {}): Promise<TcaeEmbedding> {
  const vectors = await encodePooledSongs(model, mels.ids.length, (row) => poolFrames(mels.read(mels.ids[row]!), model.config.pool), { ...opts, label: "tcae encode" });
  const encoded = { ids: Int32Array.from(mels.ids), vectors, dim: model.config.embeddingDim };
  if (!model.config.whitenEmbedding) return { ...encoded, whitening: null };
  const { set, whitening } = whitenSet(encoded, { removeTop: model.config.whitenRemoveTop });
  return { ...set, whitening };
}

/**
 * Embeddings (count × embeddingDim) of `count` songs given as pooled, time-major dB spectrograms (what
 * poolFrames returns, before the input transforms): `song(row)` is asked for each row once, in order.
 * encodeTcae reads them from the mel files; the same-melody calibration passes altered versions.
 */
export async function encodePooledSongs(
  model: TcaeModel,
  count: number,
  song: (row: number) => Float32Array,
  opts: TcaeOptions & { label?: string } = {},
): Promise<Float32Array> {
  const { config } = model;
  validateTcaeConfig(config);
  const encoder = await (await computeBackend({ threads: opts.threads ?? 2 })).nets.open(tcaeEncoderNet(model));
  const inputStats = statsFromParams(model.params);
  const whole = config.head !== "dense";
  const window = whole ? pooledLength(config.pool) : windowLength(config);
  const dim = config.embeddingDim;
  const vectors = new Float32Array(count * dim);
  const windowsOf = new Int32Array(count);
  const batch = new Float32Array(ENCODE_BATCH * window * MEL_BANDS);
  const owners: number[] = [];
  const progress = createProgress(opts.label ?? "tcae encode", count, { unit: "songs", quiet: !opts.progress });

  const flush = async () => {
    if (owners.length === 0) return;
    const values = await encoder.run({ windows: batch }, owners.length, window);
    owners.forEach((row, k) => {
      for (let j = 0; j < dim; j++) vectors[row * dim + j] = vectors[row * dim + j]! + values[k * dim + j]!;
    });
    owners.length = 0;
  };

  try {
    for (let row = 0; row < count; row++) {
      if (opts.signal?.aborted) throw new Interrupted();
      const prepared = standardise(transformInput(song(row), config), inputStats);
      const starts = whole ? [0] : windowStarts(prepared.length / MEL_BANDS, window);
      windowsOf[row] = starts.length;
      for (const start of starts) {
        copyWindow(prepared, start, window, batch, owners.length * window * MEL_BANDS);
        owners.push(row);
        if (owners.length === ENCODE_BATCH) {
          await flush();
          await checkpoint(opts.signal);
        }
      }
      progress.tick(1);
    }
    await flush();
  } finally {
    encoder.dispose();
  }
  for (let row = 0; row < count; row++) {
    for (let j = 0; j < dim; j++) vectors[row * dim + j] = vectors[row * dim + j]! / windowsOf[row]!;
  }
  progress.done();
  return vectors;
}

export function saveTcae(model: TcaeModel): Uint8Array {
  return encodeTensors(model.params, { model: "tcae", config: model.config, lossHistory: model.lossHistory });
}

export function loadTcae(bytes: Uint8Array): TcaeModel {
  const { tensors, meta } = decodeTensors(bytes);
  if (meta.model !== "tcae") throw new Error(`weights are for ${JSON.stringify(meta.model)}, not tcae`);
  // Weights saved before the transposition-invariant front and the whitening (and its removal of the top
  // directions) existed have none of them.
  const config = { transpositionKernel: 0, whitenEmbedding: false, whitenRemoveTop: 0, ...(meta.config as Partial<TcaeConfig>) } as TcaeConfig;
  validateTcaeConfig(config);
  for (const spec of paramSpecs(config)) {
    const t = tensors.get(spec.name);
    if (!t || t.shape.join() !== spec.shape.join()) throw new Error(`tcae weights: ${spec.name} missing or not [${spec.shape}]`);
  }
  return { config, params: tensors, lossHistory: (meta.lossHistory as number[] | undefined) ?? [] };
}
