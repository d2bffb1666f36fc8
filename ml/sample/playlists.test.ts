import assert from "node:assert/strict";
import { test } from "node:test";
import { generateCatalogue } from "./catalogue.ts";
import { generatePlaylists } from "./playlists.ts";

const catalogue = generateCatalogue(3000, 11);
const playlists = await generatePlaylists(catalogue, { count: 1500, meanLength: 40, seed: 11 });
const HANGUL = /[\uac00-\ud7a3]/;

test("playlists have Melon's fields, unique sparse ids, valid song ids and no repeated song", () => {
  assert.equal(playlists.length, 1500);
  const ids = new Set(playlists.map((p) => p.id));
  assert.equal(ids.size, 1500);
  assert.ok(Math.max(...ids) >= 1500, "ids are sparse, as train.json's are");
  for (const p of playlists) {
    assert.deepEqual(Object.keys(p), ["tags", "id", "plylst_title", "songs", "like_cnt", "updt_date"]);
    assert.ok(p.tags.length >= 1 && p.tags.length <= 5);
    assert.ok(p.plylst_title.length > 0);
    assert.ok(Number.isInteger(p.like_cnt) && p.like_cnt >= 0);
    assert.match(p.updt_date, /^20(0[5-9]|1\d|20)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.000$/);
    assert.ok(p.songs.length >= 1 && p.songs.length <= 200);
    assert.equal(new Set(p.songs).size, p.songs.length);
    for (const id of p.songs) assert.ok(Number.isInteger(id) && id >= 0 && id < 3000);
    // A playlist is updated after its newest song came out.
    const newest = Math.max(...p.songs.map((id) => Math.floor(catalogue.songs[id]!.issue_date / 10000)));
    assert.ok(Number(p.updt_date.slice(0, 4)) >= newest);
  }
  assert.ok(playlists.filter((p) => HANGUL.test(p.plylst_title)).length > 0.9 * playlists.length, "titles are Korean");
  assert.ok(new Set(playlists.map((p) => p.plylst_title)).size > 500, "titles vary");
  const mean = playlists.reduce((sum, p) => sum + p.songs.length, 0) / playlists.length;
  assert.ok(mean > 30 && mean < 50, `mean length ${mean}`);
});

test("situation tags appear, and playlists are deterministic", async () => {
  const tags = new Set(playlists.flatMap((p) => p.tags));
  for (const tag of ["이별", "새벽", "여행", "운동", "드라이브", "카페", "비오는날", "힐링", "집중", "파티"]) assert.ok(tags.has(tag), tag);
  const again = await generatePlaylists(catalogue, { count: 1500, meanLength: 40, seed: 11 });
  assert.deepEqual(again, playlists);
});

test("popularity is skewed: the top 1% of songs are in far more playlists than the median song", () => {
  const counts = new Array<number>(3000).fill(0);
  for (const p of playlists) for (const id of p.songs) counts[id]!++;
  counts.sort((a, b) => b - a);
  const top = counts.slice(0, 30).reduce((a, b) => a + b, 0) / 30;
  const median = counts[1500]!;
  assert.ok(top > 5 * median, `top 1% ${top} vs median ${median}`);
});

test("co-playlist structure carries genre: two songs of a playlist share a major genre far more often than chance", () => {
  const genre = (id: number) => catalogue.songs[id]!.song_gn_gnr_basket[0];
  let same = 0;
  let pairs = 0;
  for (const p of playlists) {
    for (let i = 1; i < p.songs.length; i++) {
      pairs++;
      if (genre(p.songs[i]!) === genre(p.songs[i - 1]!)) same++;
    }
  }
  const shares = new Map<string | undefined, number>();
  for (const song of catalogue.songs) shares.set(genre(song.id), (shares.get(genre(song.id)) ?? 0) + 1 / 3000);
  const chance = [...shares.values()].reduce((sum, s) => sum + s * s, 0);
  assert.ok(same / pairs > 4 * chance, `same-genre neighbours ${same / pairs} vs chance ${chance}`);
});

test("versions of a work sometimes share a playlist, but not in most playlists", () => {
  let withVersions = 0;
  for (const p of playlists) {
    const works = p.songs.map((id) => catalogue.songs[id]!.work);
    if (new Set(works).size < works.length) withVersions++;
  }
  assert.ok(withVersions > 30 && withVersions < 0.8 * playlists.length, `${withVersions} playlists hold two versions of a work`);
});
