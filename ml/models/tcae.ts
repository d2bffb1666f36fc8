// TCAE: a temporal convolutional autoencoder over mel-spectrograms (melody and mood), in the family of the
// original OK Mugle model: causal dilated Conv1D over frames with the 48 mel bands as channels, batch norm and
// ReLU per layer, a dense bottleneck with batch norm and tanh whose output is the embedding, a mirrored
// anti-causal decoder (dense back to the last encoder width, then the conv stack in reverse with dilations
// reversed, the last layer linear), MSE reconstruction loss, Adam.
//
// Input: frames averaged in groups of `pool`, optionally centred per song (centerBands), then standardised per
// mel band with the training subset's statistics, stored with the weights ("input.mean", "input.std").
//
// Crops and full songs: training reads random crops of `frames` mel frames (all 1876 in the okm preset), and
// the bottleneck is a dense layer over the flattened crop, so it only knows crops of that length. At encode
// time a song is therefore cut into ceil(length / crop) evenly spaced, slightly overlapping windows of exactly
// the training length (windowStarts), each window is encoded as in training (batch norm on moving averages),
// and the song's embedding is the mean of its window embeddings. Every window is a sample from the same
// distribution the model was trained on (random crops start anywhere), and the mean over windows covering the
// whole song describes all of it while being insensitive to where in the 30 s a motif happens to fall.
import * as tf from "@tensorflow/tfjs";
import { validateTcaeConfig } from "../config.ts";
import { MEL_BANDS } from "../data/melon.ts";
import type { EmbeddingSet } from "../core/embedding.ts";
import { Interrupted, checkpoint } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { computeBackend } from "../compute/backend.ts";
import { requireTrainingBackend } from "../compute/tf/backend.ts";
import { batchNorm, dilatedConv1d, linear, updateMovingStats, type BatchStats } from "../compute/tf/layers.ts";
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
import { bandStatistics, centerBands, copyWindow, pooledLength, poolFrames, standardise, windowStarts, type BandStatistics } from "./tcaeInput.ts";
import { tcaeEncoderNet } from "./tcaeNet.ts";

/** Where the mels come from: the pipeline wraps ml/data/mel.ts, tests make synthetic ones. */
export interface MelSource {
  /** Songs that have a mel, ascending. */
  ids: Int32Array;
  /** Band-major 48 × 1876 (index band * 1876 + frame). */
  read(songId: number): Float32Array;
}

export interface TcaeConfig {
  preset: "cpu" | "okm";
  /** Encoder widths after the 48 input bands; the decoder mirrors them. */
  channels: number[];
  /** One per encoder layer (kernel size 3, so a layer reaches 2·dilation frames back). */
  dilations: number[];
  embeddingDim: number;
  /** Crop length in mel frames (before pooling) used in training and as the encode window. */
  frames: number;
  /** Time pooling: mean of this many consecutive frames before the encoder; 1 = none. */
  pool: number;
  /** Subtract each song's own per-band mean first (removes a recording's static EQ/timbre; see centerBands). */
  centerSongs: boolean;
  epochs: number;
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
  /** Mean reconstruction MSE of each epoch (standardised units). */
  lossHistory: number[];
}

export interface TcaeOptions {
  progress?: boolean;
  signal?: AbortSignal;
  /** Threads of the compute backend that encodes (default 2). */
  threads?: number;
}

const KERNEL = 3;
const BN_MOMENTUM = 0.9;
/** Windows per encoding batch. */
const ENCODE_BATCH = 256;

/** Frames per crop after pooling. */
function windowLength(config: TcaeConfig): number {
  return config.frames / config.pool;
}

function paramSpecs(config: TcaeConfig): ParamSpec[] {
  const widths = [MEL_BANDS, ...config.channels];
  const last = config.channels[config.channels.length - 1]!;
  const flat = last * windowLength(config);
  const specs: ParamSpec[] = [
    { name: "input.mean", shape: [MEL_BANDS], init: "zeros", trainable: false },
    { name: "input.std", shape: [MEL_BANDS], init: "ones", trainable: false },
  ];
  config.channels.forEach((out, i) => specs.push(...denseSpecs(`enc${i}`, KERNEL * widths[i]!, out), ...batchNormSpecs(`enc${i}.bn`, out)));
  specs.push(...denseSpecs("bottleneck", flat, config.embeddingDim), ...batchNormSpecs("bottleneck.bn", config.embeddingDim));
  specs.push(...denseSpecs("expand", config.embeddingDim, flat));
  const reversed = [...widths].reverse();
  for (let i = 0; i < config.channels.length; i++) {
    specs.push(...denseSpecs(`dec${i}`, KERNEL * reversed[i]!, reversed[i + 1]!));
    if (i < config.channels.length - 1) specs.push(...batchNormSpecs(`dec${i}.bn`, reversed[i + 1]!));
  }
  return specs;
}

