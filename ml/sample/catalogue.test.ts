import assert from "node:assert/strict";
import { test } from "node:test";
import { generateCatalogue } from "./catalogue.ts";
import { GENRE_TABLE, VARIOUS_ARTISTS } from "./genres.ts";

const catalogue = generateCatalogue(3000, 7);
const { songs } = catalogue;
const HANGUL = /[\uac00-\ud7a3]/;
const DROPPED = new Set(["GN1600", "GN1800", "GN1900", "GN2000", "GN2100", "GN2200", "GN2300", "GN2400", "GN2600", "GN2700", "GN2800", "GN2900"]);

test("exactly the requested songs, with ids 0..N-1 in array order", () => {
  assert.equal(songs.length, 3000);
  songs.forEach((song, i) => assert.equal(song.id, i));
});

test("the same seed gives the same catalogue, another seed another one", () => {
  assert.deepEqual(generateCatalogue(400, 7).songs, generateCatalogue(400, 7).songs);
  assert.notDeepEqual(generateCatalogue(400, 8).songs.map((s) => s.song_name), generateCatalogue(400, 7).songs.map((s) => s.song_name));
});

test("titles and artist names are Korean and English, not numbered placeholders", () => {
  const korean = songs.filter((s) => HANGUL.test(s.song_name)).length;
  const english = songs.filter((s) => /^[A-Za-z]/.test(s.song_name) && !HANGUL.test(s.song_name)).length;
  assert.ok(korean > 600, `${korean} Korean titles`);
  assert.ok(english > 600, `${english} English titles`);
  assert.ok(songs.some((s) => s.artist_name_basket.some((n) => HANGUL.test(n))));
  assert.ok(songs.some((s) => s.artist_name_basket.some((n) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(n))));
  assert.ok(!songs.some((s) => /^Song \d+$/.test(s.song_name)));
});

test("genre codes come from the genre table; dropped genres and Melon's noise are present", () => {
  const codes = new Set(GENRE_TABLE.map(([code]) => code));
  for (const song of songs) {
    assert.ok(song.song_gn_gnr_basket.length >= 1);
    for (const code of [...song.song_gn_gnr_basket, ...song.song_gn_dtl_gnr_basket]) assert.ok(codes.has(code), code);
    for (const code of song.song_gn_gnr_basket) assert.match(code, /^GN\d\d00$/);
  }
  assert.ok(songs.filter((s) => s.song_gn_gnr_basket.every((g) => DROPPED.has(g))).length > 100);
  assert.ok(songs.some((s) => s.artist_name_basket.includes(VARIOUS_ARTISTS)));
  assert.ok(songs.some((s) => /\(Inst\.\)|\(Instrumental\)|\(MR\)|\(inst\.\)/.test(s.song_name)));
  assert.ok(songs.some((s) => s.song_name.includes("ASMR")));
  assert.ok(songs.some((s) => s.song_name.includes("(Feat. ") && s.artist_id_basket.length === 2));
});

test("duplicates: the same title and artists under another id", () => {
  const seen = new Map<string, number>();
  let duplicates = 0;
  for (const song of songs) {
    const key = `${song.song_name}\u0000${song.artist_name_basket.join("|")}`;
    if (seen.has(key)) duplicates++;
    else seen.set(key, song.id);
  }
  assert.ok(duplicates >= 10, `${duplicates} duplicates`);
});

test("issue dates are yyyymmdd, some with unknown (00) month or day", () => {
  for (const { issue_date: d } of songs) {
    const year = Math.floor(d / 10000);
    const month = Math.floor(d / 100) % 100;
    const day = d % 100;
    assert.ok(year >= 1975 && year <= 2020 && month <= 12 && day <= 31, String(d));
  }
  assert.ok(songs.some((s) => s.issue_date % 100 === 0));
});

test("artists have several songs and albums have several tracks", () => {
  const perArtist = new Map<number, number>();
  const perAlbum = new Map<number, number>();
  const albumsPerArtist = new Map<number, Set<number>>();
  for (const song of songs) {
    const artist = song.artist_id_basket[0]!;
    perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
    perAlbum.set(song.album_id, (perAlbum.get(song.album_id) ?? 0) + 1);
    albumsPerArtist.set(artist, (albumsPerArtist.get(artist) ?? new Set()).add(song.album_id));
  }
  assert.ok([...perArtist.values()].filter((n) => n >= 5).length > 50);
  assert.ok([...perAlbum.values()].filter((n) => n >= 5).length > 50);
  assert.ok([...albumsPerArtist.values()].filter((albums) => albums.size >= 3).length > 20);
});

test("versions of a work share its id; covers are by another artist, the others by the same one", () => {
  const byWork = new Map<number, typeof songs>();
  for (const song of songs) byWork.set(song.work, [...(byWork.get(song.work) ?? []), song]);
  const multi = [...byWork.values()].filter((list) => list.length > 1);
  assert.ok(multi.length > 200, `${multi.length} works with several versions`);
  const versions = new Set(songs.map((s) => s.version));
  for (const v of ["original", "english", "remix", "live", "acoustic", "cover", "instrumental"]) assert.ok(versions.has(v as never), v);
  for (const list of multi) {
    // Re-releases on Various Artists compilations are originals too; compare with the artist's own release.
    const original = list.find((s) => s.version === "original" && !s.artist_name_basket.includes(VARIOUS_ARTISTS))!;
    assert.ok(original, "every multi-version work has an original by its artist");
    const base = original.song_name.replace(/ \(.*\)$/, "");
    for (const song of list) {
      if (song.version === "original") {
        assert.equal(song.song_name, original.song_name, "re-releases keep the title");
        continue;
      }
      assert.ok(song.song_name.startsWith(base), `${song.song_name} is a version of ${original.song_name}`);
      if (song.version === "cover") assert.notDeepEqual(song.artist_id_basket, original.artist_id_basket);
      else assert.equal(song.artist_id_basket[0], original.artist_id_basket[0]);
    }
  }
});
