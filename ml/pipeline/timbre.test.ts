import assert from "node:assert/strict";
import { test } from "node:test";
import { TIMBRE_DIM, standardiseColumns, timbreFacets, timbreFeatures } from "./timbre.ts";
import { MEL_BANDS, MEL_FRAMES } from "../data/melon.ts";

test("timbre features are each band's mean, then each band's standard deviation", () => {
  // 2 bands × 4 frames: band 0 = 1 3 1 3 (mean 2, std 1), band 1 = 5 5 5 5 (mean 5, std 0).
  assert.deepEqual(Array.from(timbreFeatures(Float32Array.from([1, 3, 1, 3, 5, 5, 5, 5]), 2)), [2, 5, 1, 0]);
});

test("columns are standardised over the rows; a constant column becomes 0", () => {
  const set = { ids: Int32Array.from([1, 2]), vectors: Float32Array.from([1, 7, 3, 7]), dim: 2 };
  assert.deepEqual(Array.from(standardiseColumns(set).vectors), [-1, 0, 1, 0]);
});

test("facets: one standardised 96-number vector per song, in id order", () => {
  const mels = new Map([3, 5, 9].map((id) => [id, Float32Array.from({ length: MEL_BANDS * MEL_FRAMES }, (_, i) => (i % 7) * id - Math.floor(i / MEL_FRAMES))]));
  const set = timbreFacets(Int32Array.from([3, 5, 9]), (id) => mels.get(id)!);
  assert.deepEqual(Array.from(set.ids), [3, 5, 9]);
  assert.equal(set.dim, TIMBRE_DIM);
  for (let j = 0; j < TIMBRE_DIM; j++) {
    const column = [0, 1, 2].map((r) => set.vectors[r * TIMBRE_DIM + j]!);
    assert.ok(Math.abs(column.reduce((a, b) => a + b, 0)) < 1e-4);
  }
});
