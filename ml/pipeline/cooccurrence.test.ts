import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildCooccurrence } from "./cooccurrence.ts";

describe("buildCooccurrence", () => {
  const playlists = [
    [1, 2, 3],
    [2, 3, 3], // 3 twice: counts once
    [3, 4],
    [],
    [2, 5],
  ];
  const co = buildCooccurrence(playlists);

  it("counts the playlists holding both songs", () => {
    assert.equal(co.count(2, 3), 2);
    assert.equal(co.count(3, 2), 2);
    assert.equal(co.count(1, 4), 0);
    assert.equal(co.count(3, 4), 1);
    assert.equal(co.count(3, 3), 3);
    assert.equal(co.count(2, 99), 0);
  });

  it("counts the playlists holding a song", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((s) => co.playlistCount(s)), [1, 3, 3, 1, 1, 0]);
  });

  it("visits every co-occurring song once with its count, and can be called again", () => {
    for (let round = 0; round < 2; round++) {
      const seen = new Map<number, number>();
      co.forEachCooccurring(3, (other, count) => seen.set(other, count));
      assert.deepEqual([...seen].sort((a, b) => a[0] - b[0]), [[1, 1], [2, 2], [4, 1]]);
    }
    let calls = 0;
    co.forEachCooccurring(42, () => calls++);
    assert.equal(calls, 0);
  });
});
