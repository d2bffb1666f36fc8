import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Random } from "../ml/core/random.ts";
import { normaliseQuery, normaliseText, searchText } from "./search.ts";
import { SearchIndex, type IndexedSong } from "./searchIndex.ts";

const song = (id: number, name: string, artists: string[] = [], album = ""): IndexedSong => ({ id, name, searchText: searchText(name, artists, album) });

// In ranking order (most playlists first), as the catalogue gives them.
const SONGS = [
  song(1, "Neon Runner", ["MC 도윤"], "Night Drive"),
  song(2, "첫사랑", ["윤서아"], "봄"),
  song(3, "Run the City", ["MC 도윤"], "Blue"),
  song(4, "사랑", ["한결"], "편지"),
  song(5, "Love  Song", ["Blue Harbor"], "Night Drive"),
  song(6, "Love Songs", ["Someone"], "x"),
  song(7, "우산", ["에픽"], "사랑 노래"),
];
const index = SearchIndex.build(SONGS);
const find = (q: string, limit = 10) => index.find(normaliseQuery(q), limit);

describe("the in-memory search index", () => {
  test("every word must occur somewhere in title, artists or album, as any substring", () => {
    assert.deepEqual(find("도윤 run"), [1, 3]); // neither holds the whole query: song order
    assert.deepEqual(find("blue harbor"), [5]);
    assert.deepEqual(find("night"), [1, 5]);
    assert.deepEqual(find("zz"), []);
    assert.deepEqual(find("도윤 봄"), [], "words of two different songs");
  });

  test("exact title, then title prefix, then the whole query as a substring, then every word anywhere", () => {
    assert.deepEqual(find("사랑"), [4, 2, 7]); // exact title; in "첫사랑"; in an album, song order within a tier
    assert.deepEqual(find("run"), [3, 1]); // "Run the City" starts with it, "Neon Runner" only holds it
    assert.deepEqual(find("love song"), [5, 6]); // the title in normal form ("Love  Song") is exact; "Love Songs" a prefix
    assert.deepEqual(find("song love"), [5, 6], "words in any order");
    assert.deepEqual(find("drive night"), [1, 5]);
  });

  test("a query never matches across two songs' lines", () => {
    // Song 1's line ends "night drive" and song 2's begins "첫사랑".
    assert.deepEqual(find("drive 첫사랑"), []);
    assert.deepEqual(find("drive첫"), []);
  });

  test("limit keeps the best, and the first and last songs are found", () => {
    assert.deepEqual(find("사랑", 2), [4, 2]);
    assert.deepEqual(find("사랑", 0), []);
    assert.deepEqual(find("neon"), [1]);
    assert.deepEqual(find("노래"), [7]);
    assert.equal(index.size, SONGS.length);
    assert.deepEqual(SearchIndex.build([]).find("ab", 5), []);
  });

  test("a stored text holding a line break is brought to normal form, never split into two songs", () => {
    const odd = SearchIndex.build([{ id: 9, name: "A\nB", searchText: "A\nB  c" }, { id: 10, name: "b c", searchText: "b c" }]);
    assert.deepEqual(odd.find("a b", 5), [9]);
    assert.deepEqual(odd.find("b c", 5), [10, 9]);
  });

  test("answers exactly what a scan of every song would, on random text", () => {
    const random = new Random(7, "search-index-test");
    const letters = [..."abc가나다 "];
    const text = (length: number) => Array.from({ length }, () => letters[Math.floor(random.next() * letters.length)]).join("");
    const songs = Array.from({ length: 400 }, (_, i) => song(1000 + i, text(1 + Math.floor(random.next() * 6)), [text(4)], text(5)));
    const built = SearchIndex.build(songs);
    const reference = (query: string, limit: number) => {
      const words = query.split(" ");
      const tier = (s: IndexedSong) => {
        const line = s.searchText;
        if (normaliseText(s.name) === query) return 0;
        return line.startsWith(query) ? 1 : line.includes(query) ? 2 : 3;
      };
      return songs
        .filter((s) => words.every((w) => s.searchText.includes(w)))
        .map((s, order) => ({ id: s.id, tier: tier(s), order }))
        .sort((x, y) => x.tier - y.tier || x.order - y.order)
        .slice(0, limit)
        .map((x) => x.id);
    };
    let nonEmpty = 0;
    for (let i = 0; i < 300; i++) {
      const query = normaliseQuery(text(2 + Math.floor(random.next() * 3)));
      if (query.length < 2) continue;
      const limit = 1 + Math.floor(random.next() * 20);
      const expected = reference(query, limit);
      if (expected.length > 0) nonEmpty++;
      assert.deepEqual(built.find(query, limit), expected, `${JSON.stringify(query)} limit ${limit}`);
    }
    assert.ok(nonEmpty > 100, "the queries found songs");
  });
});
