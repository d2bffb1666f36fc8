// Skip-gram with negative sampling, the training loop of word2vec.c in plain TypeScript over Float32Arrays.
// Songs are words and playlists are sentences. One SgnsTrainer runs on one thread; Music2Vec runs one per
// worker (ml/models/music2vec.ts decides how their weights are shared and merged).
import type { Random } from "../core/random.ts";

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
const SIGMOID_TABLE = (() => {
  const table = new Float64Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    table[i] = e / (e + 1);
  }
  return table;
})();
const SIGMOID_SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;

/** The sigmoid the trainer uses (table lookup, saturated outside ±MAX_EXP). */
export function tableSigmoid(x: number): number {
  if (x >= MAX_EXP) return 1;
  if (x <= -MAX_EXP) return 0;
  return SIGMOID_TABLE[Math.floor((x + MAX_EXP) * SIGMOID_SCALE)]!;
}

/**
 * One SGNS step for an (input row, targets) pair, in place: targets[0] is the positive (label 1), the rest
 * negatives (label 0). Moves each target's output row and the input row by -alpha * gradient of
 * -log σ(v·u₊) - Σ log σ(-v·u₋). The output rows are updated one after another with the input row held
 * fixed until the end, as word2vec.c. Exposed for the gradient check; the trainer inlines the same code.
 */
export function sgnsStep(
  syn0: Float32Array,
  syn1neg: Float32Array,
  dim: number,
  input: number,
  targets: ArrayLike<number>,
  alpha: number,
): void {
  const l1 = input * dim;
  const neu1e = new Float64Array(dim);
  for (let d = 0; d < targets.length; d++) {
    const l2 = targets[d]! * dim;
    let f = 0;
    for (let c = 0; c < dim; c++) f += syn0[l1 + c]! * syn1neg[l2 + c]!;
    const g = ((d === 0 ? 1 : 0) - tableSigmoid(f)) * alpha;
    for (let c = 0; c < dim; c++) neu1e[c] = neu1e[c]! + g * syn1neg[l2 + c]!;
    for (let c = 0; c < dim; c++) syn1neg[l2 + c] = syn1neg[l2 + c]! + g * syn0[l1 + c]!;
  }
  for (let c = 0; c < dim; c++) syn0[l1 + c] = syn0[l1 + c]! + neu1e[c]!;
}

/** The loss sgnsStep descends, with the exact sigmoid. */
export function sgnsLoss(syn0: Float32Array, syn1neg: Float32Array, dim: number, input: number, targets: ArrayLike<number>): number {
  let loss = 0;
  for (let d = 0; d < targets.length; d++) {
    let f = 0;
    for (let c = 0; c < dim; c++) f += syn0[input * dim + c]! * syn1neg[targets[d]! * dim + c]!;
    const signed = d === 0 ? f : -f;
    loss += Math.log1p(Math.exp(-signed));
  }
  return loss;
}

/** Words seen and words kept after subsampling (gensim's "effective words"). */
export interface SgnsCounts {
  raw: number;
  effective: number;
}

export class SgnsTrainer {
  private readonly kept: Int32Array;
  /** The input row of the current pair, widened once per pair instead of once per target. */
  private readonly input: Float64Array;
  private readonly neu1e: Float64Array;
  private readonly totalWords: number;

  constructor(
    private readonly syn0: Float32Array,
    private readonly syn1neg: Float32Array,
    private readonly corpus: SgnsCorpus,
    private readonly samplers: SgnsSamplers,
    private readonly settings: SgnsSettings,
    private readonly random: Random,
  ) {
    let longest = 0;
    for (let i = 0; i + 1 < corpus.offsets.length; i++) longest = Math.max(longest, corpus.offsets[i + 1]! - corpus.offsets[i]!);
    this.kept = new Int32Array(longest);
    this.input = new Float64Array(settings.dim);
    this.neu1e = new Float64Array(settings.dim);
    const tableSize = samplers.unigramTable.length;
    if (tableSize & (tableSize - 1)) throw new Error(`SgnsTrainer: the unigram table size ${tableSize} is not a power of two`);
    this.totalWords = corpus.offsets[corpus.offsets.length - 1]!;
  }

  /** Trains sentences first, first + step, ... below end, in epoch `epoch` (0-based). */
  trainSentences(epoch: number, first: number, end: number, step: number): SgnsCounts {
    const { words, offsets } = this.corpus;
    const { alpha, minAlpha, epochs, asSet } = this.settings;
    const thresholds = this.samplers.keepThresholds;
    const random = this.random;
    const kept = this.kept;
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
      this.trainSentence(length, learningRate(alpha, minAlpha, (epoch * this.totalWords + from) / allWords));
    }
    return { raw, effective };
  }

  /** word2vec.c's skip-gram loop over the kept words of one sentence. */
  private trainSentence(length: number, alpha: number): void {
    const syn0 = this.syn0;
    const syn1neg = this.syn1neg;
    const input = this.input;
    const neu1e = this.neu1e;
    const kept = this.kept;
    const random = this.random;
    const table = this.samplers.unigramTable;
    const tableMask = table.length - 1;
    const { dim, window, negative } = this.settings;
    for (let position = 0; position < length; position++) {
      const word = kept[position]!;
      // Reduced window: each centre uses a random width in 1..window, weighting near songs more.
      const b = random.nextUint32() % window;
      const start = Math.max(0, position - window + b);
      const stop = Math.min(length, position + window + 1 - b);
      for (let c = start; c < stop; c++) {
        if (c === position) continue;
        const l1 = kept[c]! * dim;
        for (let k = 0; k < dim; k++) {
          input[k] = syn0[l1 + k]!;
          neu1e[k] = 0;
        }
        for (let d = 0; d <= negative; d++) {
          let target: number;
          let label: number;
          if (d === 0) {
            target = word;
            label = 1;
          } else {
            target = table[random.nextUint32() & tableMask]!;
            if (target === word) continue;
            label = 0;
          }
          const l2 = target * dim;
          // Four partial sums: one accumulator would wait on each add's latency.
          let f0 = 0;
          let f1 = 0;
          let f2 = 0;
          let f3 = 0;
          let k = 0;
          for (; k + 3 < dim; k += 4) {
            f0 += input[k]! * syn1neg[l2 + k]!;
            f1 += input[k + 1]! * syn1neg[l2 + k + 1]!;
            f2 += input[k + 2]! * syn1neg[l2 + k + 2]!;
            f3 += input[k + 3]! * syn1neg[l2 + k + 3]!;
          }
          for (; k < dim; k++) f0 += input[k]! * syn1neg[l2 + k]!;
          const f = f0 + f1 + (f2 + f3);
          let g: number;
          if (f >= MAX_EXP) g = (label - 1) * alpha;
          else if (f <= -MAX_EXP) g = label * alpha;
          else g = (label - SIGMOID_TABLE[((f + MAX_EXP) * SIGMOID_SCALE) | 0]!) * alpha;
          for (let k = 0; k < dim; k++) {
            const out = syn1neg[l2 + k]!;
            neu1e[k] = neu1e[k]! + g * out;
            syn1neg[l2 + k] = out + g * input[k]!;
          }
        }
        for (let k = 0; k < dim; k++) syn0[l1 + k] = syn0[l1 + k]! + neu1e[k]!;
      }
    }
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
