// Names from the library's folder layout when a file's tags are missing.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyTags, tagsFromPath, withPathFallback } from "./tags.ts";

describe("tagsFromPath", () => {
  const cases: [string, Partial<ReturnType<typeof tagsFromPath>>][] = [
    ["Artist/Album/07 Title.mp3", { artists: ["Artist"], album: "Album", track: 7, title: "Title" }],
    ["Collection/Artist/Album/1-07 Title Here.flac", { artists: ["Artist"], album: "Album", disc: 1, track: 7, title: "Title Here" }],
    ["Artist - Album/03 - Song.ogg", { artists: ["Artist"], album: "Album", track: 3, title: "Song" }],
    ["Album/Someone - Song.mp3", { artists: ["Someone"], album: "Album", track: null, title: "Song" }],
    ["12. Loose_Song.wav", { artists: [], album: null, track: 12, title: "Loose Song" }],
    ["1979.mp3", { track: null, title: "1979" }],
    ["Band/Record/10 - Other - Name.m4a", { artists: ["Band"], album: "Record", track: 10, title: "Other - Name" }],
  ];
  for (const [path, expected] of cases) {
    test(path, () => {
      const tags = tagsFromPath(path);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(tags[key as keyof typeof tags], value, key);
    });
  }
});

test("tags win field by field; the path fills only what is missing", () => {
  const tagged = { ...emptyTags(), title: "Real Title", genres: ["Jazz"] };
  const merged = withPathFallback(tagged, "Folder Artist/Folder Album/05 File Title.mp3");
  assert.equal(merged.title, "Real Title");
  assert.deepEqual(merged.artists, ["Folder Artist"]);
  assert.equal(merged.album, "Folder Album");
  assert.equal(merged.track, 5);
  assert.deepEqual(merged.genres, ["Jazz"]);
  // An album artist stands in for missing track artists before the folder does.
  assert.deepEqual(withPathFallback({ ...emptyTags(), albumArtist: "AA" }, "X/Y/01 Z.mp3").artists, ["AA"]);
});
