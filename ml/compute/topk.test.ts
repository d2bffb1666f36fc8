import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BlockTopK, TopK, TopKRows, normalizeRows, topKRowsStorage } from "./topk.ts";
import { Random } from "../core/random.ts";

describe("normalizeRows", () => {
  it("scales rows to unit length and leaves a zero row at zero", () => {
    assert.deepEqual([...normalizeRows(new Float32Array([3, 4, 0, 0]), 2)], [0.6, 0.8, 0, 0].map(Math.fround));
  });
});

describe("BlockTopK", () => {
  it("keeps each row's best k over several tiles, best first, skipping the row itself", () => {
    const top = new BlockTopK(2, 2);
    top.reset(2);
    // rows 0 and 1 of the set against columns 0..2, then 3..4
    top.scanTile([0.9, 0.1, 0.5, /* row 1 */ 0.2, 0.9, 0.3], 3, 0, 0);
    top.scanTile([0.7, 0.2, /* row 1 */ 0.4, 0.1], 2, 3, 0);
    const ids = new Int32Array(4);
    const scores = new Float32Array(4);
    top.writeTo(ids, scores, 0, [10, 11, 12, 13, 14]);
    // row 0: column 0 is itself; best 0.7 (13), 0.5 (12) · row 1: column 1 is itself; 0.4 (13), 0.3 (12)
    assert.deepEqual([...ids], [13, 12, 13, 12]);
    assert.deepEqual([...scores], [0.7, 0.5, 0.4, 0.3].map(Math.fround));
  });

  it("gives equal scores to the lower column, across and within tiles", () => {
    const top = new BlockTopK(1, 2);
    top.reset(1);
    top.scanTile([0.5, 0.5, 0.8], 3, 1, 0);
    top.scanTile([0.5, 0.8], 2, 4, 0);
    const ids = new Int32Array(2);
    top.writeTo(ids, new Float32Array(2), 0, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual([...ids], [3, 5]); // 0.8 at columns 3 and 5: the lower first, the 0.5s dropped
    top.reset(1);
    top.scanTile([0.8, 0.5, 0.8, 0.5], 4, 1, 0);
    top.writeTo(ids, new Float32Array(2), 0, [0, 1, 2, 3, 4]);
    assert.deepEqual([...ids], [1, 3]);
  });

  it("pads with -1 and score 0 when a row has fewer than k others", () => {
    const top = new BlockTopK(2, 3);
    top.reset(2);
    top.scanTile([1, 0.25, /* row 1 */ 0.25, 1], 2, 0, 0);
    const ids = new Int32Array(6);
    const scores = new Float32Array(6);
    top.writeTo(ids, scores, 0, [7, 8]);
    assert.deepEqual([...ids], [8, -1, -1, 7, -1, -1]);
    assert.deepEqual([...scores], [0.25, 0, 0, 0.25, 0, 0]);
  });
});

describe("TopK", () => {
  it("keeps the k best, best first, ties to the lower id whatever the order offered", () => {
    const top = new TopK(3);
    for (const [id, score] of [[9, 0.5], [4, 0.9], [7, 0.5], [2, 0.1], [5, 0.5], [1, 0.9]] as const) top.offer(id, score);
    // 0.9 twice (ids 1, 4), then the best 0.5 by id (5 beats 7 and 9).
    assert.deepEqual(top.ids(), [1, 4, 5]);
    assert.equal(top.floor, 0.5);
    assert.equal(top.count, 3);
  });

  it("holds fewer than k when fewer are offered, and starts afresh after clear", () => {
    const top = new TopK(4);
    top.offer(3, 2);
    top.offer(8, 5);
    assert.deepEqual(top.ids(), [8, 3]);
    assert.equal(top.floor, -Infinity);
    top.clear();
    top.offer(1, 1);
    assert.deepEqual(top.ids(), [1]);
  });

  it("takes nothing when k is 0", () => {
    const top = new TopK(0);
    top.offer(1, 100);
    assert.deepEqual(top.ids(), []);
  });
});

describe("TopKRows", () => {
  it("keeps every row's k best as TopK does, whatever order the pairs come in", () => {
    const random = new Random(4, "topk-rows");
    const rows = 6;
    const k = 5;
    const pairs = Array.from({ length: 400 }, () => ({ row: random.int(rows), id: random.int(60), score: Math.fround(random.int(8) / 8) }));
    const top = new TopKRows(rows, k);
    const single = Array.from({ length: rows }, () => new TopK(k));
    const seen = new Set<string>();
    for (const { row, id, score } of pairs) {
      if (seen.has(`${row}:${id}`)) continue; // a pair is offered once, as every search does
      seen.add(`${row}:${id}`);
      top.offer(row, id, score);
      single[row]!.offer(id, score);
    }
    for (let r = 0; r < rows; r++) {
      assert.deepEqual(top.sorted(r).map((p) => p.id), single[r]!.ids(), `row ${r}`);
      assert.equal(top.floor(r), single[r]!.floor);
    }
  });

  it("merges parts into the answer they would give as one, ties to the lower id, padding short rows", () => {
    const a = new TopKRows(2, 3, topKRowsStorage(2, 3, "shared"));
    const b = new TopKRows(2, 3);
    a.offer(0, 7, 0.5);
    a.offer(0, 2, 0.25);
    b.offer(0, 4, 0.5); // equal to 7's score: the lower id first
    b.offer(0, 9, 0.75);
    b.offer(1, 3, 0.125);
    const ids = new Int32Array(6);
    const scores = new Float32Array(6);
    TopKRows.merge([a, b], ids, scores);
    assert.deepEqual([...ids], [9, 4, 7, 3, -1, -1]);
    assert.deepEqual([...scores], [0.75, 0.5, 0.5, 0.125, 0, 0]);
    TopKRows.merge([b, a], ids, scores);
    assert.deepEqual([...ids], [9, 4, 7, 3, -1, -1], "the order of the parts does not matter");
  });

  it("takes nothing when k is 0", () => {
    const top = new TopKRows(1, 0);
    top.offer(0, 1, 1);
    assert.equal(top.floor(0), Infinity);
    assert.equal(top.storage.counts[0], 0);
  });
});
