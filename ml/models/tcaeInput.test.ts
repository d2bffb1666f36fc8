import assert from "node:assert/strict";
import { test } from "node:test";
import { bandStatistics, centerBands, centerFrames, copyWindow, floorDeviations, poolFrames, standardise, whitenBands, windowStarts } from "./tcaeInput.ts";

test("poolFrames averages groups of frames per band and transposes to time-major", () => {
  // 2 bands × 5 frames, band-major: band 0 = 1 2 3 4 5, band 1 = 10 20 30 40 50.
  const mel = Float32Array.from([1, 2, 3, 4, 5, 10, 20, 30, 40, 50]);
  assert.deepEqual(Array.from(poolFrames(mel, 2, 2)), [1.5, 15, 3.5, 35]); // frame 4 (a lone remainder) dropped
  assert.deepEqual(Array.from(poolFrames(mel, 1, 2)), [1, 10, 2, 20, 3, 30, 4, 40, 5, 50]);
});

test("band statistics standardise every band to mean 0 and std 1; a constant band keeps scale 1", () => {
  const songs = [Float32Array.from([1, 7, 3, 7]), Float32Array.from([5, 7])]; // 2 bands: band 0 = 1,3,5; band 1 = 7,7,7
  const stats = bandStatistics(songs, 2);
  assert.deepEqual(Array.from(stats.mean), [3, 7]);
  assert.ok(Math.abs(stats.std[0]! - Math.sqrt(8 / 3)) < 1e-6);
  assert.equal(stats.std[1], 1);
  assert.deepEqual(Array.from(standardise(Float32Array.from([3, 8]), stats)), [0, 1]);
});

test("windows cover the whole song, evenly, each exactly one window long", () => {
  assert.deepEqual(windowStarts(469, 128), [0, 114, 227, 341]);
  assert.deepEqual(windowStarts(128, 128), [0]);
  assert.deepEqual(windowStarts(100, 128), [0]);
  assert.deepEqual(windowStarts(256, 128), [0, 128]);
  for (const [length, window] of [[469, 128], [1876, 1876], [300, 7]] as const) {
    const starts = windowStarts(length, window);
    assert.equal(starts[0], 0);
    assert.equal(starts[starts.length - 1]! + window, length);
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 1]! <= window, "no gap between windows");
  }
});

test("copyWindow repeats the last frame past the end of a short song", () => {
  const song = Float32Array.from([1, 2, 3, 4]); // 2 frames × 2 bands
  const out = new Float32Array(8);
  copyWindow(song, 1, 3, out, 2, 2);
  assert.deepEqual(Array.from(out), [0, 0, 3, 4, 3, 4, 3, 4]);
});

test("centerBands removes a per-band offset (a recording's EQ in dB) and keeps what changes in time", () => {
  // 3 frames × 2 bands; the second song is the first with +5 dB on band 0 and −3 dB on band 1.
  const a = Float32Array.from([1, 10, 2, 30, 6, 20]);
  const b = Float32Array.from([6, 7, 7, 27, 11, 17]);
  assert.deepEqual(Array.from(centerBands(a, 2)), [-2, -10, -1, 10, 3, 0]);
  assert.deepEqual(Array.from(centerBands(b, 2)), Array.from(a));
});

test("deviations are floored at a fraction of the median band's", () => {
  const floored = floorDeviations({ mean: Float32Array.from([0, 0, 0]), std: Float32Array.from([0.1, 8, 10]) }, 0.25);
  assert.deepEqual(Array.from(floored.std), [2, 8, 10]);
});

test("centerFrames removes each frame's mean over the bands; whitenBands each cell's local mean", () => {
  // 2 frames × 3 bands, time-major.
  assert.deepEqual(Array.from(centerFrames(Float32Array.from([1, 2, 3, 10, 10, 40]), 3)), [-1, 0, 1, -10, -10, 20]);
  // radius 1: band 0 averages bands 0-1, band 1 bands 0-2, band 2 bands 1-2.
  assert.deepEqual(Array.from(whitenBands(Float32Array.from([0, 6, 0]), 1, 3)), [-3, 4, -3]);
});
