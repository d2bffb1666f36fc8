import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareUnitFractionSums, eachTop3, scoreTotal } from "./ranking.ts";

/** A top-50 list with `id` at 1-based `rank`, padded with fillers numbered from `filler`. */
function listWith(entries: Record<number, number>, filler: number): number[] {
  const list: number[] = [];
  for (let rank = 1; rank <= Math.max(...Object.values(entries)); rank++) {
    const id = Object.entries(entries).find(([, r]) => r === rank)?.[0];
    list.push(id === undefined ? filler++ : Number(id));
  }
  return list;
}

describe("compareUnitFractionSums", () => {
  it("compares sums of unit fractions exactly", () => {
    // 1/4 + 1/50 + 1/12 = 1/6 + 1/50 + 1/6 = 53/150, though the float sums differ in the last bit.
    assert.equal(compareUnitFractionSums([4, 50, 12], [6, 50, 6]), 0);
    assert.notEqual([0.02, 1 / 12, 1 / 4].reduce((a, b) => a + b), [0.02, 1 / 6, 1 / 6].reduce((a, b) => a + b));
    // 1/2 + 1/3 = 5/6 < 1/1; 1/3 + 1/15 = 2/5 = 1/5 + 1/5
    assert.equal(compareUnitFractionSums([2, 3], [1]), -1);
    assert.equal(compareUnitFractionSums([1], [2, 3]), 1);
    assert.equal(compareUnitFractionSums([3, 15, 50], [5, 5, 50]), 0);
    // Denominators whose lcm is beyond 2^53: 1/37 + 1/41 + 1/43 + 1/47 against itself plus nothing.
    assert.equal(compareUnitFractionSums([37, 41, 43, 47, 49, 50], [50, 49, 47, 43, 41, 37]), 0);
    assert.equal(compareUnitFractionSums([37, 41, 43, 47, 49, 50], [37, 41, 43, 47, 49, 49]), -1);
  });
});

