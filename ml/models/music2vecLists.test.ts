import assert from "node:assert/strict";
import { test } from "node:test";
import type { NeighborLists } from "../core/embedding.ts";
import { Random } from "../core/random.ts";
import { cosineTopK, pairedTopK } from "../compute/knn.ts";
import { mergeTogetherAndAlike, music2vecNeighbors } from "./music2vecLists.ts";

const lists = (ids: number[], k: number, rows: number[][]): NeighborLists => ({
  ids: Int32Array.from(ids),
  k,
  neighborIds: Int32Array.from(rows.flat()),
  scores: Float32Array.from(rows.flat().map((id) => (id < 0 ? 0 : id / 100))),
});

test("the merged list starts with the first `slots` together-songs, then the alike ones without repeats", () => {
  const together = lists([1, 2], 3, [[9, 8, 7], [5, 6, -1]]);
  const alike = lists([1, 2], 4, [[8, 3, 4, 5], [3, 4, 5, 6]]);
  const merged = mergeTogetherAndAlike(together, alike, 2);
  assert.deepEqual([...merged.neighborIds], [9, 8, 3, 4, 5, 6, 3, 4]);
  assert.equal(merged.k, 4);
  // each song keeps the score of the list it came from (9 from together, 3 from alike)
  assert.equal(merged.scores[0], Math.fround(0.09));
  assert.equal(merged.scores[2], Math.fround(0.03));
  // the catalogue is told how many of each row's songs are predicted playlist-mates
  assert.deepEqual([...merged.togetherCounts!], [2, 2]);
});

test("0 slots gives the alike list unchanged; more slots than the together list has takes what it has", () => {
  const together = lists([1], 2, [[7, -1]]);
  const alike = lists([1], 3, [[2, 3, 4]]);
  assert.deepEqual([...mergeTogetherAndAlike(together, alike, 0).neighborIds], [2, 3, 4]);
  assert.deepEqual([...mergeTogetherAndAlike(together, alike, 0).togetherCounts!], [0]);
  const short = mergeTogetherAndAlike(together, alike, 5);
  assert.deepEqual([...short.neighborIds], [7, 2, 3]);
  assert.deepEqual([...short.togetherCounts!], [1]);
});

test("a short alike list is padded with -1 after the together songs", () => {
  const merged = mergeTogetherAndAlike(lists([1], 1, [[3]]), lists([1], 3, [[2, -1, -1]]), 1);
  assert.deepEqual([...merged.neighborIds], [3, 2, -1]);
  assert.equal(merged.scores[2], 0);
});

test("lists with other rows are refused", () => {
  assert.throws(() => mergeTogetherAndAlike(lists([1], 1, [[2]]), lists([2], 1, [[1]]), 1), /same rows/);
});

function randomSet(n: number, dim: number, seed: number) {
  const random = new Random(seed, "music2vec-lists-test");
  return { ids: Int32Array.from({ length: n }, (_, i) => 10 + 3 * i), vectors: Float32Array.from({ length: n * dim }, () => random.next() - 0.5), dim };
}

test("pairedTopK ranks every song's base vectors by cosine to its query vector, itself excluded (brute force)", async () => {
  const input = randomSet(40, 8, 1);
  const output = { ...randomSet(40, 8, 2), ids: input.ids };
  const k = 5;
  const found = await pairedTopK(input, output, k, { progress: false });
  const cos = (a: Float32Array, i: number, b: Float32Array, j: number) => {
    let dot = 0, na = 0, nb = 0;
    for (let d = 0; d < 8; d++) {
      dot += a[i * 8 + d]! * b[j * 8 + d]!;
      na += a[i * 8 + d]! ** 2;
      nb += b[j * 8 + d]! ** 2;
    }
    return dot / Math.sqrt(na * nb);
  };
  for (let i = 0; i < 40; i++) {
    const expected = Array.from({ length: 40 }, (_, j) => j)
      .filter((j) => j !== i)
      .sort((a, b) => cos(input.vectors, i, output.vectors, b) - cos(input.vectors, i, output.vectors, a) || a - b)
      .slice(0, k)
      .map((j) => input.ids[j]!);
    assert.deepEqual([...found.neighborIds.subarray(i * k, (i + 1) * k)], expected, `row ${i}`);
  }
});

test("pairedTopK refuses vectors on different rows", async () => {
  const input = randomSet(4, 2, 1);
  await assert.rejects(pairedTopK(input, { ...input, ids: Int32Array.from([1, 2, 3, 4]) }, 1, { progress: false }), /same songs/);
});

test("music2vecNeighbors with 0 slots is the cosine top-k; with slots it leads with the paired top songs", async () => {
  const input = randomSet(30, 6, 3);
  const output = { ...randomSet(30, 6, 4), ids: input.ids };
  const plain = await cosineTopK(input, 10, { progress: false });
  assert.deepEqual(await music2vecNeighbors(input, output, 10, 0, { progress: false }), plain);
  const mixed = await music2vecNeighbors(input, output, 10, 3, { progress: false });
  const together = await pairedTopK(input, output, 3, { progress: false });
  for (let row = 0; row < 30; row++) {
    assert.deepEqual([...mixed.neighborIds.subarray(row * 10, row * 10 + 3)], [...together.neighborIds.subarray(row * 3, row * 3 + 3)]);
    assert.equal(new Set(mixed.neighborIds.subarray(row * 10, row * 10 + 10)).size, 10);
    assert.equal(mixed.togetherCounts![row], 3);
  }
});
