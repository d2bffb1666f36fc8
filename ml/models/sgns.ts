// Skip-gram with negative sampling, the training loop of word2vec.c, songs being words and playlists
// sentences. One SgnsTrainer runs on one thread; Music2Vec runs one per worker (ml/models/music2vec.ts
// decides how their weights are shared and merged).
//
// The loop over one sentence's pairs exists twice, with the same arithmetic operation for operation:
// `trainSentenceReference` below, the readable TypeScript, and the WebAssembly SIMD kernel
// (ml/compute/wasm/sgns.wat, loaded by ml/compute/sgnsKernel.ts), several times faster. The compute backend
// picks one; the tests hold the kernel to bit-identical weights. The arithmetic both follow:
// - weights are float32 rows `rowStride` floats apart (the dimension rounded up to a multiple of 8, the
//   padding zero; it stays zero because every update of a padding lane adds g · 0);
// - every product and sum is rounded to float32 (Math.fround here, f32 operations in the kernel), as
//   word2vec.c's `real` arithmetic;
// - a dot product keeps 8 partial sums, sum j collecting the products k ≡ j (mod 8), combined as
//   ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7)): the kernel's two 4-lane accumulators;
// - g = (label − σ(f)) · alpha is worked out in float64 with σ from the table and rounded once.
import type { Random } from "../core/random.ts";

/** Rows are padded to a multiple of this many floats: the kernel's two 4-lane accumulators. */
export const ROW_ALIGN = 8;

/** Floats between consecutive rows of the weight matrices for a dimension. */
export function rowStride(dim: number): number {
  return Math.ceil(dim / ROW_ALIGN) * ROW_ALIGN;
}

/** The corpus as one flat array: sentence i is words[offsets[i] .. offsets[i + 1]), words are vocabulary rows. */
export interface SgnsCorpus {
  words: Int32Array;
  offsets: Int32Array;
}

export interface SgnsSettings {
  dim: number;
  window: number;
  negative: number;
  epochs: number;
  alpha: number;
  minAlpha: number;
  /** Shuffle each sentence before each epoch (playlists as sets). */
  asSet: boolean;
}

/** The shared-by-all-threads read-only inputs: negatives table and subsampling thresholds (ml/models/sampling.ts). */
export interface SgnsSamplers {
  unigramTable: Int32Array;
  keepThresholds: Float64Array;
}

/** Learning rate after `progress` (0..1) of all epochs' words: linear from alpha down to minAlpha, as gensim. */
export function learningRate(alpha: number, minAlpha: number, progress: number): number {
  return alpha - (alpha - minAlpha) * Math.min(1, Math.max(0, progress));
}

// word2vec.c's sigmoid table: 1000 cells over [-6, 6], saturated beyond (g = (label - 1|0) * alpha), as
// word2vec.c and gensim. Measured in isolation (the pair update on 100 dimensions, best of 8 runs) the table
// and 1 / (1 + Math.exp(-f)) cost the same (130-142k pairs per CPU-second either way): the dot products
// dominate. The table is kept for fidelity to the reference implementations.
export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;
export const SIGMOID_TABLE = (() => {
  const table = new Float64Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    table[i] = e / (e + 1);
  }
  return table;
})();
/** Cells per unit of f: the kernel has the same constant (83.33333333333333). */
export const SIGMOID_SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;

/** The sigmoid the trainer uses (table lookup, saturated outside ±MAX_EXP). */
export function tableSigmoid(x: number): number {
  if (x >= MAX_EXP) return 1;
  if (x <= -MAX_EXP) return 0;
  return SIGMOID_TABLE[Math.floor((x + MAX_EXP) * SIGMOID_SCALE)]!;
}

const fround = Math.fround;

