import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chanceRecallAtK, coverageAtK, genrePrecisionAtK, hitAtK, ndcgAtK, popularityPercentiles, recallAtK } from "./metrics.ts";

const close = (actual: number | null, expected: number) => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≉ ${expected}`);
};

describe("hitAtK", () => {
  it("is 1 only when a relevant song is within the first k", () => {
    assert.equal(hitAtK([1, 2, 3], new Set([3]), 3), 1);
    assert.equal(hitAtK([1, 2, 3], new Set([3]), 2), 0);
    assert.equal(hitAtK([], new Set([3]), 10), 0);
  });
});

describe("ndcgAtK", () => {
  it("discounts by log2(rank + 1) and normalises by min(k, |relevant|) ideal hits", () => {
    // hits at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); 3 relevant, k = 4: IDCG = 1 + 1/log2(3) + 1/2
    close(ndcgAtK([9, 1, 8, 2], new Set([1, 2, 3]), 4), (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3) + 0.5));
    // 5 relevant but k = 2: the ideal is two hits, so a perfect top 2 scores 1
    close(ndcgAtK([1, 2, 9], new Set([1, 2, 3, 4, 5]), 2), 1);
    assert.equal(ndcgAtK([1, 2], new Set(), 10), 0);
    assert.equal(ndcgAtK([7, 8], new Set([1]), 10), 0);
  });
});

describe("recallAtK", () => {
  it("is the share of relevant songs found in the first k", () => {
    close(recallAtK([1, 9, 2, 3], new Set([1, 2, 3, 4]), 3), 0.5);
    assert.equal(recallAtK([1], new Set(), 10), 0);
  });
});

describe("genrePrecisionAtK", () => {
  const query = { artistIds: [7], genres: ["GN0100", "GN0500"] };
  it("leaves out the query's own artist and does not refill from beyond k", () => {
    const recs = [
      { artistIds: [7, 8], genres: ["GN0100"] }, // same artist: left out
      { artistIds: [8], genres: ["GN0500"] }, // shares GN0500
      { artistIds: [9], genres: ["GN0900"] },
      { artistIds: [10], genres: [] },
      { artistIds: [11], genres: ["GN0100"] }, // beyond k = 4
    ];
    close(genrePrecisionAtK(query, recs, 4), 1 / 3);
  });
  it("is null when nothing is left to judge or the query has no genre", () => {
    assert.equal(genrePrecisionAtK(query, [{ artistIds: [7], genres: ["GN0100"] }], 10), null);
    assert.equal(genrePrecisionAtK({ artistIds: [1], genres: [] }, [{ artistIds: [2], genres: ["GN0100"] }], 10), null);
  });
});

describe("popularityPercentiles", () => {
  it("maps the least played to 0, the most to 100 and ties to their mean position", () => {
    // sorted counts 0, 3, 3, 10 → positions 0, 1.5, 1.5, 3 of 3
    assert.deepEqual(popularityPercentiles([3, 10, 0, 3]), [50, 100, 0, 50]);
    assert.deepEqual(popularityPercentiles([4, 4, 4]), [50, 50, 50]);
    assert.deepEqual(popularityPercentiles([8]), [50]);
    assert.deepEqual(popularityPercentiles([]), []);
  });
});

describe("coverageAtK", () => {
  it("counts distinct catalogue songs within the first k of any list", () => {
    const catalogue = new Set([1, 2, 3, 4, 5]);
    close(coverageAtK([[1, 2, 3], [2, 1, 99], [4]], catalogue, 2), 3 / 5); // 1, 2 and 4; 3 is past k, 99 is unknown
  });
});

describe("chanceRecallAtK", () => {
  it("is k / (n - 1), capped at 1", () => {
    close(chanceRecallAtK(101, 10), 0.1);
    assert.equal(chanceRecallAtK(5, 10), 1);
    assert.equal(chanceRecallAtK(1, 10), 0);
  });
});
