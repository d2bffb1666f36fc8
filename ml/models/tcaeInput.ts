// What the TCAE sees of a mel-spectrogram: frames averaged in groups of `pool` (the time pooling of the cpu
// preset), laid out time-major [frames × bands] so a conv over time is a matMul with bands as channels,
// standardised per mel band with statistics of the training songs. Pure functions over Float32Arrays.
import { MEL_BANDS, MEL_FRAMES } from "../data/melon.ts";

/** Frames after pooling a full-length mel. */
export function pooledLength(pool: number): number {
  return Math.floor(MEL_FRAMES / pool);
}

/**
 * Band-major mel [bands × MEL_FRAMES] (index band * MEL_FRAMES + frame) → time-major [frames × bands] with each
 * output frame the mean of `pool` consecutive input frames (a trailing remainder shorter than `pool` is dropped).
 */
export function poolFrames(mel: Float32Array, pool: number, bands = MEL_BANDS): Float32Array {
  const inFrames = mel.length / bands;
  const outFrames = Math.floor(inFrames / pool);
  const out = new Float32Array(outFrames * bands);
  for (let b = 0; b < bands; b++) {
    const row = b * inFrames;
    for (let t = 0; t < outFrames; t++) {
      let sum = 0;
      for (let k = 0; k < pool; k++) sum += mel[row + t * pool + k]!;
      out[t * bands + b] = sum / pool;
    }
  }
  return out;
}

export interface BandStatistics {
  mean: Float32Array;
  std: Float32Array;
}

/** Mean and standard deviation of each band over every frame of the given time-major songs (float64 sums). */
export function bandStatistics(songs: Float32Array[], bands = MEL_BANDS): BandStatistics {
  const sum = new Float64Array(bands);
  const sumSq = new Float64Array(bands);
  let frames = 0;
  for (const song of songs) {
    for (let i = 0; i < song.length; i++) {
      const v = song[i]!;
      const b = i % bands;
      sum[b] = sum[b]! + v;
      sumSq[b] = sumSq[b]! + v * v;
    }
    frames += song.length / bands;
  }
  const mean = new Float32Array(bands);
  const std = new Float32Array(bands);
  for (let b = 0; b < bands; b++) {
    const m = frames > 0 ? sum[b]! / frames : 0;
    mean[b] = m;
    // A silent band (zero variance) keeps scale 1 instead of dividing by zero.
    std[b] = Math.sqrt(Math.max(frames > 0 ? sumSq[b]! / frames - m * m : 0, 0)) || 1;
  }
  return { mean, std };
}

/**
 * In place: raises every band's standard deviation to at least `fraction` of the median band's. A band that
 * barely varies in the training songs (a recording with nothing above 4 kHz, a synthetic test) would
 * otherwise be multiplied up by standardisation, and any energy reaching it in an augmented view (a pitch
 * shift moves partials across bands) would dwarf everything else.
 */
export function floorDeviations(stats: BandStatistics, fraction: number): BandStatistics {
  const sorted = Array.from(stats.std).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const std = stats.std.map((s) => Math.max(s, fraction * median));
  return { mean: stats.mean, std };
}

/**
 * One mean and one deviation for every band (the bands' mean and root-mean-square deviation): standardising
 * with these treats all bands alike, so music slid along the bands (a key change) keeps its values.
 */
export function sharedStatistics(stats: BandStatistics): BandStatistics {
  const bands = stats.mean.length;
  let mean = 0;
  let square = 0;
  for (let b = 0; b < bands; b++) {
    mean += stats.mean[b]! / bands;
    square += stats.std[b]! ** 2 / bands;
  }
  return { mean: new Float32Array(bands).fill(mean), std: new Float32Array(bands).fill(Math.sqrt(square) || 1) };
}

/**
 * In place: subtracts each band's mean over the song's own frames. In dB a recording's static colour (EQ tilt,
 * resonances, overall gain) is an offset per band, so this removes it and leaves what changes in time:
 * melody, harmony, rhythm, which versions of a work share.
 */
export function centerBands(song: Float32Array, bands = MEL_BANDS): Float32Array {
  const frames = song.length / bands;
  const mean = new Float64Array(bands);
  for (let i = 0; i < song.length; i++) mean[i % bands] = mean[i % bands]! + song[i]!;
  for (let i = 0; i < song.length; i++) song[i] = song[i]! - mean[i % bands]! / frames;
  return song;
}

/** In place: (v − mean[band]) / std[band]. */
export function standardise(song: Float32Array, stats: BandStatistics): Float32Array {
  const bands = stats.mean.length;
  for (let i = 0; i < song.length; i++) song[i] = (song[i]! - stats.mean[i % bands]!) / stats.std[i % bands]!;
  return song;
}

/**
 * Start frames of the windows that cover a song of `length` frames with windows of `window` frames:
 * ceil(length / window) windows spread evenly from the first to the last possible start, so they overlap a
 * little rather than leave a short tail out. One window at 0 when the song is no longer than a window.
 */
export function windowStarts(length: number, window: number): number[] {
  if (length <= window) return [0];
  const count = Math.ceil(length / window);
  const last = length - window;
  return Array.from({ length: count }, (_, i) => Math.round((i * last) / (count - 1)));
}

/** Copies frames [start, start + window) of a time-major song into `out` at `offset`, repeating the last frame past the end. */
export function copyWindow(song: Float32Array, start: number, window: number, out: Float32Array, offset: number, bands = MEL_BANDS): void {
  const frames = song.length / bands;
  for (let t = 0; t < window; t++) {
    const src = Math.min(start + t, frames - 1) * bands;
    out.set(song.subarray(src, src + bands), offset + t * bands);
  }
}

/**
 * In place: subtracts each frame's mean over the bands. Removes what lifts or lowers a whole frame at once
 * (the song's loudness contour, the broadband part of drum hits), leaving the shape of the spectrum.
 */
export function centerFrames(song: Float32Array, bands = MEL_BANDS): Float32Array {
  for (let row = 0; row < song.length; row += bands) {
    let sum = 0;
    for (let b = 0; b < bands; b++) sum += song[row + b]!;
    const mean = sum / bands;
    for (let b = 0; b < bands; b++) song[row + b] = song[row + b]! - mean;
  }
  return song;
}

/**
 * In place: subtracts from every cell the mean of its frame's bands within ±`radius` (fewer at the edges).
 * A spectral envelope (EQ tilt, broad resonances, an instrument's formants) varies slowly across bands and
 * is removed; the narrow ridges of a melody's partials, which move with the notes, stay.
 */
export function whitenBands(song: Float32Array, radius: number, bands = MEL_BANDS): Float32Array {
  const frame = new Float64Array(bands);
  for (let row = 0; row < song.length; row += bands) {
    for (let b = 0; b < bands; b++) frame[b] = song[row + b]!;
    for (let b = 0; b < bands; b++) {
      const lo = Math.max(0, b - radius);
      const hi = Math.min(bands - 1, b + radius);
      let sum = 0;
      for (let k = lo; k <= hi; k++) sum += frame[k]!;
      song[row + b] = frame[b]! - sum / (hi - lo + 1);
    }
  }
  return song;
}

/** In place: negative values to 0 (after whitenBands, what is left is the spectral peaks: partials standing out of their neighbourhood). */
export function rectify(song: Float32Array): Float32Array {
  for (let i = 0; i < song.length; i++) if (song[i]! < 0) song[i] = 0;
  return song;
}
