// What `mugle tune` searches: a grid of values for each Music2Vec hyper-parameter, and a seeded draw of
// configurations from it. The draw starts with two anchors, so the search can only improve on them:
// the build's default for the corpus (ml/config.ts) and the best music settings published for skip-gram on
// playlists (Caselles-Dupré, Lesaint and Royo-Letelier, RecSys 2018: window 3, subsampling 1e-5,
// negative-sampling exponent −0.5, 110–130 epochs, capped here by the training-words limit).
import { Random } from "../core/random.ts";
import type { Music2VecConfig } from "../models/music2vec.ts";

/** The hyper-parameters the tuner varies; every other Music2Vec option stays as the base config has it. */
export const TUNED_KEYS = ["window", "epochs", "sample", "nsExponent", "negative", "dim", "alpha"] as const;
export type TunedKey = (typeof TUNED_KEYS)[number];
export type Candidate = Pick<Music2VecConfig, TunedKey>;
export type SearchSpace = { readonly [K in TunedKey]: readonly number[] };

export const DEFAULT_SPACE: SearchSpace = {
  window: [3, 5, 10, 20],
  epochs: [5, 10, 20, 40, 80, 120],
  sample: [0, 1e-5, 1e-4, 1e-3],
  nsExponent: [-0.5, 0, 0.5, 0.75, 1],
  negative: [5, 10, 20],
  dim: [64, 128],
  alpha: [0.0125, 0.025, 0.05],
};

/** The published best for music (RecSys 2018), at the most epochs the limit allows (they used 110–130). */
export const PUBLISHED_MUSIC: Omit<Candidate, "epochs" | "dim" | "negative" | "alpha"> = { window: 3, sample: 1e-5, nsExponent: -0.5 };

export function candidateKey(c: Candidate): string {
  return TUNED_KEYS.map((k) => `${k}=${c[k]}`).join(" ");
}

/** Training words a candidate costs on a corpus of `wordsPerEpoch` (before subsampling). */
export function trainingWords(c: Pick<Candidate, "epochs">, wordsPerEpoch: number): number {
  return c.epochs * wordsPerEpoch;
}

export interface DrawOptions {
  space: SearchSpace;
  /** The build's default for this corpus: always tried first. */
  baseline: Candidate;
  /** Candidates whose epochs × words per epoch exceed this are never drawn (the build must stay affordable). */
  maxTrainingWords: number;
  /** Words of one epoch of the full tune-train corpus. */
  wordsPerEpoch: number;
  seed: number;
}

/**
 * Up to `count` distinct candidates: the baseline, then the published music settings (with the baseline's
 * dimension, negatives and learning rate, at the largest affordable epochs), then uniform draws from the grid,
 * all within the training-words limit. The same options give the same list, and a longer list starts with a
 * shorter one (so a larger budget only adds candidates).
 */
export function drawCandidates(count: number, options: DrawOptions): Candidate[] {
  const { space, baseline, maxTrainingWords, wordsPerEpoch } = options;
  const affordable = (c: Candidate) => trainingWords(c, wordsPerEpoch) <= maxTrainingWords;
  const affordableEpochs = space.epochs.filter((e) => e * wordsPerEpoch <= maxTrainingWords);
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate) => {
    const key = candidateKey(c);
    if (out.length < count && affordable(c) && !seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  add(baseline);
  if (affordableEpochs.length > 0) add({ ...baseline, ...PUBLISHED_MUSIC, epochs: Math.max(...affordableEpochs) });
  if (affordableEpochs.length === 0) return out;
  const random = new Random(options.seed, "tune-candidates");
  const grid = { ...space, epochs: affordableEpochs };
  const size = TUNED_KEYS.reduce((n, k) => n * grid[k].length, 1);
  // Draws repeat once the grid is nearly exhausted; stop after a generous number of tries.
  for (let tries = 0; out.length < count && tries < 50 * count + size; tries++) {
    const c = Object.fromEntries(TUNED_KEYS.map((k) => [k, grid[k][random.int(grid[k].length)]!])) as Candidate;
    add(c);
  }
  return out;
}
