// CEL multimodal: one embedding from both views of a song, as in the original OK Mugle network.
//   TCAE emb      → dense hidden → batch norm → tanh ┐
//   Music2Vec emb → dense hidden → batch norm → tanh ┴ concat → dense joint → batch norm → tanh → dense E → tanh
// Loss: the cosine-embedding loss with target +1 against each input embedding, weighted and summed:
//   w_tcae · (1 − cos(out, tcae)) + w_music2vec · (1 − cos(out, music2vec)),
// so the output must have the inputs' dimension, and it lands between the two views. Adam. Trained and
// encoded only for songs that have both embeddings; batch norm uses its moving averages when encoding.
//
// Balance: the two inputs come from different models with different scales (Music2Vec's vector norms
// follow word frequency; TCAE's are unit length), so by default each input row is L2-normalised before the
// network sees it (in training and in encoding, outside the network description): neither view speaks
// louder because of its units. The loss weights then say how much of each the joint embedding keeps; the
// build reports the mean cosine of the output to each input.
import * as tf from "@tensorflow/tfjs";
import { validateCelConfig } from "../config.ts";
import type { EmbeddingSet } from "../core/embedding.ts";
import { Interrupted, checkpoint } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { computeBackend } from "../compute/backend.ts";
import { requireTrainingBackend } from "../compute/tf/backend.ts";
import { setTrainingThreads } from "../compute/tf/nativeGemm.ts";
import { batchNorm, linear, updateMovingStats, type BatchStats } from "../compute/tf/layers.ts";
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
import { celNet } from "./celNet.ts";

export interface CelConfig {
  /** Width of each modality's branch. */
  hidden: number;
  /** Width of the joint layer. */
  joint: number;
  /** Output dimension; must equal both input dimensions (the loss compares the output with each input). */
  embeddingDim: number;
  /** L2-normalise each input row before the network (see the header comment). */
  normalizeInputs: boolean;
  /** Weight of each input's cosine-embedding loss term. */
  tcaeWeight: number;
  music2vecWeight: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface CelStats {
  /** Songs having both embeddings (trained on and encoded). */
  songs: number;
  /** Mean loss of each epoch, in [0, 2 · (tcaeWeight + music2vecWeight)]. */
  lossHistory: number[];
  /** Mean cosine between the output and each input over all encoded songs. */
  meanCosine: { tcae: number; music2vec: number };
}

export interface CelOptions {
  progress?: boolean;
  signal?: AbortSignal;
  /** Threads of the compute backend that encodes (default 2). */
  threads?: number;
  /** Threads training's matrix products may use (default 1; tf/nativeGemm.ts). */
  trainingThreads?: number;
}

const BN_MOMENTUM = 0.9;
const ENCODE_BATCH = 1024;

function paramSpecs(config: CelConfig, tcaeDim: number, music2vecDim: number): ParamSpec[] {
  return [
    ...denseSpecs("tcae", tcaeDim, config.hidden),
    ...batchNormSpecs("tcae.bn", config.hidden),
    ...denseSpecs("music2vec", music2vecDim, config.hidden),
    ...batchNormSpecs("music2vec.bn", config.hidden),
    ...denseSpecs("joint", 2 * config.hidden, config.joint),
    ...batchNormSpecs("joint.bn", config.joint),
    ...denseSpecs("out", config.joint, config.embeddingDim),
  ];
}

type Mode = { stats: BatchStats } | null;

function denseBnTanh(p: Params, name: string, x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
  const z = linear(x, p(`${name}.kernel`) as tf.Tensor2D, p(`${name}.bias`) as tf.Tensor1D);
  return tf.tanh(batchNorm(z, batchNormParams(p, `${name}.bn`), mode && { name: `${name}.bn`, stats: mode.stats }));
}

function forward(p: Params, tcae: tf.Tensor2D, music2vec: tf.Tensor2D, mode: Mode): tf.Tensor2D {
  const joined = tf.concat([denseBnTanh(p, "tcae", tcae, mode), denseBnTanh(p, "music2vec", music2vec, mode)], 1);
  const joint = denseBnTanh(p, "joint", joined, mode);
  return tf.tanh(linear(joint, p("out.kernel") as tf.Tensor2D, p("out.bias") as tf.Tensor1D));
}

/**
 * The network on TensorFlow.js in inference mode, from stored parameters: what celNet.ts describes for the
 * compute backend (celNet.test.ts holds the two to the same outputs).
 */
export function celForwardTf(params: TensorMap, tcae: Float32Array, music2vec: Float32Array, batch: number): Float32Array {
  const constants = toTensors(params);
  try {
    const p = paramLookup(constants);
    return tf.tidy(() => {
      const a = tf.tensor2d(tcae, [batch, tcae.length / batch]);
      const b = tf.tensor2d(music2vec, [batch, music2vec.length / batch]);
      return forward(p, a, b, null).dataSync() as Float32Array;
    }).slice();
  } finally {
    disposeAll(constants);
  }
}

/** Row-wise cosine of a [B, E] with b [B, E]. */
function rowCosine(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  const dot = tf.sum(tf.mul(a, b), 1);
  const norms = tf.sqrt(tf.add(tf.mul(tf.sum(tf.square(a), 1), tf.sum(tf.square(b), 1)), 1e-12));
  return tf.div(dot, norms) as tf.Tensor1D;
}

/** The songs present in both sets (both ascending), with their rows in each. */
function commonSongs(a: EmbeddingSet, b: EmbeddingSet): { ids: Int32Array; rowsA: Int32Array; rowsB: Int32Array } {
  const ids: number[] = [];
  const rowsA: number[] = [];
  const rowsB: number[] = [];
  for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length; ) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      ids.push(x);
      rowsA.push(i++);
      rowsB.push(j++);
    } else if (x < y) i++;
    else j++;
  }
  return { ids: Int32Array.from(ids), rowsA: Int32Array.from(rowsA), rowsB: Int32Array.from(rowsB) };
}

