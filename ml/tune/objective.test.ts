import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rankResults, shortfall } from "./objective.ts";

const floors = { coverage: 0.9, genrePrecision: 0.95 };
const result = (ndcg: number, hit: number, coverage: number, genre: number) => ({
  coPlaylistNdcgAt10: ndcg,
  coPlaylistHitRateAt10: hit,
  coverageAt10: coverage,
  genrePrecisionAt10: genre,
});

describe("shortfall", () => {
  it("adds how far each floor is missed, by hand", () => {
    assert.equal(shortfall(result(0.1, 0.2, 0.95, 0.99), floors), 0);
    // coverage 0.8 misses by 0.1, genre 0.9 by 0.05
    assert.ok(Math.abs(shortfall(result(0.1, 0.2, 0.8, 0.9), floors) - 0.15) < 1e-12);
    assert.equal(shortfall({ ...result(0.1, 0.2, 0.95, 0.99), coverageAt10: null }, floors), 0.9);
  });
});

describe("rankResults", () => {
  it("puts every result meeting the floors first, best nDCG@10 first, then the misses by shortfall", () => {
    const results = [
      result(0.05, 0.3, 0.95, 0.97), // 0: meets, nDCG 0.05
      result(0.09, 0.4, 0.5, 0.99), // 1: best nDCG but coverage misses by 0.4
      result(0.07, 0.3, 0.92, 0.96), // 2: meets, nDCG 0.07
      result(0.08, 0.35, 0.85, 0.96), // 3: misses by 0.05
    ];
    assert.deepEqual(rankResults(results, floors), [2, 0, 3, 1]);
  });

  it("breaks nDCG ties by hit rate, then by order", () => {
    const results = [result(0.05, 0.2, 0.95, 0.97), result(0.05, 0.3, 0.95, 0.97), result(0.05, 0.2, 0.95, 0.97)];
    assert.deepEqual(rankResults(results, floors), [1, 0, 2]);
  });
});
