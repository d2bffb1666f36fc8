import assert from "node:assert/strict";
import { test } from "node:test";
import { MEL_BANDS, bandOfFrequency } from "../data/melon.ts";
import { GRID_LOW_HZ, GRID_STEPS, gridPositions, semitoneResampling } from "./tcaePitch.ts";

/** A time-major frame on the mel bands times the resampling: the frame on the semitone grid. */
function onGrid(frame: Float64Array): Float64Array {
  const matrix = semitoneResampling();
  const out = new Float64Array(GRID_STEPS);
  for (let b = 0; b < MEL_BANDS; b++) for (let s = 0; s < GRID_STEPS; s++) out[s] = out[s]! + frame[b]! * matrix[b * GRID_STEPS + s]!;
  return out;
}

test("each grid step interpolates its two nearest mel bands (weights summing to 1)", () => {
  const flat = onGrid(new Float64Array(MEL_BANDS).fill(1));
  for (let s = 0; s < GRID_STEPS; s++) assert.ok(Math.abs(flat[s]! - 1) < 1e-6, `step ${s}: ${flat[s]}`);
  assert.equal(gridPositions(12), GRID_STEPS - 11);
});

test("where the bands are about a semitone wide, a tone k semitones higher peaks k steps higher on the grid; on the bands it moves unevenly", () => {
  const ridge = (hz: number) => {
    const center = bandOfFrequency(hz);
    return Float64Array.from({ length: MEL_BANDS }, (_, b) => Math.exp(-0.5 * ((b - center) / 0.45) ** 2));
  };
  const peak = (values: Float64Array) => values.indexOf(Math.max(...values));
  // Below ~1 kHz a band spans several semitones and the interpolated grid peaks near the band's centre instead.
  for (const base of [1760, 2637]) {
    const step = Math.round(12 * Math.log2(base / GRID_LOW_HZ));
    for (const k of [-2, 1, 3]) assert.equal(peak(onGrid(ridge(base * 2 ** (k / 12)))), step + k, `${base} Hz ${k > 0 ? "+" : ""}${k} semitones`);
  }
  // The same two semitones are a fraction of a band at 220 Hz and more than a band at 1760 Hz.
  const moves = [220, 1760].map((hz) => bandOfFrequency(hz * 2 ** (2 / 12)) - bandOfFrequency(hz));
  assert.ok(moves[0]! < 0.7 && moves[1]! > 1.2, `band moves ${moves}`);
});