/** Rows `from`..`to` of `rows` gathered from `set`, each scaled to unit length when `normalize` is set (a zero row stays zero). */
function gatherRows(set: EmbeddingSet, rows: ArrayLike<number>, from: number, to: number, normalize: boolean): Float32Array {
  const dim = set.dim;
  const out = new Float32Array((to - from) * dim);
  for (let k = from; k < to; k++) {
    const row = set.vectors.subarray(rows[k]! * dim, (rows[k]! + 1) * dim);
    let scale = 1;
    if (normalize) {
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += row[j]! * row[j]!;
      scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    }
    for (let j = 0; j < dim; j++) out[(k - from) * dim + j] = row[j]! * scale;
  }
  return out;
}

/** Row-wise cosine of a with b, as rowCosine computes it. */
function cosine(a: Float32Array, aBase: number, b: Float32Array, bBase: number, dim: number): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < dim; k++) {
    dot += a[aBase + k]! * b[bBase + k]!;
    aa += a[aBase + k]! * a[aBase + k]!;
    bb += b[bBase + k]! * b[bBase + k]!;
  }
  return dot / Math.sqrt(aa * bb + 1e-12);
}

/**
 * Output embeddings (batch norm in inference mode) of every song in both sets, with the mean cosines to each
 * input. The network runs on the compute backend (ONNX Runtime unless MUGLE_COMPUTE=reference) from its
 * description in celNet.ts.
 */
async function encode(params: TensorMap, tcae: EmbeddingSet, music2vec: EmbeddingSet, config: CelConfig, threads: number) {
  const dim = config.embeddingDim;
  const { ids, rowsA, rowsB } = commonSongs(tcae, music2vec);
  const vectors = new Float32Array(ids.length * dim);
  const runner = await (await computeBackend({ threads })).nets.open(celNet(params));
  let cosTcae = 0;
  let cosMusic2vec = 0;
  try {
    for (let from = 0; from < ids.length; from += ENCODE_BATCH) {
      const to = Math.min(ids.length, from + ENCODE_BATCH);
      const a = gatherRows(tcae, rowsA, from, to, config.normalizeInputs);
      const b = gatherRows(music2vec, rowsB, from, to, config.normalizeInputs);
      const out = await runner.run({ tcae: a, music2vec: b }, to - from);
      vectors.set(out, from * dim);
      for (let i = 0; i < to - from; i++) {
        cosTcae += cosine(out, i * dim, a, i * tcae.dim, dim);
        cosMusic2vec += cosine(out, i * dim, b, i * music2vec.dim, dim);
      }
    }
  } finally {
    runner.dispose();
  }
  const n = Math.max(ids.length, 1);
  return { embedding: { ids, vectors, dim } satisfies EmbeddingSet, meanCosine: { tcae: cosTcae / n, music2vec: cosMusic2vec / n } };
}

