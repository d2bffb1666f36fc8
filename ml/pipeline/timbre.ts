// The timbre facet: where a song's colour lives now that TCAE listens for melody. TCAE is trained to ignore
// what changes between versions of a work (key, tempo, instruments, EQ, noise), so two songs close in TCAE
// share a melody, not a sound. What makes songs "sound alike" (instruments, production, brightness, how
// dynamic they are) is kept here instead, for every song with a mel: each band's mean and standard
// deviation over the song's frames (in dB; 96 numbers), each standardised over the catalogue so that no
// band's loudness dominates. Cosine similarity of two facets says how alike the songs sound; the song page
// shows it beside TCAE's neighbours.
import type { EmbeddingSet } from "../core/embedding.ts";
import { Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { MEL_BANDS } from "../data/melon.ts";

export const TIMBRE_DIM = 2 * MEL_BANDS;

/** Mean and (population) standard deviation of values[start + i * step] for i < count. */
function moments(values: Float32Array, start: number, count: number, step: number): { mean: number; std: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < count; i++) {
    const v = values[start + i * step]!;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / count;
  return { mean, std: Math.sqrt(Math.max(0, sumSq / count - mean * mean)) };
}

/** Band-major mel [bands × frames] (dB) → [mean of each band, standard deviation of each band]. */
export function timbreFeatures(mel: Float32Array, bands = MEL_BANDS): Float32Array {
  const frames = mel.length / bands;
  const out = new Float32Array(2 * bands);
  for (let b = 0; b < bands; b++) {
    const { mean, std } = moments(mel, b * frames, frames, 1);
    out[b] = mean;
    out[bands + b] = std;
  }
  return out;
}

/** In place: every column (dimension) of the set to mean 0 and standard deviation 1 over its rows (a constant column to 0). */
export function standardiseColumns(set: EmbeddingSet): EmbeddingSet {
  const { vectors, dim } = set;
  const rows = vectors.length / dim;
  for (let j = 0; j < dim; j++) {
    // With no rows nothing is written, so moments' NaN for an empty column is never used.
    const { mean, std } = moments(vectors, j, rows, dim);
    for (let r = 0; r < rows; r++) vectors[r * dim + j] = std > 1e-6 ? (vectors[r * dim + j]! - mean) / std : 0;
  }
  return set;
}

/** The standardised timbre facets of `ids` (ascending), reading each mel once. */
export function timbreFacets(ids: Int32Array, read: (songId: number) => Float32Array, opts: { progress?: boolean; signal?: AbortSignal } = {}): EmbeddingSet {
  const vectors = new Float32Array(ids.length * TIMBRE_DIM);
  const progress = createProgress("timbre", ids.length, { unit: "songs", quiet: !opts.progress });
  for (let row = 0; row < ids.length; row++) {
    if (opts.signal?.aborted) throw new Interrupted();
    vectors.set(timbreFeatures(read(ids[row]!)), row * TIMBRE_DIM);
    progress.tick();
  }
  progress.done();
  return standardiseColumns({ ids: Int32Array.from(ids), vectors, dim: TIMBRE_DIM });
}
