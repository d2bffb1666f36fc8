// When is a TCAE neighbour "another version of this song" rather than a song that merely sounds alike?
// A real catalogue has no ground truth for that, so the build asks the model itself: it makes a
// version-like copy of some of its songs (the whole excerpt, starting a few seconds later, in another key and
// tempo, with other EQ and a noise floor: the view changes of tcaeAugment.ts), encodes it, and measures how
// similar each copy stays to its song ("same melody"). Songs that are not copies of each other, i.e. random
// pairs, give the other side ("different melody"). The threshold is set where a version-like copy still
// scores above it in most cases while almost no pair of different songs reaches it:
//   threshold = max(quantile(copies, COPY_QUANTILE), quantile(random pairs, 1 − FALSE_LABELS_PER_SONG / (n − 1))).
// "Almost no pair" depends on the catalogue's size n: a song's neighbours are drawn from all n − 1 others, so
// a fixed share of pairs (one in a thousand) would label a wrong neighbour on most songs of a large catalogue
// (on the demo sample it did: 0.9 labels per song, 8 % of them right). The pair quantile keeps the expected
// count of wrongly labelled neighbours per song at FALSE_LABELS_PER_SONG whatever the size.
// The site labels a TCAE neighbour at or above it "another version of this song (same melody)".
import { Random } from "../core/random.ts";
import { MEL_BANDS, MEL_FRAMES_PER_SECOND } from "../data/melon.ts";
import { encodePooledSongs, type MelSource, type TcaeEmbedding, type TcaeModel, type TcaeOptions } from "./tcae.ts";
import { applyWhitening } from "./whitening.ts";
import { drawView, renderView } from "./tcaeAugment.ts";
import { pooledLength, poolFrames } from "./tcaeInput.ts";

/** Share of version-like copies allowed to fall below the threshold. */
export const COPY_QUANTILE = 0.1;
/** Expected neighbours per song wrongly labelled another version (one song in twenty shows one). */
export const FALSE_LABELS_PER_SONG = 0.05;
/** Random pairs sampled: enough to estimate the pair quantile for catalogues of some thousands of songs (beyond, the sample's highest). */
const PAIR_SAMPLES = 200_000;
/**
 * Fewest songs with a TCAE vector for which the build calibrates the label at all. Below it the pair quantile
 * (at least 0.999) is not estimated but picked among a few dozen real pairs (100 songs have 4,950): the threshold
 * would fall on the catalogue's own closest pairs and label them, whatever they are. Such a catalogue (a small
 * music folder) gets no label; its TCAE neighbours are all "sounds alike".
 */
export const MIN_CALIBRATION_SONGS = 100;
/** Songs copied for the calibration (a seeded sample). */
export const CALIBRATION_SONGS = 300;

export interface SameMelodyCalibration {
  /** TCAE cosine at or above which a neighbour is labelled another version of the song. */
  threshold: number;
  /** Cosine of version-like copies to their song: the COPY_QUANTILE quantile and the median. */
  copies: { low: number; median: number; count: number };
  /** Cosine of random pairs of different songs: the median and the `quantile` quantile (`high`). */
  pairs: { median: number; high: number; quantile: number; count: number };
}

/** The q-quantile of `values` (sorted copy, nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function cosine(a: Float32Array, ai: number, b: Float32Array, bi: number, dim: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < dim; j++) {
    const x = a[ai * dim + j]!;
    const y = b[bi * dim + j]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The pair quantile of the header comment for a catalogue of `songs` songs (at least 0.999). */
export function pairQuantile(songs: number): number {
  return Math.max(0.999, 1 - FALSE_LABELS_PER_SONG / Math.max(1, songs - 1));
}

/** The threshold rule of the header comment, from the two samples of cosines and the catalogue's size. */
export function sameMelodyThreshold(copies: readonly number[], pairs: readonly number[], songs: number): SameMelodyCalibration {
  const low = quantile(copies, COPY_QUANTILE);
  const q = pairQuantile(songs);
  const high = quantile(pairs, q);
  return {
    threshold: Math.max(low, high),
    copies: { low, median: quantile(copies, 0.5), count: copies.length },
    pairs: { median: quantile(pairs, 0.5), high, quantile: q, count: pairs.length },
  };
}

export async function calibrateSameMelody(
  model: TcaeModel,
  mels: MelSource,
  embedding: TcaeEmbedding,
  seed: number,
  opts: TcaeOptions = {},
): Promise<SameMelodyCalibration> {
  const { config } = model;
  const random = new Random(seed, "same-melody");
  const rows = random.shuffle(Array.from(embedding.ids.keys())).slice(0, CALIBRATION_SONGS).sort((a, b) => a - b);
  const length = pooledLength(config.pool);
  // A whole excerpt, starting up to a fifth of it later (the end repeats), with the training's view changes.
  const augment = { ...config.augment, frames: length, framesPerSecond: MEL_FRAMES_PER_SECOND / config.pool, mixDb: [0, 0] as const };
  const encodedCopies = await encodePooledSongs(
    model,
    rows.length,
    (k) => {
      const song = poolFrames(mels.read(embedding.ids[rows[k]!]!), config.pool);
      const view = { ...drawView(random, augment, length), start: random.range(0, length / 5) };
      const out = new Float32Array(length * MEL_BANDS);
      renderView(song, view, length, out, 0);
      return out;
    },
    { ...opts, label: "tcae calibrate" },
  );
  // In the catalogue's space: whitened by the very transform its vectors were (fitted on the catalogue alone).
  const copies = embedding.whitening ? applyWhitening(embedding.whitening, encodedCopies) : encodedCopies;
  const dim = embedding.dim;
  const copyCosines = rows.map((row, k) => cosine(copies, k, embedding.vectors, row, dim));
  const n = embedding.ids.length;
  const pairCosines: number[] = [];
  for (let i = 0; i < PAIR_SAMPLES && n > 1; i++) {
    const a = random.int(n);
    const b = (a + 1 + random.int(n - 1)) % n;
    pairCosines.push(cosine(embedding.vectors, a, embedding.vectors, b, dim));
  }
  return sameMelodyThreshold(copyCosines, pairCosines, n);
}
