import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { continuationNdcg, continuePlaylist, splitForContinuation } from "./continuation.ts";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} is not ${b}`);

describe("splitForContinuation", () => {
  it("seeds with the first half, rounded down, and at least one song", () => {
    assert.deepEqual(splitForContinuation([1, 2, 3, 4, 5]), { seeds: [1, 2], rest: [3, 4, 5] });
    assert.deepEqual(splitForContinuation([1, 2, 3, 4]), { seeds: [1, 2], rest: [3, 4] });
    assert.deepEqual(splitForContinuation([7, 8]), { seeds: [7], rest: [8] });
  });
});

describe("continuePlaylist", () => {
  it("sums 1/rank votes over the seeds' lists and leaves the seeds out, by hand", () => {
    // seed 1 lists [2, 30, 40], seed 2 lists [40, 1, 50, 30]:
    // 30: 1/2 + 1/4 = 0.75 · 40: 1/3 + 1 = 1.333 · 50: 1/3 · 2 and 1 are seeds
    assert.deepEqual(continuePlaylist([[2, 30, 40], [40, 1, 50, 30]], new Set([1, 2]), 10), [40, 30, 50]);
    assert.deepEqual(continuePlaylist([[2, 30, 40], [40, 1, 50, 30]], new Set([1, 2]), 2), [40, 30]);
  });

  it("breaks equal totals by the lower id and counts a song once per list", () => {
    // 9: 1 + 1/2 (its second entry in list one is ignored) · 5: 1/2 + 1 → a tie, 5 first.
    assert.deepEqual(continuePlaylist([[9, 5, 9], [5, 9]], new Set([0]), 5), [5, 9]);
  });
});

describe("continuationNdcg", () => {
  it("scores the continuation of the playlist's second half, by hand", () => {
    // Playlist [1, 2, 3, 4]: seeds 1, 2; rest {3, 4}.
    // Lists: 1 → [3, 7], 2 → [7, 8, 4]. Votes: 3: 1 · 7: 1/2 + 1 = 1.5 · 8: 1/2 · 4: 1/3
    // Continuation [7, 3, 8, 4]: hits at positions 1 and 3 (0-based).
    // DCG = 1/log2(3) + 1/log2(5); ideal (2 hits) = 1 + 1/log2(3).
    const lists = new Map<number, number[]>([[1, [3, 7]], [2, [7, 8, 4]]]);
    const expected = (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    close(continuationNdcg([1, 2, 3, 4], (s) => lists.get(s) ?? []), expected);
  });

  it("is 1 for a perfect continuation, 0 when nothing of the rest is found, and cut at `length`", () => {
    const perfect = new Map<number, number[]>([[1, [2, 3]]]);
    close(continuationNdcg([1, 2, 3], (s) => perfect.get(s) ?? []), 1);
    close(continuationNdcg([1, 2, 3], () => [9, 8]), 0);
    // With length 1 only the top candidate counts: [9] misses, the ideal of 1 hit is 1 → 0.
    close(continuationNdcg([1, 2, 3], () => [9, 2], 1), 0);
  });
});
