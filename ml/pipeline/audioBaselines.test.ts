import assert from "node:assert/strict";
import { test } from "node:test";
import { MEL_BANDS, MEL_FRAMES } from "../data/melon.ts";
import { AUDIO_BASELINES } from "../../lib/types.ts";
import { audioBaselineEmbeddings, baselineDim, baselineSongs, loudestBandHistogram, meanSpectrum } from "./audioBaselines.ts";

test("meanSpectrum is each band's mean over the frames", () => {
  // 2 bands × 3 frames, band-major: band 0 = 1 2 3, band 1 = -6 0 0.
  assert.deepEqual(Array.from(meanSpectrum(Float32Array.from([1, 2, 3, -6, 0, 0]), 2)), [2, -2]);
});

test("loudestBandHistogram counts the loudest band of each frame, the lower band on a tie", () => {
  // 3 bands × 4 frames: loudest per frame = band 2, band 0, band 1, tie of 0 and 1 → band 0.
  const mel = Float32Array.from([
    0, 5, 1, 4, // band 0
    1, 2, 3, 4, // band 1
    2, 0, 0, 0, // band 2
  ]);
  assert.deepEqual(Array.from(loudestBandHistogram(mel, 3)), [0.5, 0.25, 0.25]);
});

test("every baseline gives one vector per song, of its dimension, in the order of the ids", () => {
  const mels = new Map<number, Float32Array>();
  for (const id of [3, 8]) mels.set(id, Float32Array.from({ length: MEL_BANDS * MEL_FRAMES }, (_, i) => (i % MEL_FRAMES) * (id === 3 ? 1 : -1) + Math.floor(i / MEL_FRAMES)));
  const sets = audioBaselineEmbeddings(Int32Array.from([3, 8]), (id) => mels.get(id)!);
  for (const b of AUDIO_BASELINES) {
    assert.deepEqual(Array.from(sets[b].ids), [3, 8]);
    assert.equal(sets[b].vectors.length, 2 * baselineDim(b));
  }
  assert.equal(baselineDim("pooledFrames"), 469 * MEL_BANDS);
  // Song 3 rises in time in every band, so its last band is the loudest in every frame; song 8 falls: the same.
  assert.equal(sets.loudestBand.vectors[MEL_BANDS - 1], 1);
  // Pooled frames are time-major: the first pooled frame of song 3, band 1 = mean of frames 0..3 (1.5) + 1.
  assert.equal(sets.pooledFrames.vectors[1], 2.5);
  assert.equal(sets.meanSpectrum.vectors[0], (MEL_FRAMES - 1) / 2);
});

test("a catalogue larger than the limit is sampled, with the seed, in ascending order", () => {
  const ids = Int32Array.from({ length: 100 }, (_, i) => i * 2);
  assert.equal(baselineSongs(ids, 0, 1), ids);
  assert.equal(baselineSongs(ids, 100, 1), ids);
  const picked = baselineSongs(ids, 10, 1);
  assert.equal(picked.length, 10);
  assert.ok(picked.every((id, i) => i === 0 || id > picked[i - 1]!));
  assert.ok(picked.every((id) => id % 2 === 0 && id < 200));
  assert.deepEqual(baselineSongs(ids, 10, 1), picked);
  assert.notDeepEqual(baselineSongs(ids, 10, 2), picked);
});
