import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Interrupted } from "../core/errors.ts";
import { cosineTopK, nearestRows } from "./knn.ts";
import { referenceSearch } from "./searchReference.ts";

describe("cosineTopK", () => {
  it("normalises, maps rows to song ids, breaks ties by the lower id and pads short lists with -1", async () => {
    // Songs 1, 4 and 6 point the same way (cosine 1 with each other), 9 is orthogonal to them, 12 is zero.
    const ids = new Int32Array([1, 4, 6, 9, 12]);
    const vectors = new Float32Array([1, 0, 2, 0, 0.5, 0, 0, 3, 0, 0]);
    for (const engine of [undefined, referenceSearch]) {
      const lists = await cosineTopK({ ids, vectors, dim: 2 }, 5, { progress: false, engine });
      const row = (i: number) => [...lists.neighborIds.subarray(i * 5, (i + 1) * 5)];
      assert.deepEqual(row(0), [4, 6, 9, 12, -1]);
      assert.deepEqual(row(1), [1, 6, 9, 12, -1]);
      assert.deepEqual(row(2), [1, 4, 9, 12, -1]);
      assert.deepEqual(row(3), [1, 4, 6, 12, -1]); // everything at cosine 0
      assert.deepEqual(row(4), [1, 4, 6, 9, -1]);
      assert.deepEqual([...lists.scores.subarray(0, 5)], [1, 1, 0, 0, 0]);
      assert.deepEqual([...lists.ids], [...ids]);
    }
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

describe("nearestRows", () => {
  it("ranks the rows of another set by cosine, unnormalised inputs included", async () => {
    const base = { ids: new Int32Array([10, 20, 30]), vectors: new Float32Array([2, 0, 0, 5, 3, 3]), dim: 2 };
    const queries = { ids: new Int32Array([1]), vectors: new Float32Array([0, 0.1]), dim: 2 };
    const result = await nearestRows(queries, base, 2, { progress: false });
    assert.deepEqual([...result.columns], [1, 2]);
  });
});
