import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Playlist, SongMeta } from "../data/melon.ts";
import { DEFAULT_PREPROCESS } from "../config.ts";
import { applyPreprocess, preprocess, type PreprocessConfig } from "./preprocess.ts";

function song(id: number, name: string, artists: string[], genres: string[]): SongMeta {
  return {
    id, album_id: 1, artist_id_basket: artists.map((_, i) => i), artist_name_basket: artists, song_name: name,
    song_gn_gnr_basket: genres, song_gn_dtl_gnr_basket: [], issue_date: 0, album_name: "",
  };
}
const list = (id: number, songs: number[]): Playlist => ({ id, plylst_title: `list ${id}`, tags: [], songs, like_cnt: 0, updt_date: "2020-01-01 00:00:00.000" });
const ids = (songs: SongMeta[]) => songs.map((s) => s.id);
const only = (changes: Partial<PreprocessConfig>): PreprocessConfig => ({
  keepPlaylistSongsOnly: false, mergeDuplicates: false, dropVariousArtists: false, dropGenres: [], dropTitlePatterns: [], minPlaylists: 0, ...changes,
});

// One song per filter, worked by hand below.
const SONGS = [
  song(0, "봄날", ["BTS"], ["GN0100"]),
  song(1, " 봄날  ", ["bts"], ["GN0100"]), // duplicate of 0 once normalised
  song(2, "Spring Day", ["BTS"], ["GN0200"]),
  song(3, "Compilation Hit", ["Various Artists"], ["GN0100"]),
  song(4, "River Flows", ["Yiruma"], ["GN1800"]), // every major genre dropped
  song(5, "Crossover", ["X"], ["GN1800", "GN0100"]), // one genre kept
  song(6, "Untagged", ["Y"], []), // no genre: kept
  song(7, "봄날 (Inst.)", ["BTS"], ["GN0100"]),
  song(8, "Lonely", ["Z"], ["GN0100"]), // in no playlist
  song(9, "Rare", ["W"], ["GN0100"]), // in one playlist only
];
const PLAYLISTS = [list(100, [1, 2, 3, 4, 5, 6, 7, 9]), list(101, [0, 1, 2, 5, 6]), list(102, [1, 2, 3, 5, 6]), list(103, [4, 7])];

