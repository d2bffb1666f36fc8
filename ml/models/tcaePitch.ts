// The TCAE's transposition-invariant front (tcae.transpositionKernel): what a key change does to a mel frame,
// and the first layer that ignores it.
//
// A key change multiplies every frequency by 2^(semitones/12). On the mel axis that is not a uniform slide:
// a semitone moves a partial by about 0.25 of a band at 200 Hz, 0.5 at 500 Hz and nearly a whole band above
// 3 kHz, so a kernel slid along the 48 bands does not follow it. On a semitone grid (log frequency) it is an
// exact slide by that many steps. The front therefore reads each frame on a semitone grid (linear
// interpolation between the mel bands; below ~1 kHz the bands are wider than a semitone, so there the grid
// interpolates rather than resolves), slides each filter's kernel (a few frames × `kernel` semitones) along
// the grid, and keeps each filter's maximum over the positions: a transposed passage moves its response to
// another position, and the maximum does not see where. What the front keeps is the shape of the music in
// pitch and time (intervals, the partials' pattern), not its absolute pitch.
//
// Pure functions over Float32Arrays; the TensorFlow.js layer is tf/layers.ts bandConvMax.
import { MEL_BANDS, bandOfFrequency } from "../data/melon.ts";

/** The grid's lowest step: A2 (110 Hz), below the sample's melodies and near the bass. */
export const GRID_LOW_HZ = 110;
/** Six octaves of semitones, 110 Hz to 7,040 Hz (the bands stop at 8 kHz). */
export const GRID_STEPS = 73;

/** Fractional mel band of each grid step. */
export function gridBands(): Float64Array {
  return Float64Array.from({ length: GRID_STEPS }, (_, i) => bandOfFrequency(GRID_LOW_HZ * 2 ** (i / 12)));
}

/**
 * The resampling from mel bands to the semitone grid as a matrix [MEL_BANDS, GRID_STEPS] (row-major): a
 * time-major frame times it is the frame on the grid, each step a linear interpolation of its two nearest bands.
 */
export function semitoneResampling(): Float32Array {
  const matrix = new Float32Array(MEL_BANDS * GRID_STEPS);
  gridBands().forEach((band, step) => {
    const low = Math.floor(band);
    const high = Math.min(MEL_BANDS - 1, low + 1);
    const weight = band - low;
    matrix[low * GRID_STEPS + step] = matrix[low * GRID_STEPS + step]! + (1 - weight);
    matrix[high * GRID_STEPS + step] = matrix[high * GRID_STEPS + step]! + weight;
  });
  return matrix;
}

/** Positions of a kernel `kernel` semitones tall on the grid (no padding: every position reads real steps). */
export function gridPositions(kernel: number): number {
  return GRID_STEPS - kernel + 1;
}

/**
 * The front as one plain conv over time with the mel bands as channels, for the network description: the
 * kernel [taps · MEL_BANDS, positions · filters] whose output channel p · filters + f is filter f at grid
 * position p, so the maximum over each filter's `positions` channels is the front's output. `weights` is the
 * front's own kernel [taps · kernel, filters] (row j · kernel + q: time tap j, grid step q of the kernel),
 * composed with the resampling.
 */
export function unrolledFrontKernel(weights: Float32Array, taps: number, kernel: number, filters: number): Float32Array {
  const resampling = semitoneResampling();
  const positions = gridPositions(kernel);
  const outputs = positions * filters;
  const out = new Float32Array(taps * MEL_BANDS * outputs);
  for (let j = 0; j < taps; j++) {
    for (let band = 0; band < MEL_BANDS; band++) {
      const row = (j * MEL_BANDS + band) * outputs;
      for (let step = 0; step < GRID_STEPS; step++) {
        const r = resampling[band * GRID_STEPS + step]!;
        if (r === 0) continue;
        // Grid step `step` is kernel row q at position step − q.
        for (let q = Math.max(0, step - positions + 1); q <= Math.min(kernel - 1, step); q++) {
          const p = step - q;
          const w = (j * kernel + q) * filters;
          for (let f = 0; f < filters; f++) out[row + p * filters + f] = out[row + p * filters + f]! + r * weights[w + f]!;
        }
      }
    }
  }
  return out;
}
