import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultConfig } from "../config.ts";
import type { Playlist, SongMeta } from "../data/melon.ts";
import { tunePlaylists } from "./split.ts";

function song(id: number): SongMeta {
  return {
    id,
    album_id: id,
    artist_id_basket: [id],
    artist_name_basket: [`artist ${id}`],
    song_name: `song ${id}`,
    song_gn_gnr_basket: ["GN0100"],
    song_gn_dtl_gnr_basket: ["GN0101"],
    issue_date: 20200101,
    album_name: `album ${id}`,
  };
}

// 400 playlists over 67 songs, no two alike (songs p mod 60 and 60 + ⌊p / 60⌋), so a playlist is recognisable
// wherever it ends up.
const songs = Array.from({ length: 67 }, (_, i) => song(i));
const playlists: Playlist[] = Array.from({ length: 400 }, (_, p) => ({
  id: p,
  plylst_title: `p${p}`,
  tags: [],
  songs: [p % 60, 60 + Math.floor(p / 60), (p * 7 + 1) % 60],
  like_cnt: 0,
  updt_date: "2020-01-01 00:00:00.000",
}));
const key = (songs: number[]) => songs.join(",");

describe("tunePlaylists", () => {
  const defaults = defaultConfig(5);
  const base = { ...defaults, maxPlaylists: 300, preprocess: { ...defaults.preprocess, minPlaylists: 0 } };
  const { build, tuneTrain, tuneValidation } = tunePlaylists(songs, playlists, base, 0.2);

  it("splits exactly the build's training playlists, and none of its held-out ones", () => {
    assert.deepEqual([...tuneTrain, ...tuneValidation].map(key).sort(), build.train.map(key).sort());
    assert.ok(build.heldOut.length > 10 && tuneValidation.length > 30, `${build.heldOut.length} held out, ${tuneValidation.length} validation`);
    // Playlists are distinct triples here, so a held-out playlist found among the tuner's would be a leak.
    const tuner = new Set([...tuneTrain, ...tuneValidation].map(key));
    assert.ok(build.heldOut.every((p) => !tuner.has(key(p))));
  });

  it("uses the build's slice and seed: the same as the build's own preparation, another split for another seed", () => {
    assert.equal(build.train.length + build.heldOut.length, 300);
    const again = tunePlaylists(songs, playlists, base, 0.2);
    assert.deepEqual(again.tuneValidation, tuneValidation);
    const other = tunePlaylists(songs, playlists, { ...base, seed: 6 }, 0.2);
    assert.notDeepEqual(other.build.heldOut, build.heldOut);
  });

  it("trains on albums standing in for playlists, never validates on them", () => {
    // Albums of two songs each (the sample songs above are one per album): songs 0–59 paired into 30 albums.
    const paired = songs.map((s) => ({ ...s, album_id: Math.floor(s.id / 2) }));
    const withAlbums = tunePlaylists(paired, playlists, { ...base, albumsAsPlaylists: true }, 0.2);
    assert.ok(withAlbums.build.albumTrain.length >= 30);
    const albums = new Set(withAlbums.build.albumTrain.map(key));
    assert.ok(withAlbums.tuneValidation.every((p) => !albums.has(key(p))));
    assert.equal(withAlbums.tuneTrain.filter((p) => albums.has(key(p))).length, withAlbums.build.albumTrain.length);
    assert.deepEqual(withAlbums.tuneValidation, tuneValidation);
  });
});
