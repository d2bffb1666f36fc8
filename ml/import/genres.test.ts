// Free-text genres onto Melon's major codes, and new codes for the rest.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildGenreTable, melonGenreOf, splitGenreTags } from "./genres.ts";

describe("melonGenreOf", () => {
  const cases: [string, string | null][] = [
    ["Rock", "GN0600"], ["Hip-Hop", "GN0300"], ["Electronic", "GN1100"], ["Jazz", "GN1700"], ["Soundtrack", "GN1500"],
    ["Classical", "GN1600"], ["Alternative Rock", "GN0600"], ["heavy metal", "GN0600"], ["Trip-Hop", "GN1100"],
    ["R&B", "GN0400"], ["Hip Hop/Rap", "GN0300"], ["Video Game Music", "GN1500"], ["Singer-Songwriter", "GN1400"],
    ["발라드", "GN0100"], ["록/메탈", "GN0600"], ["트로트", "GN0700"], ["K-Pop", "GN0200"], ["Dubstep", "GN2700"],
    ["Chiptune", "GN1100"], ["Polka", "GN2000"], ["Podcast", null], ["", null], ["Shanty", null],
  ];
  for (const [tag, code] of cases) test(`${JSON.stringify(tag)} → ${code}`, () => assert.equal(melonGenreOf(tag), code));
});

test("tags are split at ';' and ',' and ' / ', not inside R&B/Soul", () => {
  assert.deepEqual(splitGenreTags(["Rock; Pop", "Jazz, Blues", "R&B/Soul", "Folk / Country"]), ["Rock", "Pop", "Jazz", "Blues", "R&B/Soul", "Folk", "Country"]);
});

describe("buildGenreTable", () => {
  test("mapped tags take Melon codes; the others get GN3000… by how many songs carry them, named by their commonest spelling", () => {
    const table = buildGenreTable([["Rock"], ["Shanty"], ["shanty", "Podcast"], ["Shanty"], ["Rock", "Polka"], []]);
    assert.deepEqual(table.names, [
      ["GN0600", "Rock/Metal"], ["GN2000", "World Music"], ["GN3000", "Shanty"], ["GN3100", "Podcast"],
    ]);
    assert.deepEqual(table.codesOf(["shanty", "Rock", "Shanty"]), ["GN3000", "GN0600"]);
    assert.equal(table.overflow, 0);
  });

  test("the same tags in another order give the same table", () => {
    const songs = [["Shanty"], ["Podcast"], ["Podcast"], ["Zydeco"], ["Shanty"]];
    assert.deepEqual(buildGenreTable(songs).names, buildGenreTable([...songs].reverse()).names);
  });

  test("more unmapped tags than codes: the rarest share GN9900 'Other'", () => {
    const songs = Array.from({ length: 75 }, (_, i) => Array.from({ length: 100 - i }, () => [`Made Up Genre ${i}`])).flat();
    const table = buildGenreTable(songs);
    assert.equal(table.names.length, 70);
    assert.deepEqual(table.names[table.names.length - 1], ["GN9900", "Other"]);
    assert.equal(table.overflow, 6);
    assert.deepEqual(table.codesOf(["Made Up Genre 0"]), ["GN3000"]);
    assert.deepEqual(table.codesOf(["Made Up Genre 74"]), ["GN9900"]);
  });
});
