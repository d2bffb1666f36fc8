// Training-free audio baselines: features any data scientist would try first on a mel-spectrogram, kept in
// every build's evaluation table beside TCAE and CEL, on the same songs (those with a mel), so the table
// shows at once whether the learned audio embeddings beat them.
//   meanSpectrum  - each band's mean over the song's frames (48 numbers): the recording's colour.
//   pooledFrames  - the frames averaged in groups of four, time-major and flattened (48 × 469): the
//                   spectrogram itself, a little blurred, compared frame by frame.
//   loudestBand   - a histogram of which band is loudest in each frame (48 bins): roughly where the melody
//                   sits, ignoring when.
// Each is compared by cosine similarity, like the embeddings.
import { AUDIO_BASELINES, type AudioBaseline } from "../../lib/types.ts";
import { MEL_BANDS } from "../data/melon.ts";
import type { EmbeddingSet } from "../core/embedding.ts";
import { Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { pooledLength, poolFrames } from "../models/tcaeInput.ts";

/** Frames averaged per pooled frame in the pooledFrames baseline. */
export const BASELINE_POOL = 4;

/** Band-major mel [bands × frames] → each band's mean over the frames. */
export function meanSpectrum(mel: Float32Array, bands = MEL_BANDS): Float32Array {
  const frames = mel.length / bands;
  const out = new Float32Array(bands);
  for (let b = 0; b < bands; b++) {
    let sum = 0;
    for (let t = 0; t < frames; t++) sum += mel[b * frames + t]!;
    out[b] = sum / frames;
  }
  return out;
}

/** Band-major mel [bands × frames] → the share of frames in which each band is the loudest (the lower band on a tie). */
export function loudestBandHistogram(mel: Float32Array, bands = MEL_BANDS): Float32Array {
  const frames = mel.length / bands;
  const counts = new Float32Array(bands);
  for (let t = 0; t < frames; t++) {
    let best = 0;
    for (let b = 1; b < bands; b++) if (mel[b * frames + t]! > mel[best * frames + t]!) best = b;
    counts[best]! += 1;
  }
  for (let b = 0; b < bands; b++) counts[b] = counts[b]! / frames;
  return counts;
}

/** The feature of one baseline for one full-length band-major mel. */
export function baselineFeature(baseline: AudioBaseline, mel: Float32Array): Float32Array {
  switch (baseline) {
    case "meanSpectrum":
      return meanSpectrum(mel);
    case "pooledFrames":
      return poolFrames(mel, BASELINE_POOL);
    case "loudestBand":
      return loudestBandHistogram(mel);
  }
}

export function baselineDim(baseline: AudioBaseline): number {
  return baseline === "pooledFrames" ? pooledLength(BASELINE_POOL) * MEL_BANDS : MEL_BANDS;
}

/**
 * The songs the baselines are computed for: every song with a mel, or a seeded sample of `maxSongs` of them
 * (ascending) in a catalogue too large for the pooled frames (48 × 469 floats per song) to be held and
 * compared exhaustively. 0 = no limit.
 */
export function baselineSongs(melIds: Int32Array, maxSongs: number, seed: number): Int32Array {
  if (maxSongs <= 0 || melIds.length <= maxSongs) return melIds;
  const picked = new Random(seed, "audio-baselines").shuffle(Array.from(melIds)).slice(0, maxSongs);
  return Int32Array.from(picked.sort((a, b) => a - b));
}

/** The three baselines' vectors for `ids` (ascending), reading each mel once. */
export function audioBaselineEmbeddings(
  ids: Int32Array,
  read: (songId: number) => Float32Array,
  opts: { progress?: boolean; signal?: AbortSignal } = {},
): Record<AudioBaseline, EmbeddingSet> {
  const sets = Object.fromEntries(
    AUDIO_BASELINES.map((b) => [b, { ids: Int32Array.from(ids), vectors: new Float32Array(ids.length * baselineDim(b)), dim: baselineDim(b) }]),
  ) as Record<AudioBaseline, EmbeddingSet>;
  const progress = createProgress("audio baselines", ids.length, { unit: "songs", quiet: !opts.progress });
  for (let row = 0; row < ids.length; row++) {
    if (opts.signal?.aborted) throw new Interrupted();
    const mel = read(ids[row]!);
    for (const b of AUDIO_BASELINES) sets[b].vectors.set(baselineFeature(b, mel), row * sets[b].dim);
    progress.tick();
  }
  progress.done();
  return sets;
}