/** a[aBase ..] · b[bBase ..] over `stride` floats (a multiple of 8), in the kernel's order and precision. */
function dot(a: Float32Array, aBase: number, b: Float32Array, bBase: number, stride: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  for (let k = 0; k < stride; k += 8) {
    s0 = fround(s0 + fround(a[aBase + k]! * b[bBase + k]!));
    s1 = fround(s1 + fround(a[aBase + k + 1]! * b[bBase + k + 1]!));
    s2 = fround(s2 + fround(a[aBase + k + 2]! * b[bBase + k + 2]!));
    s3 = fround(s3 + fround(a[aBase + k + 3]! * b[bBase + k + 3]!));
    s4 = fround(s4 + fround(a[aBase + k + 4]! * b[bBase + k + 4]!));
    s5 = fround(s5 + fround(a[aBase + k + 5]! * b[bBase + k + 5]!));
    s6 = fround(s6 + fround(a[aBase + k + 6]! * b[bBase + k + 6]!));
    s7 = fround(s7 + fround(a[aBase + k + 7]! * b[bBase + k + 7]!));
  }
  return fround(fround(fround(s0 + s4) + fround(s1 + s5)) + fround(fround(s2 + s6) + fround(s3 + s7)));
}

/** g = (label − σ(f)) · alpha, σ from the table, saturated beyond ±MAX_EXP, rounded to float32. */
function gradientScale(f: number, label: number, alpha: number): number {
  if (f >= MAX_EXP) return fround((label - 1) * alpha);
  if (f <= -MAX_EXP) return fround(label * alpha);
  return fround((label - SIGMOID_TABLE[((f + MAX_EXP) * SIGMOID_SCALE) | 0]!) * alpha);
}

/**
 * One SGNS step for an (input row, targets) pair, in place: targets[0] is the positive (label 1), the rest
 * negatives (label 0). Moves each target's output row and the input row by -alpha * gradient of
 * -log σ(v·u₊) - Σ log σ(-v·u₋). The output rows are updated one after another with the input row held
 * fixed until the end, as word2vec.c. Rows are `stride` floats apart (a multiple of 8). `neu1e` is scratch of
 * `stride` floats. The sentence loop below makes exactly these steps; the gradient check tests this one.
 */
export function sgnsStep(
  syn0: Float32Array,
  syn1neg: Float32Array,
  stride: number,
  input: number,
  targets: ArrayLike<number>,
  alpha: number,
  neu1e: Float32Array = new Float32Array(stride),
): void {
  const l1 = input * stride;
  neu1e.fill(0, 0, stride);
  for (let d = 0; d < targets.length; d++) updateTarget(syn0, l1, syn1neg, targets[d]! * stride, stride, d === 0 ? 1 : 0, alpha, neu1e);
  for (let k = 0; k < stride; k++) syn0[l1 + k] = syn0[l1 + k]! + neu1e[k]!;
}

/**
 * One target of a step: moves the output row at `l2` and adds the input row's gradient into `neu1e` (applied
 * by the caller once every target is done, as word2vec.c).
 */
function updateTarget(
  syn0: Float32Array,
  l1: number,
  syn1neg: Float32Array,
  l2: number,
  stride: number,
  label: number,
  alpha: number,
  neu1e: Float32Array,
): void {
  const g = gradientScale(dot(syn0, l1, syn1neg, l2, stride), label, alpha);
  for (let k = 0; k < stride; k++) {
    const out = syn1neg[l2 + k]!;
    neu1e[k] = neu1e[k]! + fround(g * out);
    syn1neg[l2 + k] = out + fround(g * syn0[l1 + k]!);
  }
}

/** The loss sgnsStep descends, with the exact sigmoid. */
export function sgnsLoss(syn0: Float32Array, syn1neg: Float32Array, stride: number, input: number, targets: ArrayLike<number>): number {
  let loss = 0;
  for (let d = 0; d < targets.length; d++) {
    let f = 0;
    for (let c = 0; c < stride; c++) f += syn0[input * stride + c]! * syn1neg[targets[d]! * stride + c]!;
    const signed = d === 0 ? f : -f;
    loss += Math.log1p(Math.exp(-signed));
  }
  return loss;
}

/** Everything one thread's sentence loop works on. */
export interface SentenceWork {
  syn0: Float32Array;
  syn1neg: Float32Array;
  /** Floats between rows (rowStride(dim)). */
  stride: number;
  unigramTable: Int32Array;
  window: number;
  negative: number;
  /** Scratch of `stride` floats. */
  neu1e: Float32Array;
  random: Random;
}

/**
 * word2vec.c's skip-gram loop over the `length` kept words of one sentence (vocabulary rows): for each
 * centre a reduced window width drawn in 1..window, weighting near songs more; for each context song in it,
 * sgnsStep towards the centre (label 1) and `negative` draws from the unigram table (label 0; a draw equal to
 * the centre is skipped). The reference the WebAssembly kernel is checked against.
 */
