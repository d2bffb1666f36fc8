import assert from "node:assert/strict";
import { test } from "node:test";
import { MEL_BANDS, bandOfFrequency, frequencyOfBand } from "../data/melon.ts";
import { Random } from "../core/random.ts";
import { addDb, drawView, pitchShiftSources, renderView, type ViewParams } from "./tcaeAugment.ts";

const NEUTRAL: ViewParams = {
  start: 0, rate: 1, semitones: 0, tiltDb: 0, bumps: [], noiseDb: null, noiseStart: 0, noiseStride: 1, gainDb: 0, reverbDbPerFrame: null, drums: null, mix: null,
};

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
  renderView(song, { ...NEUTRAL, noiseDb: -30, noiseStart: 5, noiseStride: 7 }, 2, out, 0); // 30 dB below the loudest cell (0 dB)
  const quiet = Array.from(out.subarray(0, MEL_BANDS));
  const mean = quiet.reduce((a, b) => a + b, 0) / MEL_BANDS;
  assert.ok(mean > -40 && mean < -20, `floor ${mean}`);
  assert.ok(out.subarray(MEL_BANDS).every((v) => v >= 0 && v < 0.5));
  assert.ok(Math.abs(addDb(0, 0) - 10 * Math.log10(2)) < 1e-3);
  assert.equal(addDb(-10, -100), -10);
});

test("reverb: a sound decays by the view's rate per frame instead of stopping", () => {
  const song = new Float32Array(4 * MEL_BANDS).fill(-80);
  song.fill(0, 0, MEL_BANDS);
  const out = new Float32Array(4 * MEL_BANDS);
  renderView(song, { ...NEUTRAL, reverbDbPerFrame: 10 }, 4, out, 0);
  assert.deepEqual([0, 1, 2, 3].map((t) => out[t * MEL_BANDS + 5]), [0, -10, -20, -30]);
});

test("drums add decaying hits in their bands on their beat; the mix adds the other song some dB down", () => {
  const song = new Float32Array(6 * MEL_BANDS).fill(-90);
  song[5 * MEL_BANDS + 20] = 0; // the loudest cell, which the drum levels are relative to
  const out = new Float32Array(6 * MEL_BANDS);
  const drums = { period: 3, phase: 0, pattern: [[0, 4, 0], [34, 47, -10]] as [number, number, number][], decayDbPerFrame: 20 };
  renderView(song, { ...NEUTRAL, drums }, 6, out, 0);
  // Frame 0: a kick in bands 0-4 at 0 dB, then −20, −40; frame 3: a hi-hat in bands 34-47 at −10 dB.
  assert.ok(Math.abs(out[2]! - 0) < 0.01 && Math.abs(out[MEL_BANDS + 2]! + 20) < 0.01 && out[20]! < -89 && out[5 * MEL_BANDS + 20] === 0);
  assert.ok(Math.abs(out[3 * MEL_BANDS + 40]! + 10) < 0.01 && out[3 * MEL_BANDS + 2]! < -59);
  const other = new Float32Array(10 * MEL_BANDS).fill(-20);
  renderView(song, { ...NEUTRAL, mix: { start: 2, gainDb: -12 } }, 6, out, 0, MEL_BANDS, other);
  song[5 * MEL_BANDS + 20] = -90;
  renderView(song, { ...NEUTRAL, mix: { start: 2, gainDb: -12 } }, 6, out, 0, MEL_BANDS, other);
  assert.ok(out.every((v) => Math.abs(v + 32) < 0.01));
});

test("drawn views stay within the configured changes and inside the song", () => {
  const random = new Random(1);
  const config = {
    frames: 64, keySemitones: 2, tempo: 0.1, eqTiltDb: 0.2, eqBumpDb: 5, noiseDb: [-60, -30] as const, gainDb: 4,
    reverbDbPerSecond: [20, 60] as const, drumsDb: [-25, 5] as const, mixDb: [-18, -6] as const, framesPerSecond: 7.8125,
  };
  for (let i = 0; i < 200; i++) {
    const v = drawView(random, config, 200);
    assert.ok(Math.abs(v.semitones) <= 2 && v.rate >= 1 / 1.1 - 1e-9 && v.rate <= 1.1 + 1e-9 && Math.abs(v.gainDb) <= 4);
    assert.ok(v.start >= 0 && v.start + (config.frames - 1) * v.rate <= 199 + 1e-9);
    assert.ok(v.noiseDb! >= -60 && v.noiseDb! <= -30 && Math.abs(v.tiltDb) <= 0.2);
  }
  assert.equal(drawView(random, { ...config, noiseDb: [0, 0] }, 200).noiseDb, null);
});
