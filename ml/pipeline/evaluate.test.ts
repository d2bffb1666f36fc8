import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluate, formatReportTable, type EvaluationInput } from "./evaluate.ts";

const close = (actual: number | null | undefined, expected: number) => {
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) < 1e-12, `${actual} ≉ ${expected}`);
};

// Popularity counts 4, 2, 0, 1, 3, 2 give percentiles 100, 50, 0, 20, 80, 50.
const songs: EvaluationInput["songs"] = [
  { id: 1, artistIds: [100], genres: ["GN0100"], playlistCount: 4 },
  { id: 2, artistIds: [100], genres: ["GN0100"], playlistCount: 2 },
  { id: 3, artistIds: [200], genres: ["GN0100"], playlistCount: 0 },
  { id: 4, artistIds: [300], genres: ["GN0200"], playlistCount: 1 },
  { id: 5, artistIds: [400], genres: ["GN0200", "GN0100"], playlistCount: 3 },
  { id: 6, artistIds: [500], genres: [], playlistCount: 2 },
];

function input(overrides: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    songs,
    recommendations: {
      music2vec: new Map([[1, [2, 3, 4]], [2, [3, 5]], [3, [4, 1]], [4, []], [6, [1, 2]]]),
      cel: new Map([[1, [5]]]),
    },
    // 99 is not in the catalogue; [6] has no other catalogue song: cases (1|3), (3|1), (4|5), (5|4)
    heldOut: [[1, 3, 99], [4, 5], [6]],
    works: new Map([[1, 7], [3, 7], [5, 7], [2, 8], [6, 9]]),
    k: 2,
    seed: 1,
    ...overrides,
  };
}

describe("evaluate", () => {
  const report = evaluate(input());

  it("computes every metric on the queries each method can answer (hand-worked)", () => {
    const m = report.methods.music2vec!;
    assert.equal(m.queries, 4); // song 4's list is empty, 5 has none
    // 1: [2 same artist, 3 ✓] → 1 · 2: [3 ✓, 5 ✓] → 1 · 3: [4 ✗, 1 ✓] → 0.5 · 6 has no genre
    close(m.genrePrecisionAt10, 2.5 / 3);
    // (1|3): 3 at rank 2 · (3|1): 1 at rank 2 · 4 and 5 not answerable
    assert.equal(m.coPlaylistCases, 2);
    close(m.coPlaylistHitRateAt10, 1);
    close(m.coPlaylistNdcgAt10, 1 / Math.log2(3));
    // work 7 = {1, 3, 5}: 1 finds 3 of {3, 5}, 3 finds 1 of {1, 5}
    assert.equal(m.versionQueries, 2);
    close(m.versionRecallAt10, 0.5);
    close(m.coverageAt10, 5 / 6); // 1, 2, 3, 4, 5
    close(m.meanPopularityPercentile, (50 + 0 + 0 + 80 + 20 + 100 + 100 + 50) / 8);
  });

  it("gives every method its version recall on the songs with a mel too, the same queries for all (hand-worked)", () => {
    // Song 3's list now misses its versions: 1 finds 3 of {3, 5} (0.5), 3 finds none of {1, 5} (0).
    const lists = new Map([[1, [2, 3, 4]], [2, [3, 5]], [3, [4, 2]], [6, [1, 2]]]);
    const withAudio = (audioSongs?: Set<number>) => evaluate(input({ recommendations: { music2vec: lists, cel: new Map([[1, [5]]]) }, audioSongs })).methods;
    close(withAudio(new Set([1, 2])).music2vec!.versionRecallAt10, 0.25);
    close(withAudio(new Set([1, 2])).music2vec!.versionRecallAudioAt10, 0.5);
    assert.equal(withAudio(new Set([1, 2])).music2vec!.versionQueriesAudio, 1);
    close(withAudio(new Set([3])).music2vec!.versionRecallAudioAt10, 0);
    // CEL answers song 1 only: with songs 1 and 2 as the ones with a mel, its two figures agree.
    close(withAudio(new Set([1, 2])).cel!.versionRecallAudioAt10, 0.5);
    // Not told which songs have a mel: no such figure.
    assert.equal(withAudio(undefined).music2vec!.versionRecallAudioAt10, null);
  });

  it("reports the other method on its own single query", () => {
    const m = report.methods.cel!;
    assert.equal(m.queries, 1);
    close(m.genrePrecisionAt10, 1);
    close(m.coPlaylistHitRateAt10, 0);
    close(m.versionRecallAt10, 0.5);
    close(m.coverageAt10, 1 / 6);
    assert.equal(report.methods.tcae, undefined);
  });

  it("reports k, the held-out playlists and the chance level of version recall", () => {
    assert.equal(report.k, 2);
    assert.equal(report.heldOutPlaylists, 3);
    close(report.versionRecallChance, 2 / 5);
    // Per method, chance is over the songs that method can recommend: music2vec has lists for 1, 2, 3 and 6.
    close(report.methods.music2vec!.versionRecallChance, 2 / 3);
    close(report.methods.cel!.versionRecallChance, 0);
    assert.equal(evaluate(input({ works: undefined })).versionRecallChance, null);
    assert.equal(evaluate(input({ works: undefined })).methods.music2vec!.versionRecallAt10, null);
  });

  it("samples co-playlist cases with the seed, the same for every method", () => {
    const everyone = new Map(songs.map((s) => [s.id, songs.filter((o) => o.id !== s.id).map((o) => o.id)]));
    const sampled = (seed: number) =>
      evaluate(input({ recommendations: { popularity: everyone, cooccurrence: everyone }, maxCoPlaylistCases: 2, seed })).methods;
    const a = sampled(3);
    assert.equal(a.popularity!.coPlaylistCases, 2);
    assert.equal(a.cooccurrence!.coPlaylistCases, 2);
    assert.deepEqual(sampled(3), a);
    assert.equal(evaluate(input({ recommendations: { popularity: everyone } })).methods.popularity!.coPlaylistCases, 4);
  });
});