export function trainSentenceReference(kept: Int32Array, length: number, alpha: number, work: SentenceWork): void {
  const { syn0, syn1neg, stride, unigramTable: table, window, negative, neu1e, random } = work;
  const tableMask = table.length - 1;
  for (let position = 0; position < length; position++) {
    const word = kept[position]!;
    const reduce = random.nextUint32() % window;
    const start = Math.max(0, position - window + reduce);
    const stop = Math.min(length, position + window + 1 - reduce);
    for (let c = start; c < stop; c++) {
      if (c === position) continue;
      const l1 = kept[c]! * stride;
      neu1e.fill(0);
      for (let d = 0; d <= negative; d++) {
        let target = word;
        if (d > 0) {
          target = table[random.nextUint32() & tableMask]!;
          if (target === word) continue;
        }
        updateTarget(syn0, l1, syn1neg, target * stride, stride, d === 0 ? 1 : 0, alpha, neu1e);
      }
      for (let k = 0; k < stride; k++) syn0[l1 + k] = syn0[l1 + k]! + neu1e[k]!;
    }
  }
}

/** Trains one sentence's kept words (written into `kept` by the trainer); the reference or the kernel. */
export interface SentenceKernel {
  /** Where the trainer writes a sentence's kept words (at least as long as the longest sentence). */
  readonly kept: Int32Array;
  train(length: number, alpha: number): void;
}

/** The TypeScript sentence loop as a SentenceKernel. */
export function referenceKernel(work: SentenceWork, longestSentence: number): SentenceKernel {
  const kept = new Int32Array(longestSentence);
  return { kept, train: (length, alpha) => trainSentenceReference(kept, length, alpha, work) };
}

/** Words seen and words kept after subsampling (gensim's "effective words"). */
export interface SgnsCounts {
  raw: number;
  effective: number;
}

/** The longest sentence of a corpus (the size of a kept-words buffer). */
export function longestSentence(corpus: SgnsCorpus): number {
  let longest = 0;
  for (let i = 0; i + 1 < corpus.offsets.length; i++) longest = Math.max(longest, corpus.offsets[i + 1]! - corpus.offsets[i]!);
  return longest;
}

/**
 * One thread's training: per sentence, the shuffle (asSet) and frequent-song subsampling in TypeScript, then
 * the pair loop on the kernel. The kernel draws from the same Random, so both kinds of kernel consume one
 * stream in one order.
 */
export class SgnsTrainer {
  private readonly totalWords: number;

  constructor(
    private readonly corpus: SgnsCorpus,
    private readonly keepThresholds: Float64Array,
    private readonly settings: SgnsSettings,
    private readonly random: Random,
    private readonly kernel: SentenceKernel,
  ) {
    this.totalWords = corpus.offsets[corpus.offsets.length - 1]!;
  }

  /** Trains sentences first, first + step, ... below end, in epoch `epoch` (0-based). */
  trainSentences(epoch: number, first: number, end: number, step: number): SgnsCounts {
    const { words, offsets } = this.corpus;
    const { alpha, minAlpha, epochs, asSet } = this.settings;
    const thresholds = this.keepThresholds;
    const random = this.random;
    const kept = this.kernel.kept;
    const allWords = epochs * this.totalWords;
    let raw = 0;
    let effective = 0;
    for (let i = first; i < end; i += step) {
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      if (asSet) shuffleRange(words, from, to, random);
      // Subsample frequent songs afresh each epoch, as word2vec.c.
      let length = 0;
      for (let p = from; p < to; p++) {
        const word = words[p]!;
        if (random.nextUint32() < thresholds[word]!) kept[length++] = word;
      }
      raw += to - from;
      effective += length;
      if (length < 2) continue;
      this.kernel.train(length, learningRate(alpha, minAlpha, (epoch * this.totalWords + from) / allWords));
    }
    return { raw, effective };
  }
}

/** Fisher-Yates over words[from .. to), in place. */
function shuffleRange(words: Int32Array, from: number, to: number, random: Random): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + random.int(i - from + 1);
    const t = words[i]!;
    words[i] = words[j]!;
    words[j] = t;
  }
}
