import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { discoveryScore, documentForDiscovery, parseDiscovery, rerankForDiscovery, roundDiscovery } from "./discovery.ts";
import { eachTop3, scoreTotal } from "./ranking.ts";
import type { SongDocument } from "./types.ts";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} is not ${b}`);

describe("discoveryScore", () => {
  it("blends closeness in the list with (un)familiarity, by hand", () => {
    // A list of 3: closeness 1, 0.5, 0.
    // Familiar end (d = 0: tilt 1, weight 0.5): rank 2 at the 90th percentile = 0.5·0.5 + 0.5·0.9 = 0.70.
    close(discoveryScore(2, 3, 90, 0), 0.7);
    // Hidden-gems end (d = 1: tilt −1, weight 0.5): the same song = 0.5·0.5 + 0.5·(1 − 0.9) = 0.30.
    close(discoveryScore(2, 3, 90, 1), 0.3);
    // d = 0.25: tilt 0.5, weight 0.25: rank 1 at the 10th percentile = 0.75·1 + 0.25·0.1 = 0.775.
    close(discoveryScore(1, 3, 10, 0.25), 0.775);
    // Neutral: closeness alone.
    close(discoveryScore(3, 3, 100, 0.5), 0);
    // A list of one song is as close as can be.
    close(discoveryScore(1, 1, 0, 0.5), 1);
  });
});

describe("rerankForDiscovery", () => {
  const pct = new Map([["A", 10], ["B", 90], ["C", 50]]);
  const of = (x: string) => pct.get(x)!;

  it("moves familiar songs up at 0 and keeps the order at 0.5, by hand", () => {
    // d = 0: A 0.5·1 + 0.5·0.1 = 0.55 · B 0.25 + 0.45 = 0.70 · C 0 + 0.25 = 0.25
    assert.deepEqual(rerankForDiscovery(["A", "B", "C"], 0, of), ["B", "A", "C"]);
    assert.deepEqual(rerankForDiscovery(["A", "B", "C"], 0.5, of), ["A", "B", "C"]);
    // d = 0.25: A 0.775 · B 0.6 · C 0.125: closeness still wins
    assert.deepEqual(rerankForDiscovery(["A", "B", "C"], 0.25, of), ["A", "B", "C"]);
  });

  it("lifts a little-known song over a better-known closer one at 1, by hand", () => {
    const known = new Map([["A", 90], ["B", 80], ["C", 5]]);
    // d = 1: A 0.5 + 0.05 = 0.55 · B 0.25 + 0.10 = 0.35 · C 0 + 0.475 = 0.475
    assert.deepEqual(rerankForDiscovery(["A", "B", "C"], 1, (x) => known.get(x)!), ["A", "C", "B"]);
  });

  it("keeps the list's order between equal scores and never loses or adds an item", () => {
    // Every song at the same percentile: the blend is monotone in closeness, so the order stays at any setting.
    for (const d of [0, 0.3, 0.7, 1]) assert.deepEqual(rerankForDiscovery([4, 3, 2, 1], d, () => 50), [4, 3, 2, 1]);
    // d = 0 over two songs: first 0.5·1 + 0.5·0 = 0.5, second 0.5·0 + 0.5·1 = 0.5: a tie, the list's order stays.
    assert.deepEqual(rerankForDiscovery(["x", "y"], 0, (s) => (s === "x" ? 0 : 100)), ["x", "y"]);
  });

  it("refuses settings outside 0..1", () => {
    assert.throws(() => rerankForDiscovery([1, 2], 1.5, () => 0), RangeError);
    assert.throws(() => rerankForDiscovery([1, 2], Number.NaN, () => 0), RangeError);
  });
});

describe("parseDiscovery and roundDiscovery", () => {
  it("accepts plain decimals from 0 to 1 only", () => {
    assert.equal(parseDiscovery("0"), 0);
    assert.equal(parseDiscovery("1"), 1);
    assert.equal(parseDiscovery("0.7"), 0.7);
    assert.equal(parseDiscovery(".25"), 0.25);
    assert.equal(parseDiscovery("1.0"), 1);
    for (const bad of ["", "-0.1", "1.01", "2", "1e-1", "0x1", " 0.5", "abc", null, undefined]) assert.equal(parseDiscovery(bad), null, String(bad));
  });

  it("rounds to the control's steps of 0.1", () => {
    assert.equal(roundDiscovery(0.74), 0.7);
    assert.equal(roundDiscovery(0.75), 0.8);
    assert.equal(roundDiscovery(0.3), 0.3);
    assert.equal(roundDiscovery(1), 1);
  });
});

describe("documentForDiscovery", () => {
  const doc: SongDocument = {
    song: { id: 1, name: "q", artists: ["a"], album: "x", genres: [], issueDate: null },
    neighbors: {
      // Two predicted playlist-mates (their own, lower kind of score), then an alike song.
      music2vec: [
        { id: 10, rank: 1, score: 0.31, kind: "together" },
        { id: 11, rank: 2, score: 0.28, kind: "together" },
        { id: 12, rank: 3, score: 0.85, kind: "alike" },
      ],
      tcae: [
        { id: 12, rank: 1, score: 0.6 },
        { id: 13, rank: 2, score: 0.5 },
      ],
      cel: [],
    },
    eachTop3: eachTop3({ music2vec: [10, 11, 12], tcae: [12, 13] }),
    scoreTotal: scoreTotal({ music2vec: [10, 11, 12], tcae: [12, 13], playlistMates: new Set([10, 11]) }),
  };
  const popularity = new Map([[10, 95], [11, 60], [12, 2], [13, 40]]);

  it("is the stored document at the neutral setting", () => {
    assert.equal(documentForDiscovery(doc, 0.5, (id) => popularity.get(id)), doc);
  });

  it("re-ranks every list, renumbers ranks, keeps cosines and kinds and recomputes both ensembles from the new lists", () => {
    const gems = documentForDiscovery(doc, 1, (id) => popularity.get(id));
    // music2vec at d = 1: 10: 0.5 + 0.5·0.05 = 0.525 · 11: 0.25 + 0.2 = 0.45 · 12: 0 + 0.49 = 0.49 → 10, 12, 11
    // (so the position no longer tells a playlist-mate: the kind travels with the song)
    assert.deepEqual(gems.neighbors.music2vec, [
      { id: 10, rank: 1, score: 0.31, kind: "together" },
      { id: 12, rank: 2, score: 0.85, kind: "alike" },
      { id: 11, rank: 3, score: 0.28, kind: "together" },
    ]);
    // tcae: 12: 0.5 + 0.49 = 0.99 · 13: 0 + 0.3 = 0.3 → unchanged
    assert.deepEqual(gems.neighbors.tcae.map((n) => n.id), [12, 13]);
    assert.deepEqual(gems.neighbors.cel, []);
    assert.deepEqual(gems.eachTop3, eachTop3({ music2vec: [10, 12, 11], tcae: [12, 13] }));
    // As stored, Score Total opens with both playlist-mates, then the vote (Music2Vec without them is [12]:
    // 12 votes 1 there and 1/6 in TCAE). For hidden gems, 11 (popular) left Music2Vec's first two places, so only
    // 10 still leads; 11 joins the vote behind song 12, which Music2Vec now ranks above it
    // (12: 1 + 1/6 · 11: 1/2 + 1/300 · 13: 1/50 + 1/12).
    assert.deepEqual(doc.scoreTotal.map((i) => i.id), [10, 11, 12, 13]);
    assert.deepEqual(gems.scoreTotal.map((i) => i.id), [10, 12, 11, 13]);
    assert.deepEqual(gems.scoreTotal.map((i) => i.ranks.music2vec), [1, 2, 3, null]);
    close(doc.scoreTotal[2]!.score, 1 + 1 / 6);
    close(gems.scoreTotal[1]!.score, 1 + 1 / 6);
    close(gems.scoreTotal[2]!.score, 1 / 2 + 1 / 300);
  });

  it("treats a neighbour of unknown popularity as the median", () => {
    const familiar = documentForDiscovery(doc, 0, () => undefined);
    assert.deepEqual(familiar.neighbors.music2vec.map((n) => n.id), [10, 11, 12]);
  });
});