describe("scoreTotal", () => {
  it("sums 1/rank per embedding, TCAE's a sixth and CEL's a third of that, and 1/50 (TCAE 1/300, CEL 1/150) where absent", () => {
    const items = scoreTotal({ music2vec: [5, 7, 9], tcae: [7, 5], cel: [9, 11] });
    // 5: 1 + 1/12 + 1/150 = 1.09 · 7: 1/2 + 1/6 + 1/150 = 0.67333… · 9: 1/3 + 1/300 + 1/3 = 0.67 ·
    // 11: 1/50 + 1/300 + 1/6 = 0.19
    assert.deepEqual(items.map((i) => i.id), [5, 7, 9, 11]);
    assert.ok(Math.abs(items[0]!.score - 1.09) < 1e-12);
    assert.ok(Math.abs(items[1]!.score - (1 / 2 + 1 / 6 + 1 / 150)) < 1e-12);
    assert.ok(Math.abs(items[2]!.score - 0.67) < 1e-12);
    assert.ok(Math.abs(items[3]!.score - 0.19) < 1e-12);
    assert.deepEqual(items[0]!.ranks, { music2vec: 1, tcae: 2, cel: null });
    assert.deepEqual(items[3]!.ranks, { music2vec: null, tcae: null, cel: 2 });
    // At the same rank, Music2Vec's first song counts most, then CEL's, then TCAE's
    // (1: 1 + 1/300 + 1/150 · 9: 1/2 + 1/12 + 1/6 · 3: 1/50 + 1/300 + 1/3 · 2: 1/50 + 1/6 + 1/150).
    assert.deepEqual(scoreTotal({ music2vec: [1, 9], tcae: [2, 9], cel: [3, 9] }).map((i) => i.id), [1, 9, 3, 2]);
  });

  it("scores a song without a mel on Music2Vec alone, with null ranks elsewhere", () => {
    const items = scoreTotal({ music2vec: [3, 1, 2] });
    assert.deepEqual(items.map((i) => [i.id, i.score]), [[3, 1], [1, 0.5], [2, 1 / 3]]);
    assert.deepEqual(items[0]!.ranks, { music2vec: 1, tcae: null, cel: null });
  });

  it("breaks exact ties by the lower id even when the ranks sit in different embeddings", () => {
    // 20: Music2Vec 2, CEL 2 and 10: Music2Vec 3, CEL 1, both absent from TCAE's top 50:
    // 1/2 + 1/6 + 1/300 = 1/3 + 1/3 + 1/300. Song 101 (Music2Vec's first) leads with 1 + 1/300 + 1/150.
    const items = scoreTotal({ music2vec: [101, 20, 10], tcae: [300], cel: [10, 20] });
    assert.deepEqual(items.slice(0, 3).map((i) => i.id), [101, 10, 20]);
    assert.equal(items[1]!.score, items[2]!.score);
  });

  it("ties totals that are equal as fractions whatever the float rounding, lower id first", () => {
    // Terms A: Music2Vec rank 2, TCAE rank 4, CEL rank 8: 1/2 + 1/24 + 1/24 = 7/12.
    // Terms B: Music2Vec rank 3, TCAE rank 1, CEL rank 4: 1/3 + 1/6 + 1/12 = 7/12.
    // Summed in floats (smallest first), A's total is the larger by one ulp; the rule says the lower id goes
    // first among equal totals, whichever of the two songs has which terms.
    const at = (items: { id: number }[], id: number) => items.findIndex((i) => i.id === id);
    const a = scoreTotal({ music2vec: listWith({ 7: 3, 9: 2 }, 100), tcae: listWith({ 7: 1, 9: 4 }, 1000), cel: listWith({ 7: 4, 9: 8 }, 200) }, 50);
    assert.ok(at(a, 7) >= 0 && at(a, 9) === at(a, 7) + 1, "7 then 9");
    assert.ok(a[at(a, 7)]!.score < a[at(a, 9)]!.score, "the float totals really differ, 9's the larger");
    const b = scoreTotal({ music2vec: listWith({ 9: 3, 7: 2 }, 100), tcae: listWith({ 9: 1, 7: 4 }, 1000), cel: listWith({ 9: 4, 7: 8 }, 200) }, 50);
    assert.ok(at(b, 7) >= 0 && at(b, 9) === at(b, 7) + 1, "7 (now the larger float) first as well");
  });

  it("ties a song without TCAE the same way (two embeddings)", () => {
    // Song 30: Music2Vec 2, CEL 4: 1/2 + 1/12 = 0.5833333333333334 in floats; song 20: Music2Vec 4, CEL 1:
    // 1/4 + 1/3 = 0.5833333333333333. Equal as fractions (7/12): 20, the lower id, first, though its float is smaller.
    const items = scoreTotal({ music2vec: listWith({ 30: 2, 20: 4 }, 100), cel: listWith({ 30: 4, 20: 1 }, 200) }, 60);
    const ids = items.map((i) => i.id);
    assert.equal(ids.indexOf(30), ids.indexOf(20) + 1, "20 and 30 tie: lower id first");
  });

  it("keeps the top k of a union larger than k", () => {
    const music2vec = Array.from({ length: 12 }, (_, i) => 100 + i);
    assert.deepEqual(scoreTotal({ music2vec }).map((i) => i.id), music2vec.slice(0, 10));
    assert.equal(scoreTotal({ music2vec }, 3).length, 3);
  });

  it("ignores ranks beyond 50", () => {
    const music2vec = Array.from({ length: 60 }, (_, i) => i + 1);
    const items = scoreTotal({ music2vec, cel: [55] }, 60);
    const late = items.find((i) => i.id === 55)!;
    assert.deepEqual(late.ranks, { music2vec: null, tcae: null, cel: 1 });
    assert.ok(Math.abs(late.score - (1 / 50 + 1 / 3)) < 1e-12, "CEL's first, absent from Music2Vec's top 50");
    assert.equal(items.length, 51);
  });

  it("returns nothing when the song has no list", () => {
    assert.deepEqual(scoreTotal({}), []);
  });

  describe("opening with Music2Vec's predicted playlist-mates", () => {
    // Music2Vec's list: 5 and 6 are predicted playlist-mates; 7 is TCAE's and CEL's first.
    const lists = { music2vec: [5, 6, 8, 7], tcae: [7, 8], cel: [7, 9] };

    it("puts the playlist-mates first, in Music2Vec's order, then votes over the lists without them", () => {
      const items = scoreTotal({ ...lists, playlistMates: new Set([6, 5]) });
      // Without 5 and 6, Music2Vec's list is [8, 7]: 8 votes as its first.
      // 8: 1 + 1/12 + 1/150 = 1.09 · 7: 1/2 + 1/6 + 1/3 = 1 · 9: 1/50 + 1/300 + 1/6 = 0.19
      assert.deepEqual(items.map((i) => i.id), [5, 6, 8, 7, 9]);
      assert.ok(Math.abs(items[2]!.score - 1.09) < 1e-12, "8 votes at rank 1 of Music2Vec's alike songs");
      assert.deepEqual(items[2]!.ranks, { music2vec: 3, tcae: 2, cel: null }, "the ranks shown stay the lists' places");
      // 6's score: the vote at its places in the lists, 1/2 + 1/300 + 1/150.
      assert.ok(Math.abs(items[1]!.score - 0.51) < 1e-12);
      assert.deepEqual(items[1]!.ranks, { music2vec: 2, tcae: null, cel: null });
      // Without playlist-mates, the vote alone on the lists as they are: 5: 1 + 1/300 + 1/150 · 7: 1/4 + 1/6 + 1/3 ·
      // 6: 1/2 + 1/300 + 1/150 · 8: 1/3 + 1/12 + 1/150 · 9: 1/50 + 1/300 + 1/6.
      assert.deepEqual(scoreTotal(lists).map((i) => i.id), [5, 7, 6, 8, 9], "without playlist-mates: the vote alone");
    });

    it("leads only with the playlist-mates still among Music2Vec's first places once its list is re-ranked", () => {
      // Two playlist-mates, so two leading places: [8, 6] holds only 6; 5 (fourth) joins the vote.
      const items = scoreTotal({ music2vec: [8, 6, 7, 5], tcae: [7, 8], cel: [7, 9], playlistMates: new Set([5, 6]) });
      // Music2Vec without 6: [8, 7, 5]. 8: 1 + 1/12 + 1/150 · 7: 1/2 + 1/6 + 1/3 · 5: 1/3 + 1/300 + 1/150 · 9: 1/50 + 1/300 + 1/6
      assert.deepEqual(items.map((i) => i.id), [6, 8, 7, 5, 9]);
      const reordered = scoreTotal({ music2vec: [6, 5, 8, 7], tcae: [7, 8], cel: [7, 9], playlistMates: new Set([5, 6]) });
      assert.deepEqual(reordered.slice(0, 2).map((i) => i.id), [6, 5], "in the list's order, not the set's");
    });

    it("with Music2Vec alone: the leading playlist-mates, then the list's order; a repeated id keeps its first rank", () => {
      const items = scoreTotal({ music2vec: [4, 5, 8, 4, 9, 6], playlistMates: new Set([5, 6]) });
      assert.deepEqual(items.map((i) => i.id), [5, 4, 8, 9, 6]);
      assert.deepEqual(items.map((i) => i.ranks.music2vec), [2, 1, 3, 5, 6]);
      // 5 leads (its vote at its place, 1/2); the others vote at their places among the songs that do not lead.
      assert.deepEqual(items.map((i) => i.score), [1 / 2, 1, 1 / 2, 1 / 3, 1 / 4]);
      assert.deepEqual(scoreTotal({ music2vec: [4, 5, 8, 4, 9, 6] }).map((i) => i.id), [4, 5, 8, 9, 6]);
    });

    it("ignores playlist-mates missing from the Music2Vec list and cuts at k", () => {
      assert.deepEqual(scoreTotal({ ...lists, playlistMates: new Set([42]) }).map((i) => i.id), [5, 7, 6, 8, 9]);
      assert.deepEqual(scoreTotal({ tcae: [8, 7], playlistMates: new Set([7]) }).map((i) => i.id), [8, 7]);
      assert.deepEqual(scoreTotal({ ...lists, playlistMates: new Set([5, 6]) }, 1).map((i) => i.id), [5]);
    });
  });
});