type Mode = { stats: BatchStats } | null;

/** Conv → batch norm → ReLU on [B, T, C]. */
function convBlock(p: Params, name: string, x: tf.Tensor3D, dilation: number, direction: "causal" | "anticausal", mode: Mode, plain = false): tf.Tensor3D {
  const y = dilatedConv1d(x, p(`${name}.kernel`) as tf.Tensor2D, p(`${name}.bias`) as tf.Tensor1D, dilation, direction);
  if (plain) return y;
  const [b, t, c] = y.shape;
  const normed = batchNorm(tf.reshape(y, [b * t, c]), batchNormParams(p, `${name}.bn`), mode && { name: `${name}.bn`, stats: mode.stats });
  return tf.reshape(tf.relu(normed), [b, t, c]);
}

/** Standardised windows [B, T, 48] → embeddings [B, E] in (−1, 1). */
function encodeWindows(p: Params, config: TcaeConfig, x: tf.Tensor3D, mode: Mode): tf.Tensor2D {
  let h = x;
  config.channels.forEach((_, i) => {
    h = convBlock(p, `enc${i}`, h, config.dilations[i]!, "causal", mode);
  });
  const [b, t, c] = h.shape;
  const z = linear(tf.reshape(h, [b, t * c]), p("bottleneck.kernel") as tf.Tensor2D, p("bottleneck.bias") as tf.Tensor1D);
  return tf.tanh(batchNorm(z, batchNormParams(p, "bottleneck.bn"), mode && { name: "bottleneck.bn", stats: mode.stats }));
}

/** Embeddings [B, E] → reconstructed windows [B, T, 48]. */
function decodeWindows(p: Params, config: TcaeConfig, z: tf.Tensor2D, mode: Mode): tf.Tensor3D {
  const frames = windowLength(config);
  const last = config.channels[config.channels.length - 1]!;
  let h = tf.reshape(tf.relu(linear(z, p("expand.kernel") as tf.Tensor2D, p("expand.bias") as tf.Tensor1D)), [z.shape[0], frames, last]) as tf.Tensor3D;
  const dilations = [...config.dilations].reverse();
  dilations.forEach((d, i) => {
    h = convBlock(p, `dec${i}`, h, d, "anticausal", mode, i === dilations.length - 1);
  });
  return h;
}

