import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cooccurrenceBaseline, popularityBaseline } from "./baselines.ts";
import { buildCooccurrence } from "./cooccurrence.ts";

describe("popularityBaseline", () => {
  it("recommends the most played songs, ties to the lower id, never the query", () => {
    const ids = [10, 11, 12, 13, 14];
    const counts = [5, 9, 5, 1, 0];
    const lists = popularityBaseline(ids, counts, 3);
    assert.deepEqual(lists.get(13), [11, 10, 12]);
    assert.deepEqual(lists.get(11), [10, 12, 13]);
    assert.deepEqual(lists.get(12), [11, 10, 13]);
  });
});

describe("cooccurrenceBaseline", () => {
  it("ranks catalogue songs by shared training playlists, ties to the lower id", () => {
    const co = buildCooccurrence([
      [1, 2, 3, 4],
      [1, 3],
      [1, 4, 9], // 9 is not in the catalogue
      [1, 9],
      [5],
    ]);
    const lists = cooccurrenceBaseline([1, 2, 3, 4, 5, 6], co, 2);
    assert.deepEqual(lists.get(1), [3, 4]); // 3: 2, 4: 2, 2: 1 (9: 2 but not in the catalogue)
    assert.deepEqual(lists.get(2), [1, 3]);
    assert.deepEqual(lists.get(5), []); // alone in its playlist
    assert.deepEqual(lists.get(6), []); // in no training playlist
  });
});