describe("eachTop3", () => {
  it("walks rank by rank, CEL then TCAE then Music2Vec, and stops at 10", () => {
    const items = eachTop3({ cel: [1, 2, 3, 4, 5], tcae: [11, 12, 13, 14, 15], music2vec: [21, 22, 23, 24, 25] });
    assert.deepEqual(items.map((i) => i.id), [1, 11, 21, 2, 12, 22, 3, 13, 23, 4]);
    assert.deepEqual(items[9]!.from, ["cel"]);
  });

  it("merges overlaps, recording each embedding that reached the song in walk order", () => {
    const items = eachTop3({ cel: [1, 2, 3, 4], tcae: [2, 1, 5, 6], music2vec: [1, 7, 8, 9, 10, 11] });
    // rank 1: 1 (cel), 2 (tcae), 1 again (music2vec) · rank 2: 2 (cel), 1 (tcae), 7 · rank 3: 3, 5, 8
    // rank 4: 4, 6, 9 · rank 5: cel and tcae exhausted, 10 · then 10 songs: stop before 11.
    assert.deepEqual(items.map((i) => i.id), [1, 2, 7, 3, 5, 8, 4, 6, 9, 10]);
    assert.deepEqual(items[0]!.from, ["cel", "music2vec", "tcae"]);
    assert.deepEqual(items[1]!.from, ["tcae", "cel"]);
    assert.deepEqual(items[2]!.from, ["music2vec"]);
  });

  it("a song covered by a later cut-off before the walk stops gets that embedding in `from`", () => {
    // Ranks 1-3 give 9 songs; rank 4 of CEL (song 31) makes 10 and the walk stops before TCAE's rank 4,
    // so TCAE's 4th song (also 31) does not add tcae to `from`.
    const items = eachTop3({ cel: [1, 2, 3, 31], tcae: [11, 12, 13, 31], music2vec: [21, 22, 23, 24] });
    assert.equal(items.length, 10);
    assert.deepEqual(items[9], { id: 31, from: ["cel"] });
  });

  it("uses Music2Vec alone for a song without a mel", () => {
    const music2vec = Array.from({ length: 12 }, (_, i) => 40 + i);
    const items = eachTop3({ music2vec });
    assert.deepEqual(items.map((i) => i.id), music2vec.slice(0, 10));
    assert.ok(items.every((i) => i.from.length === 1 && i.from[0] === "music2vec"));
  });

  it("stops when the lists are exhausted", () => {
    assert.deepEqual(eachTop3({ cel: [1], tcae: [1], music2vec: [2, 3] }), [
      { id: 1, from: ["cel", "tcae"] },
      { id: 2, from: ["music2vec"] },
      { id: 3, from: ["music2vec"] },
    ]);
    assert.deepEqual(eachTop3({}), []);
  });

  it("always keeps the whole union of the top 3s, even past a small target", () => {
    const items = eachTop3({ cel: [1, 2, 3, 4], tcae: [5, 6, 7, 8] }, 4);
    assert.deepEqual(items.map((i) => i.id), [1, 5, 2, 6, 3, 7]);
  });
});