export async function trainCel(
  tcae: EmbeddingSet,
  music2vec: EmbeddingSet,
  config: CelConfig,
  opts: CelOptions = {},
): Promise<{ embedding: EmbeddingSet; weights: Uint8Array; stats: CelStats }> {
  validateCelConfig(config);
  if (tcae.dim !== config.embeddingDim || music2vec.dim !== config.embeddingDim) {
    throw new Error(`cel: embeddingDim ${config.embeddingDim} must equal the TCAE (${tcae.dim}) and Music2Vec (${music2vec.dim}) dimensions, since the loss compares the output with each`);
  }
  const { ids, rowsA, rowsB } = commonSongs(tcae, music2vec);
  if (ids.length < 2) throw new Error(`cel: ${ids.length} song(s) have both embeddings, need at least 2`);
  await requireTrainingBackend();
  const rng = new Random(config.seed, "cel");
  const specs = paramSpecs(config, tcae.dim, music2vec.dim);
  const { all, trainable } = toVariables(initParams(specs, new Random(config.seed, "cel-init")), specs);
  const p = paramLookup(all);
  const optimizer = tf.train.adam(config.learningRate);
  const batchSize = Math.min(config.batchSize, ids.length);
  const stepsPerEpoch = Math.max(1, Math.floor(ids.length / batchSize));
  const progress = createProgress("cel train", stepsPerEpoch * config.epochs, { unit: "steps", quiet: !opts.progress });
  const stats: BatchStats = new Map();
  const lossHistory: number[] = [];
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const order = rng.shuffle(Array.from(ids.keys()));
      let epochLoss = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (opts.signal?.aborted) throw new Interrupted();
        const picked = order.slice(step * batchSize, (step + 1) * batchSize);
        const a = tf.tensor2d(gatherRows(tcae, picked.map((k) => rowsA[k]!), 0, batchSize, config.normalizeInputs), [batchSize, tcae.dim]);
        const b = tf.tensor2d(gatherRows(music2vec, picked.map((k) => rowsB[k]!), 0, batchSize, config.normalizeInputs), [batchSize, music2vec.dim]);
        setTrainingThreads(opts.trainingThreads ?? 1);
        const loss = optimizer.minimize(() => {
          const y = forward(p, a, b, { stats });
          const terms = tf.add(tf.mul(tf.sub(1, rowCosine(y, a)), config.tcaeWeight), tf.mul(tf.sub(1, rowCosine(y, b)), config.music2vecWeight));
          return tf.mean(terms) as tf.Scalar;
        }, true, trainable)!;
        updateMovingStats(all, stats, BN_MOMENTUM);
        epochLoss += (await loss.data())[0]!;
        tf.dispose([loss, a, b]);
        progress.tick(1, `epoch ${epoch + 1}/${config.epochs}`);
        await checkpoint(opts.signal);
      }
      lossHistory.push(epochLoss / stepsPerEpoch);
    }
    const params = snapshot(all);
    const { embedding, meanCosine } = await encode(params, tcae, music2vec, config, opts.threads ?? 2);
    progress.done(lossHistory.length > 0 ? `loss ${lossHistory[lossHistory.length - 1]!.toFixed(4)}` : undefined);
    const weights = encodeTensors(params, { model: "cel", config, inputDims: { tcae: tcae.dim, music2vec: music2vec.dim } });
    return { embedding, weights, stats: { songs: ids.length, lossHistory, meanCosine } };
  } finally {
    optimizer.dispose();
    disposeAll(all);
  }
}

/** How CEL trained before inputs were normalised and the loss terms weighted: weights stored then encode as they trained. */
const LEGACY_BALANCE = { normalizeInputs: false, tcaeWeight: 1, music2vecWeight: 1 };

/** CEL embeddings from stored weights (a rebuild reusing a previous catalogue's model). */
export async function encodeCel(weights: Uint8Array, tcae: EmbeddingSet, music2vec: EmbeddingSet): Promise<EmbeddingSet> {
  const { tensors, meta } = decodeTensors(weights);
  if (meta.model !== "cel") throw new Error(`weights are for ${JSON.stringify(meta.model)}, not cel`);
  const config = meta.config as CelConfig;
  for (const spec of paramSpecs(config, tcae.dim, music2vec.dim)) {
    const t = tensors.get(spec.name);
    if (!t || t.shape.join() !== spec.shape.join()) throw new Error(`cel weights: ${spec.name} missing or not [${spec.shape}]`);
  }
  return (await encode(tensors, tcae, music2vec, { ...LEGACY_BALANCE, ...config }, 2)).embedding;
}
