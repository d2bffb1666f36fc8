import assert from "node:assert/strict";
import { test } from "node:test";
import { MEL_BANDS, bandOfFrequency, frequencyOfBand } from "../data/melon.ts";
import { Random } from "../core/random.ts";
import { addDb, drawView, pitchShiftSources, renderView, type ViewParams } from "./tcaeAugment.ts";

const NEUTRAL: ViewParams = { start: 0, rate: 1, semitones: 0, tiltDb: 0, bumps: [], noiseDb: null, noiseStart: 0, noiseStride: 1, gainDb: 0 };

/** A time-major song of `frames` frames where frame t, band b holds t * 100 + b. */
function ramp(frames: number): Float32Array {
  return Float32Array.from({ length: frames * MEL_BANDS }, (_, i) => Math.floor(i / MEL_BANDS) * 100 + (i % MEL_BANDS));
}

test("a neutral view is the crop itself; a stretched one reads between frames", () => {
  const song = ramp(20);
  const out = new Float32Array(4 * MEL_BANDS);
  renderView(song, { ...NEUTRAL, start: 5 }, 4, out, 0);
  assert.deepEqual(Array.from(out), Array.from(song.subarray(5 * MEL_BANDS, 9 * MEL_BANDS)));
  renderView(song, { ...NEUTRAL, start: 2, rate: 1.5 }, 4, out, 0);
  // Frames 2, 3.5, 5, 6.5: band 0 holds 100 × the position.
  assert.deepEqual([0, 1, 2, 3].map((t) => out[t * MEL_BANDS]), [200, 350, 500, 650]);
  // Past the end, the last frame repeats.
  renderView(song, { ...NEUTRAL, start: 18 }, 4, out, 0);
  assert.deepEqual([0, 1, 2, 3].map((t) => out[t * MEL_BANDS + 7]), [1807, 1907, 1907, 1907]);
});

test("a pitch shift moves a partial to the band of its new frequency, on the mel scale", () => {
  assert.ok(pitchShiftSources(0).every((s, b) => Math.abs(s - b) < 1e-9));
  const up = pitchShiftSources(12);
  const high = Math.round(bandOfFrequency(2000));
  assert.ok(Math.abs(up[high]! - bandOfFrequency(frequencyOfBand(high) / 2)) < 1e-9, "an octave up, each band reads the band at half its frequency");
  // A ridge at the band nearest 1 kHz, shifted up an octave, peaks at the band nearest twice its frequency.
  const ridge = new Float32Array(MEL_BANDS).fill(-60);
  const at1k = Math.round(bandOfFrequency(1000));
  ridge[at1k] = 0;
  const out = new Float32Array(MEL_BANDS);
  renderView(ridge, { ...NEUTRAL, semitones: 12 }, 1, out, 0);
  assert.equal(out.indexOf(Math.max(...out)), Math.round(bandOfFrequency(2 * frequencyOfBand(at1k))));
  // A semitone is a smaller move in low bands than in high ones.
  const semitone = pitchShiftSources(1);
  assert.ok(5 - semitone[5]! < 40 - semitone[40]!);
});

test("EQ and gain add decibels; the noise floor lifts quiet cells and leaves loud ones", () => {
  const song = new Float32Array(2 * MEL_BANDS).fill(-90);
  for (let b = 0; b < MEL_BANDS; b++) song[MEL_BANDS + b] = 0;
  const out = new Float32Array(2 * MEL_BANDS);
  renderView(song, { ...NEUTRAL, gainDb: 3, tiltDb: 1 }, 2, out, 0);
  assert.ok(Math.abs(out[MEL_BANDS]! - (3 - (MEL_BANDS - 1) / 2)) < 1e-4);
  assert.ok(Math.abs(out[2 * MEL_BANDS - 1]! - (3 + (MEL_BANDS - 1) / 2)) < 1e-4);
  renderView(song, { ...NEUTRAL, noiseDb: -30, noiseStart: 5, noiseStride: 7 }, 2, out, 0);
  const quiet = Array.from(out.subarray(0, MEL_BANDS));
  const mean = quiet.reduce((a, b) => a + b, 0) / MEL_BANDS;
  assert.ok(mean > -40 && mean < -20, `floor ${mean}`);
  assert.ok(out.subarray(MEL_BANDS).every((v) => v >= 0 && v < 0.5));
  assert.ok(Math.abs(addDb(0, 0) - 10 * Math.log10(2)) < 1e-3);
  assert.equal(addDb(-10, -100), -10);
});

test("drawn views stay within the configured changes and inside the song", () => {
  const random = new Random(1);
  const config = { frames: 64, keySemitones: 2, tempo: 0.1, eqTiltDb: 0.2, eqBumpDb: 5, noiseDb: [-60, -30] as const, gainDb: 4 };
  for (let i = 0; i < 200; i++) {
    const v = drawView(random, config, 200);
    assert.ok(Math.abs(v.semitones) <= 2 && v.rate >= 1 / 1.1 - 1e-9 && v.rate <= 1.1 + 1e-9 && Math.abs(v.gainDb) <= 4);
    assert.ok(v.start >= 0 && v.start + (config.frames - 1) * v.rate <= 199 + 1e-9);
    assert.ok(v.noiseDb! >= -60 && v.noiseDb! <= -30 && Math.abs(v.tiltDb) <= 0.2);
  }
  assert.equal(drawView(random, { ...config, noiseDb: [0, 0] }, 200).noiseDb, null);
});
