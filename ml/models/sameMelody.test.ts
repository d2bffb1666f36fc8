import assert from "node:assert/strict";
import { test } from "node:test";
import { FALSE_LABELS_PER_SONG, pairQuantile, quantile, sameMelodyThreshold } from "./sameMelody.ts";

test("quantile: nearest rank of the sorted values", () => {
  assert.equal(quantile([5, 1, 3, 2, 4], 0.5), 3);
  assert.equal(quantile([5, 1, 3, 2, 4], 0.1), 1);
  assert.equal(quantile([5, 1, 3, 2, 4], 0.999), 5);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test("the pair quantile keeps the expected wrong labels per song fixed as the catalogue grows", () => {
  assert.equal(pairQuantile(21), 0.999, "small catalogues keep one pair in a thousand");
  assert.ok(Math.abs(pairQuantile(1001) - (1 - FALSE_LABELS_PER_SONG / 1000)) < 1e-12);
  for (const songs of [1001, 10_001, 100_001]) assert.ok(Math.abs((1 - pairQuantile(songs)) * (songs - 1) - FALSE_LABELS_PER_SONG) < 1e-9);
});

test("the threshold is the higher of the copies' low quantile and the random pairs' high one", () => {
  // Copies 0.50..0.99: 10 % below 0.59. Pairs 0..0.9999 in 10,000 steps.
  const copies = Array.from({ length: 50 }, (_, i) => 0.5 + i * 0.01);
  const pairs = Array.from({ length: 10_000 }, (_, i) => i / 10_000);
  const small = sameMelodyThreshold(copies, pairs, 21);
  assert.ok(Math.abs(small.copies.low - 0.54) < 1e-9);
  assert.ok(Math.abs(small.threshold - 0.9989) < 1e-9, `one pair in a thousand at or above it, got ${small.threshold}`);
  const large = sameMelodyThreshold(copies, pairs, 5001);
  assert.ok(Math.abs(large.threshold - 0.9999) < 1e-9, `0.05 / 5000 of the pairs: the highest of 10,000, got ${large.threshold}`);
  const spread = sameMelodyThreshold([0.2, 0.3, 0.95, 0.96], [0.1, 0.2, 0.3], 3);
  assert.equal(spread.threshold, 0.3, "pairs never above the copies' low quantile: the copies decide");
});
