// Build profiles: an imported library is detected by its marker and keeps every song; albums can stand in
// for playlists.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DEFAULT_PREPROCESS, LIBRARY_PREPROCESS, loadConfig } from "../config.ts";
import type { SongMeta } from "../data/melon.ts";
import { IMPORT_MARKER_FILE, albumPlaylists, detectProfile } from "./profile.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-profile-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a dataset with the import marker is a library; any other is Melon", () => {
  assert.equal(detectProfile(dir), "melon");
  writeFileSync(join(dir, IMPORT_MARKER_FILE), "{}");
  assert.equal(detectProfile(dir), "library");
});

test("the profile picks the preprocessing defaults: command line, then config file, then detection", () => {
  assert.deepEqual(loadConfig(undefined, undefined, undefined, undefined, "library").preprocess, LIBRARY_PREPROCESS);
  assert.deepEqual(loadConfig(undefined, undefined).preprocess, DEFAULT_PREPROCESS);
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify({ profile: "melon", preprocess: { minPlaylists: 2 } }));
  const fromFile = loadConfig(file, undefined, undefined, undefined, "library");
  assert.equal(fromFile.profile, "melon");
  assert.equal(fromFile.preprocess.minPlaylists, 2);
  assert.equal(fromFile.preprocess.dropVariousArtists, true);
  const fromFlag = loadConfig(file, undefined, undefined, "library", "melon");
  assert.equal(fromFlag.profile, "library");
  assert.deepEqual(fromFlag.preprocess, { ...LIBRARY_PREPROCESS, minPlaylists: 2 }, "the file's own keys still apply");
  writeFileSync(file, JSON.stringify({ profile: "spotify" }));
  assert.throws(() => loadConfig(file, undefined), /config\.json: profile is "spotify", expected "melon" or "library"/);
});

test("albums of two or more named songs become playlists, after the given ids", () => {
  const song = (id: number, albumId: number, album: string): SongMeta => ({
    id, album_id: albumId, album_name: album, artist_id_basket: [], artist_name_basket: [], song_name: `s${id}`,
    song_gn_gnr_basket: [], song_gn_dtl_gnr_basket: [], issue_date: 0,
  });
  const lists = albumPlaylists([song(9, 2, "Two"), song(3, 1, "One"), song(5, 1, "One"), song(7, 3, "Single"), song(8, 4, ""), song(6, 4, "")], 100);
  assert.deepEqual(lists.map((p) => [p.id, p.plylst_title, p.songs]), [[100, "One", [3, 5]]]);
});
