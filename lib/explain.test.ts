import assert from "node:assert/strict";
import { test } from "node:test";
import { ANOTHER_VERSION_HEADLINE, TOGETHER_HEADLINE, cosineSimilarity, explainNeighbor, explainScoreTotal, ordinal, sharedGenres, tcaeRelation } from "./explain.ts";

const ballad = { genreCodes: ["GN0100", "GN1500"], genres: ["발라드", "OST"] };
const ost = { genreCodes: ["GN1500"], genres: ["OST"] };
const dance = { genreCodes: ["GN0200"], genres: ["댄스"] };

test("ordinal suffixes, teens included", () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 50].map(ordinal), ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "50th"]);
});

test("sharedGenres keeps the query's order and names", () => {
  assert.deepEqual(sharedGenres(ballad, ost), ["OST"]);
  assert.deepEqual(sharedGenres(ballad, dance), []);
});

test("a neighbour is explained by rank, similarity, genre and playlists", () => {
  const e = explainNeighbor("music2vec", { rank: 2, score: 0.8734 }, ballad, ost, 3);
  assert.equal(e.headline, "Turns up on the same kind of playlists");
  assert.deepEqual(e.facts, ["2nd closest in Music2Vec", "similarity 0.87", "both OST", "together on 3 playlists"]);
  const audio = explainNeighbor("tcae", { rank: 1, score: 0.5 }, ballad, dance, 0);
  assert.deepEqual(audio.facts.slice(2), ["a different genre: 댄스", "never on the same playlist"]);
});

test("a predicted playlist-mate gets its own headline and its score as a prediction, never a rank of closeness", () => {
  const mate = explainNeighbor("music2vec", { rank: 1, score: 0.3125, kind: "together" }, ballad, ost, 4);
  assert.equal(mate.headline, TOGETHER_HEADLINE);
  assert.deepEqual(mate.facts, ["Music2Vec predicts it on the same playlists, score 0.31", "both OST", "together on 4 playlists"]);
  // The alike song after it is explained as every Music2Vec neighbour was: by its place and its similarity.
  const alike = explainNeighbor("music2vec", { rank: 3, score: 0.85, kind: "alike" }, ballad, ost, 1);
  assert.equal(alike.headline, "Turns up on the same kind of playlists");
  assert.deepEqual(alike.facts.slice(0, 2), ["3rd closest in Music2Vec", "similarity 0.85"]);
  // Only Music2Vec has playlist-mates: a kind on another model's neighbour changes nothing.
  assert.deepEqual(
    explainNeighbor("cel", { rank: 1, score: 0.9, kind: "together" }, ballad, ost),
    explainNeighbor("cel", { rank: 1, score: 0.9 }, ballad, ost),
  );
});

test("Score Total: a Music2Vec rank that is a predicted playlist-mate says so", () => {
  const all = ["music2vec", "tcae", "cel"] as const;
  const ranks = { music2vec: 2, tcae: null, cel: 7 };
  const mate = explainScoreTotal({ ranks }, all, ballad, ost, 3, undefined, "together");
  assert.deepEqual(mate.facts.slice(0, 3), ["2nd in Music2Vec, a predicted playlist-mate", "not in TCAE's top 50", "7th in CEL"]);
  assert.equal(explainScoreTotal({ ranks }, all, ballad, ost, 3, undefined, "alike").facts[0], "2nd in Music2Vec");
  assert.equal(explainScoreTotal({ ranks }, all, ballad, ost, 3).facts[0], "2nd in Music2Vec");
});

test("Score Total: ranks in each available embedding, absent ones said so", () => {
  const e = explainScoreTotal({ ranks: { music2vec: 1, tcae: null, cel: 4 } }, ["music2vec", "tcae", "cel"], ballad, ost, 1);
  assert.equal(e.headline, "Ranked near by Music2Vec and CEL");
  assert.deepEqual(e.facts, ["1st in Music2Vec", "not in TCAE's top 50", "4th in CEL", "both OST", "together on 1 playlist"]);
});

test("Score Total headlines: all agree, sound only, playlists only", () => {
  const all = ["music2vec", "tcae", "cel"] as const;
  assert.equal(explainScoreTotal({ ranks: { music2vec: 3, tcae: 2, cel: 1 } }, all, ballad, ost).headline, "All 3 embeddings rank it near");
  assert.equal(explainScoreTotal({ ranks: { music2vec: null, tcae: 2, cel: null } }, all, ballad, ost).headline, "Found by its sound");
  assert.equal(explainScoreTotal({ ranks: { music2vec: 5, tcae: null, cel: null } }, all, ballad, ost).headline, "Found by playlists alone");
  // A song without a mel: only Music2Vec exists, and TCAE/CEL are not mentioned at all.
  const m2v = explainScoreTotal({ ranks: { music2vec: 5, tcae: null, cel: null } }, ["music2vec"], ballad, dance, 0);
  assert.equal(m2v.headline, "Played in the same situations");
  assert.deepEqual(m2v.facts, ["5th in Music2Vec", "a different genre: 댄스", "never on the same playlist"]);
});

test("a TCAE neighbour at or above the calibrated threshold is another version; below it, or uncalibrated, it sounds alike", () => {
  assert.equal(tcaeRelation(0.91, 0.9), "anotherVersion");
  assert.equal(tcaeRelation(0.9, 0.9), "anotherVersion");
  assert.equal(tcaeRelation(0.8999, 0.9), "soundsAlike");
  assert.equal(tcaeRelation(0.99, null), "soundsAlike");
});

test("TCAE neighbours say which: another version (same melody) or sounds alike, with the sound colour similarity", () => {
  const version = explainNeighbor("tcae", { rank: 1, score: 0.934 }, ballad, dance, 0, { relation: "anotherVersion", timbre: -0.12 });
  assert.equal(version.headline, ANOTHER_VERSION_HEADLINE);
  assert.deepEqual(version.facts, ["1st closest in TCAE", "melody similarity 0.93", "sound colour similarity -0.12", "a different genre: 댄스", "never on the same playlist"]);
  const alike = explainNeighbor("tcae", { rank: 2, score: 0.61 }, ballad, ost, 2, { relation: "soundsAlike", timbre: 0.8 });
  assert.equal(alike.headline, "Sounds alike");
  assert.deepEqual(alike.facts.slice(1, 3), ["melody similarity 0.61", "sound colour similarity 0.80"]);
  // CEL and Music2Vec neighbours are never called versions.
  assert.equal(explainNeighbor("cel", { rank: 1, score: 0.99 }, ballad, ost).headline, "Sounds alike and suits the same moments");
});

test("Score Total: a song TCAE ranks as another version is explained as one first", () => {
  const all = ["music2vec", "tcae", "cel"] as const;
  const e = explainScoreTotal({ ranks: { music2vec: null, tcae: 1, cel: 2 } }, all, ballad, ost, 0, "anotherVersion");
  assert.equal(e.headline, ANOTHER_VERSION_HEADLINE);
  assert.equal(explainScoreTotal({ ranks: { music2vec: null, tcae: 1, cel: 2 } }, all, ballad, ost, 0, "soundsAlike").headline, "Found by its sound");
});

test("cosineSimilarity", () => {
  assert.equal(cosineSimilarity([1, 0], [0, 2]), 0);
  assert.ok(Math.abs(cosineSimilarity([1, 1], [2, 2]) - 1) < 1e-12);
  assert.equal(cosineSimilarity([0, 0], [1, 2]), 0);
});