/** Reads, pools and standardises one song (time-major [frames × 48]). */
function prepareSong(mels: MelSource, id: number, config: TcaeConfig, stats: BandStatistics | null): Float32Array {
  const song = poolFrames(mels.read(id), config.pool);
  if (config.centerSongs) centerBands(song);
  return stats ? standardise(song, stats) : song;
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

  constructor(readonly config: TcaeConfig, inputStats: BandStatistics) {
    validateTcaeConfig(config);
    const specs = paramSpecs(config);
    const initial = initParams(specs, new Random(config.seed, "tcae-init"));
    initial.set("input.mean", { shape: [MEL_BANDS], data: inputStats.mean });
    initial.set("input.std", { shape: [MEL_BANDS], data: inputStats.std });
    ({ all: this.variables, trainable: this.trainable } = toVariables(initial, specs));
    this.optimizer = tf.train.adam(config.learningRate);
  }

  /** One step on `count` standardised windows (count × window frames × 48, time-major); returns their MSE. */
  async step(windows: Float32Array, count: number): Promise<number> {
    const p = paramLookup(this.variables);
    const x = tf.tensor3d(windows.subarray(0, count * windowLength(this.config) * MEL_BANDS), [count, windowLength(this.config), MEL_BANDS]);
    const mode = { stats: this.stats };
    const loss = this.optimizer.minimize(() => {
      const recon = decodeWindows(p, this.config, encodeWindows(p, this.config, x, mode), mode);
      return tf.mean(tf.squaredDifference(recon, x)) as tf.Scalar;
    }, true, this.trainable)!;
    updateMovingStats(this.variables, this.stats, BN_MOMENTUM);
    const value = (await loss.data())[0]!;
    tf.dispose([loss, x]);
    return value;
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

  constructor(readonly model: TcaeModel) {
    validateTcaeConfig(model.config);
    this.tensors = toTensors(model.params);
  }

  /** Embeddings (count × embeddingDim) of `count` standardised windows. */
  async encode(windows: Float32Array, count: number): Promise<Float32Array> {
    const { config } = this.model;
    const p = paramLookup(this.tensors);
    const out = tf.tidy(() => encodeWindows(p, config, tf.tensor3d(windows.subarray(0, count * windowLength(config) * MEL_BANDS), [count, windowLength(config), MEL_BANDS]), null));
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return values;
  }

  dispose(): void {
    disposeAll(this.tensors);
  }
}


export async function trainTcae(mels: MelSource, config: TcaeConfig, opts: TcaeOptions = {}): Promise<TcaeModel> {
  validateTcaeConfig(config);
  if (mels.ids.length === 0) throw new Error("trainTcae: no song has a mel-spectrogram");
  await requireTrainingBackend();
  const rng = new Random(config.seed, "tcae");
  const ids = trainingIds(mels.ids, config, rng);
  const songs = ids.map((id) => prepareSong(mels, id, config, null));
  const inputStats = bandStatistics(songs);
  for (const song of songs) standardise(song, inputStats);

  const trainer = new TcaeTrainer(config, inputStats);
  const window = windowLength(config);
  const batchSize = Math.min(config.batchSize, songs.length);
  const stepsPerEpoch = Math.max(1, Math.floor(songs.length / batchSize));
  const progress = createProgress("tcae train", stepsPerEpoch * batchSize * config.epochs, { unit: "crops", quiet: !opts.progress });
  const batch = new Float32Array(batchSize * window * MEL_BANDS);
  const lossHistory: number[] = [];
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      // Each epoch visits every training song once, with a fresh random crop.
      const order = rng.shuffle(songs.map((_, i) => i));
      let epochLoss = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (opts.signal?.aborted) throw new Interrupted();
        for (let k = 0; k < batchSize; k++) {
          const song = songs[order[step * batchSize + k]!]!;
          const start = rng.int(song.length / MEL_BANDS - window + 1);
          copyWindow(song, start, window, batch, k * window * MEL_BANDS);
        }
        const loss = await trainer.step(batch, batchSize);
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

/** How many encode windows cover one full-length song. */
export function windowsPerSong(config: TcaeConfig): number {
  return windowStarts(pooledLength(config.pool), windowLength(config)).length;
}

/**
 * Embeddings of every song in `mels.ids`: the mean of its window embeddings (see the header comment). The
 * encoder runs on the compute backend (ONNX Runtime unless MUGLE_COMPUTE=reference) from its description in
 * tcaeNet.ts.
 */
export async function encodeTcae(model: TcaeModel, mels: MelSource, opts: TcaeOptions = {}): Promise<EmbeddingSet> {
  const { config } = model;
  validateTcaeConfig(config);
  const encoder = await (await computeBackend({ threads: opts.threads ?? 2 })).nets.open(tcaeEncoderNet(model));
  const inputStats = statsFromParams(model.params);
  const window = windowLength(config);
  const dim = config.embeddingDim;
  const vectors = new Float32Array(mels.ids.length * dim);
  const windowsOf = new Int32Array(mels.ids.length);
  const batch = new Float32Array(ENCODE_BATCH * window * MEL_BANDS);
  const owners: number[] = [];
  const progress = createProgress("tcae encode", mels.ids.length, { unit: "songs", quiet: !opts.progress });

  const flush = async () => {
    if (owners.length === 0) return;
    const values = await encoder.run({ windows: batch }, owners.length);
    owners.forEach((row, k) => {
      for (let j = 0; j < dim; j++) vectors[row * dim + j] = vectors[row * dim + j]! + values[k * dim + j]!;
    });
    owners.length = 0;
  };

  try {
    for (let row = 0; row < mels.ids.length; row++) {
      if (opts.signal?.aborted) throw new Interrupted();
      const song = prepareSong(mels, mels.ids[row]!, config, inputStats);
      const starts = windowStarts(song.length / MEL_BANDS, window);
      windowsOf[row] = starts.length;
      for (const start of starts) {
        copyWindow(song, start, window, batch, owners.length * window * MEL_BANDS);
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
  for (let row = 0; row < mels.ids.length; row++) {
    for (let j = 0; j < dim; j++) vectors[row * dim + j] = vectors[row * dim + j]! / windowsOf[row]!;
  }
  progress.done();
  return { ids: Int32Array.from(mels.ids), vectors, dim };
}

export function saveTcae(model: TcaeModel): Uint8Array {
  return encodeTensors(model.params, { model: "tcae", config: model.config, lossHistory: model.lossHistory });
}

export function loadTcae(bytes: Uint8Array): TcaeModel {
  const { tensors, meta } = decodeTensors(bytes);
  if (meta.model !== "tcae") throw new Error(`weights are for ${JSON.stringify(meta.model)}, not tcae`);
  const config = meta.config as TcaeConfig;
  validateTcaeConfig(config);
  for (const spec of paramSpecs(config)) {
    const t = tensors.get(spec.name);
    if (!t || t.shape.join() !== spec.shape.join()) throw new Error(`tcae weights: ${spec.name} missing or not [${spec.shape}]`);
  }
  return { config, params: tensors, lossHistory: (meta.lossHistory as number[] | undefined) ?? [] };
}
