import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Interrupted } from "../core/errors.ts";
import { Random } from "../core/random.ts";
import { cosineTopK } from "./knn.ts";

/** Exact top-k in double precision by sorting every row: the slow, obviously right answer. */
function bruteForce(ids: Int32Array, vectors: Float32Array, dim: number, k: number): number[][] {
  const n = ids.length;
  const norm = (i: number) => Math.hypot(...vectors.subarray(i * dim, (i + 1) * dim));
  return Array.from({ length: n }, (_, i) => {
    const scored: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += vectors[i * dim + d]! * vectors[j * dim + d]!;
      scored.push([dot / (norm(i) * norm(j)), ids[j]!]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return scored.slice(0, k).map(([, id]) => id);
  });
}

describe("cosineTopK", () => {
  it("matches a brute-force sort on random vectors, with rows shared between two workers", async () => {
    const n = 700;
    const dim = 12;
    const k = 7;
    const random = new Random(5, "knn-test");
    const vectors = Float32Array.from({ length: n * dim }, () => random.normal());
    const ids = Int32Array.from({ length: n }, (_, i) => 3 * i + 2);
    const lists = await cosineTopK({ ids, vectors, dim }, k, { threads: 2, progress: false });
    assert.deepEqual([...lists.ids], [...ids]);
    assert.equal(lists.k, k);
    const expected = bruteForce(ids, vectors, dim, k);
    for (let i = 0; i < n; i++) assert.deepEqual([...lists.neighborIds.subarray(i * k, (i + 1) * k)], expected[i], `row ${i}`);
    // best first, and scores are cosines
    assert.ok(lists.scores[0]! >= lists.scores[1]! && lists.scores[0]! <= 1.000001);
  });

  it("breaks ties by the lower id, never returns the query itself, and pads short lists with -1", async () => {
    // Songs 1, 4 and 6 point the same way (cosine 1 with each other), 9 is orthogonal to them, 12 is zero.
    const ids = new Int32Array([1, 4, 6, 9, 12]);
    const vectors = new Float32Array([1, 0, 2, 0, 0.5, 0, 0, 3, 0, 0]);
    const lists = await cosineTopK({ ids, vectors, dim: 2 }, 5, { threads: 1, progress: false });
    const row = (i: number) => [...lists.neighborIds.subarray(i * 5, (i + 1) * 5)];
    assert.deepEqual(row(0), [4, 6, 9, 12, -1]);
    assert.deepEqual(row(1), [1, 6, 9, 12, -1]);
    assert.deepEqual(row(2), [1, 4, 9, 12, -1]);
    assert.deepEqual(row(3), [1, 4, 6, 12, -1]); // everything at cosine 0
    assert.deepEqual(row(4), [1, 4, 6, 9, -1]);
    assert.deepEqual([...lists.scores.subarray(0, 5)], [1, 1, 0, 0, 0]);
  });

  it("returns empty lists for k = 0 and refuses unsorted ids and an aborted signal", async () => {
    const set = { ids: new Int32Array([2, 1]), vectors: new Float32Array([1, 0, 0, 1]), dim: 2 };
    await assert.rejects(cosineTopK(set, 3, { progress: false }), /ascending/);
    const sorted = { ...set, ids: new Int32Array([1, 2]) };
    assert.equal((await cosineTopK(sorted, 0, { progress: false })).neighborIds.length, 0);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(cosineTopK(sorted, 1, { progress: false, signal: controller.signal }), Interrupted);
  });
});
