import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildCooccurrence } from "./cooccurrence.ts";
import { continuationLists, continuationPlaylists, meanContinuationNdcg } from "./continuation.ts";
import { evaluate } from "./evaluate.ts";

const close = (a: number | null | undefined, b: number) => assert.ok(typeof a === "number" && Math.abs(a - b) < 1e-12, `${a} is not ${b}`);

describe("continuationPlaylists", () => {
  it("keeps each playlist's distinct catalogue songs in order, only playlists of two or more", () => {
    const catalogue = new Set([1, 2, 3, 4]);
    assert.deepEqual(continuationPlaylists([[1, 9, 2, 1], [3], [4, 3, 2]], catalogue, 10, 1), [[1, 2], [4, 3, 2]]);
  });

  it("samples at most `max`, the same ones for the same seed, in their original order", () => {
    const heldOut = Array.from({ length: 50 }, (_, i) => [i, i + 100]);
    const catalogue = new Set(heldOut.flat());
    const a = continuationPlaylists(heldOut, catalogue, 10, 7);
    assert.equal(a.length, 10);
    assert.deepEqual(a, continuationPlaylists(heldOut, catalogue, 10, 7));
    assert.deepEqual(a, [...a].sort((x, y) => x[0]! - y[0]!));
    assert.notDeepEqual(a, continuationPlaylists(heldOut, catalogue, 10, 8));
  });
});

describe("meanContinuationNdcg", () => {
  it("averages over playlists; a seed without a list gives no votes", () => {
    // [1, 2]: seed 1 lists [2] → perfect (1) · [3, 4]: seed 3 has no list → 0
    close(meanContinuationNdcg([[1, 2], [3, 4]], (s) => (s === 1 ? [2] : undefined)), 0.5);
    assert.equal(meanContinuationNdcg([], () => []), null);
  });
});

describe("continuation in the evaluation", () => {
  it("scores the methods given deeper lists, with the baselines 50 deep, and leaves the others without", () => {
    const train = [[1, 2, 3], [1, 2], [2, 3, 4]];
    const cooccurrence = buildCooccurrence(train);
    const songIds = [1, 2, 3, 4];
    const lists = continuationLists({
      music2vec: { ids: Int32Array.from([1, 2, 3, 4]), k: 2, neighborIds: Int32Array.from([4, 3, 3, 1, 4, 2, 1, -1]), scores: new Float32Array(8) },
      listsOf: (song) => ({ music2vec: { 1: [4, 3], 2: [3, 1], 3: [4, 2], 4: [1] }[song]! }),
      songIds,
      playlistCounts: songIds.map((s) => cooccurrence.playlistCount(s)),
      cooccurrence,
    });
    assert.deepEqual(lists.music2vec!(2), [3, 1]);
    assert.deepEqual(lists.music2vec!(4), [1]);
    assert.deepEqual(lists.popularity!(1), [2, 3, 4]); // counts 2: 3, 3: 2, 4: 1
    assert.deepEqual(lists.cooccurrence!(4), [2, 3]);
    assert.deepEqual(lists.scoreTotal!(1), [4, 3]);

    const report = evaluate({
      songs: songIds.map((id) => ({ id, artistIds: [id], genres: ["GN0100"], playlistCount: cooccurrence.playlistCount(id) })),
      recommendations: { music2vec: new Map([[1, [4]]]), popularity: new Map([[1, [2]]]), cel: new Map([[1, [3]]]) },
      // Held out: [1, 3, 4] → seed 1, rest {3, 4}
      heldOut: [[1, 3, 4]],
      k: 1,
      seed: 1,
      continuation: lists,
    });
    // music2vec from seed 1: [4, 3] → both found: 1 · popularity from seed 1: [2, 3, 4] → hits at 1 and 2 (0-based)
    close(report.methods.music2vec!.continuationNdcgAt100, 1);
    close(report.methods.popularity!.continuationNdcgAt100, (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)));
    assert.equal(report.methods.music2vec!.continuationPlaylists, 1);
    assert.equal(report.methods.cel!.continuationNdcgAt100, undefined);
  });
});