describe("preprocess", () => {
  it("runs every default filter in order and reports its count", () => {
    const result = preprocess(SONGS, PLAYLISTS, DEFAULT_PREPROCESS);
    assert.deepEqual(result.steps, [
      { step: "keepPlaylistSongsOnly", removed: 1, remaining: 9 }, // 8
      { step: "mergeDuplicates", removed: 1, remaining: 8 }, // 1 -> 0
      { step: "dropVariousArtists", removed: 1, remaining: 7 }, // 3
      { step: "dropGenres", removed: 1, remaining: 6 }, // 4
      { step: "dropTitlePatterns", removed: 1, remaining: 5 }, // 7
      { step: "minPlaylists", removed: 1, remaining: 4 }, // 9
    ]);
    assert.deepEqual(ids(result.songs), [0, 2, 5, 6]);
    // 1 rewritten to 0 (and deduplicated in 101); dropped songs removed; 103 empty, so dropped.
    assert.deepEqual(result.playlists.map((p) => [p.id, p.songs]), [[100, [0, 2, 5, 6]], [101, [0, 2, 5, 6]], [102, [0, 2, 5, 6]]]);
    assert.equal(result.playlists[0]!.plylst_title, "list 100");
    assert.deepEqual([...result.mergedInto], [[1, 0]]);
  });

  it("leaves its inputs untouched", () => {
    const before = JSON.stringify([SONGS, PLAYLISTS]);
    preprocess(SONGS, PLAYLISTS, DEFAULT_PREPROCESS);
    assert.equal(JSON.stringify([SONGS, PLAYLISTS]), before);
  });

  it("keeps only songs that appear in playlists", () => {
    const result = preprocess(SONGS, [list(1, [9, 2])], only({ keepPlaylistSongsOnly: true }));
    assert.deepEqual(result.steps, [{ step: "keepPlaylistSongsOnly", removed: 8, remaining: 2 }]);
    assert.deepEqual(ids(result.songs), [2, 9]);
  });

  it("merges duplicates into the lowest id whatever the input order, ignoring artist order", () => {
    const songs = [
      song(30, "Dynamite", ["B", "A"], ["GN0200"]),
      song(10, "ＤＹＮＡＭＩＴＥ", ["a", "b"], ["GN0200"]), // full-width: NFKC makes it "DYNAMITE"
      song(20, "Dynamite", ["A"], ["GN0200"]), // other artists: not a duplicate
    ];
    const result = preprocess(songs, [list(1, [30, 20]), list(2, [10, 30])], only({ mergeDuplicates: true }));
    assert.deepEqual(result.steps, [{ step: "mergeDuplicates", removed: 1, remaining: 2 }]);
    assert.deepEqual(ids(result.songs), [10, 20]);
    assert.deepEqual(result.playlists.map((p) => p.songs), [[10, 20], [10]]);
    assert.deepEqual([...result.mergedInto], [[30, 10]]);
  });

  it("counts playlists after merging: a song and its duplicate add up, once per playlist", () => {
    const songs = [song(1, "Hit", ["A"], ["GN0100"]), song(2, "Hit", ["A"], ["GN0100"]), song(3, "Other", ["B"], ["GN0100"])];
    const lists = [list(1, [1]), list(2, [1, 2]), list(3, [2, 3]), list(4, [3])];
    const merged = preprocess(songs, lists, only({ mergeDuplicates: true, minPlaylists: 3 }));
    assert.deepEqual(ids(merged.songs), [1]); // song 1: lists 1, 2 (once), 3 -> 3; song 3: 2
    assert.deepEqual(merged.steps[1], { step: "minPlaylists", removed: 1, remaining: 1 });
    const unmerged = preprocess(songs, lists, only({ minPlaylists: 3 }));
    assert.deepEqual(ids(unmerged.songs), []);
  });

  it("forgets a merge whose kept song is dropped later", () => {
    const songs = [song(1, "Hit (MR)", ["A"], []), song(2, "Hit (MR)", ["A"], [])];
    const result = preprocess(songs, [list(1, [1, 2])], only({ mergeDuplicates: true, dropTitlePatterns: ["(MR)"] }));
    assert.deepEqual(ids(result.songs), []);
    assert.equal(result.mergedInto.size, 0);
    assert.deepEqual(result.playlists, []);
  });

  it("drops Various Artists compilations only on an exact artist name", () => {
    const songs = [song(1, "a", ["Various Artists"], []), song(2, "b", ["Various Artists Band"], []), song(3, "c", ["A", "Various Artists"], [])];
    assert.deepEqual(ids(preprocess(songs, [], only({ dropVariousArtists: true })).songs), [2]);
  });

  it("drops songs whose major genres are all listed, and keeps songs without a genre", () => {
    const songs = [song(1, "a", ["A"], ["GN1600"]), song(2, "b", ["A"], ["GN1600", "GN1800"]), song(3, "c", ["A"], ["GN1600", "GN0100"]), song(4, "d", ["A"], [])];
    const result = preprocess(songs, [], only({ dropGenres: ["GN1600", "GN1800"] }));
    assert.deepEqual(result.steps, [{ step: "dropGenres", removed: 2, remaining: 2 }]);
    assert.deepEqual(ids(result.songs), [3, 4]);
  });

  it("drops titles containing a pattern, case-insensitively", () => {
    const names = ["Song (Instrumental)", "song INST. ver", "Song (MR)", "빗소리 asmr", "Instinct", "Song (mr. brown)", "Song"];
    const songs = names.map((name, i) => song(i, name, ["A"], []));
    const result = preprocess(songs, [], only({ dropTitlePatterns: DEFAULT_PREPROCESS.dropTitlePatterns }));
    assert.deepEqual(result.songs.map((s) => s.song_name), ["Instinct", "Song (mr. brown)", "Song"]);
  });

  it("drops playlist entries that are not songs and returns songs in ascending id order", () => {
    const result = preprocess([song(5, "x", ["A"], []), song(3, "y", ["B"], [])], [list(1, [5, 42, 3])], only({}));
    assert.deepEqual(result.steps, []);
    assert.deepEqual(ids(result.songs), [3, 5]);
    assert.deepEqual(result.playlists[0]!.songs, [5, 3]);
  });
});

describe("applyPreprocess (held-out playlists)", () => {
  it("rewrites merged duplicates, drops removed songs and repeats, and empty playlists", () => {
    const result = {
      songs: [{ id: 1 }, { id: 2 }] as SongMeta[],
      playlists: [],
      steps: [],
      mergedInto: new Map([[7, 1]]),
    };
    const playlists = [
      { id: 10, plylst_title: "a", tags: [], like_cnt: 0, updt_date: "2020-01-01 00:00:00.000", songs: [7, 3, 1, 2] },
      { id: 11, plylst_title: "b", tags: [], like_cnt: 0, updt_date: "2020-01-01 00:00:00.000", songs: [3, 4] },
    ];
    assert.deepEqual(applyPreprocess(playlists, result).map((p) => [p.id, p.songs]), [[10, [1, 2]]]);
  });
});