describe("the \"another version\" label", () => {
  it("is judged on TCAE's top k against the known versions (hand-worked)", () => {
    // Songs 1, 3 and 5 are versions of work 7. Labelled (score ≥ 0.85): 1→3 and 3→1 (right), 5→4 (wrong); 1→2 is
    // below the threshold, and 3→5 is beyond k = 2. Each of 1, 3, 5 could find its 2 other versions: 6 wanted.
    const neighbors = new Map([
      [1, [{ id: 3, score: 0.9 }, { id: 2, score: 0.8 }]],
      [3, [{ id: 1, score: 0.95 }, { id: 4, score: 0.5 }, { id: 5, score: 0.9 }]],
      [5, [{ id: 4, score: 0.99 }]],
    ]);
    const label = evaluate(input({ versionLabel: { neighbors, threshold: 0.85 } })).sameMelodyLabel!;
    assert.equal(label.threshold, 0.85);
    assert.equal(label.labelled, 3);
    close(label.precision, 2 / 3);
    close(label.recall, 2 / 6);
    assert.equal(evaluate(input({ works: undefined, versionLabel: { neighbors, threshold: 0.85 } })).sameMelodyLabel!.precision, null);
    assert.equal(evaluate(input()).sameMelodyLabel, undefined);
  });
});

describe("formatReportTable", () => {
  it("prints one row per evaluated method, with – where a metric does not apply", () => {
    const table = formatReportTable(evaluate(input({ works: undefined })));
    const lines = table.split("\n");
    assert.match(lines[0]!, /Evaluation @2 · 3 held-out playlists/);
    assert.match(lines[1]!, /^method\s+queries\s+genre P/);
    assert.deepEqual(lines.slice(2).map((l) => l.split(/\s+/)[0]), ["music2vec", "cel"]);
    // no continuation lists given, no version ground truth, no songs with a mel named: four –
    assert.match(lines[2]!, /^music2vec\s+4\s+0\.833\s+1\.000\s+0\.631\s+–\s+–\s+–\s+–\s+0\.833\s+50\.0$/);
  });
});
