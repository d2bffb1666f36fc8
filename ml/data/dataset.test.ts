import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadDataset } from "./dataset.ts";

const root = mkdtempSync(join(tmpdir(), "mugle-dataset-"));
after(() => rmSync(root, { recursive: true, force: true }));

function song(id: number, detail = "GN0101"): Record<string, unknown> {
  return {
    song_gn_dtl_gnr_basket: [detail], issue_date: 20200100, album_name: "앨범", album_id: 1, artist_id_basket: [9],
    song_name: `노래 ${id}`, song_gn_gnr_basket: ["GN0100"], artist_name_basket: ["가수"], id,
  };
}

function writeDataset(name: string, songs: unknown[], playlists: unknown[]): string {
  const dir = mkdtempSync(join(root, `${name}-`));
  const json = (records: unknown[]) => `[${records.map((r) => JSON.stringify(r)).join(", ")}]`;
  writeFileSync(join(dir, "genre_gn_all.json"), '{"GN0100": "발라드", "GN0101": "세부장르전체"}');
  writeFileSync(join(dir, "song_meta.json"), json(songs));
  writeFileSync(join(dir, "train.json"), json(playlists));
  return dir;
}

const list = (id: number, songs: number[]) => ({ tags: ["새벽"], id, plylst_title: "새벽 감성", songs, like_cnt: 0, updt_date: "2020-01-01 00:00:00.000" });

describe("loadDataset", () => {
  it("reads genres, songs and playlists", async () => {
    const dir = writeDataset("ok", [song(0), song(1)], [list(10, [1, 0])]);
    const data = await loadDataset(dir, { progress: false });
    assert.equal(data.dir, dir);
    assert.deepEqual(data.songs.map((s) => s.id), [0, 1]);
    assert.deepEqual([...data.genres.keys()], ["GN0100", "GN0101"]);
    assert.deepEqual(data.playlists.map((p) => p.songs), [[1, 0]]);
  });

  it("rejects a genre code that genre_gn_all.json does not name", async () => {
    const dir = writeDataset("genre", [song(0), song(1, "GN0199")], []);
    await assert.rejects(loadDataset(dir, { progress: false }), {
      message: 'song_meta.json: song 1 (index 1): song_gn_dtl_gnr_basket[0] is "GN0199", not a genre code in genre_gn_all.json',
    });
  });

  it("checks playlists against the songs of song_meta.json", async () => {
    const dir = writeDataset("unknown", [song(0)], [list(10, [0]), list(11, [0, 5])]);
    await assert.rejects(loadDataset(dir, { progress: false }), {
      message: "train.json: playlist 11 (index 1): songs[1] is 5, not a song id in song_meta.json",
    });
  });

  it("names a missing directory and a missing file", async () => {
    const missing = join(root, "nowhere");
    await assert.rejects(loadDataset(missing, { progress: false }), { message: `${missing}: dataset directory not found` });
    const dir = writeDataset("partial", [song(0)], []);
    rmSync(join(dir, "train.json"));
    await assert.rejects(loadDataset(dir, { progress: false }), { message: `train.json: file not found in ${dir}` });
  });

  it("takes an empty genre_gn_all.json when no song has a genre (an untagged library), and blames it when songs do", async () => {
    const untagged = { ...song(0), song_gn_gnr_basket: [], song_gn_dtl_gnr_basket: [] };
    const dir = writeDataset("no-genres", [untagged, { ...untagged, id: 1 }], [list(1, [0, 1])]);
    writeFileSync(join(dir, "genre_gn_all.json"), "{}");
    assert.equal((await loadDataset(dir, { progress: false })).genres.size, 0);
    writeFileSync(join(dir, "song_meta.json"), JSON.stringify([untagged, song(1)]));
    await assert.rejects(loadDataset(dir, { progress: false }), {
      message: 'genre_gn_all.json: holds no genres (an empty object), but song_meta.json\'s song 1 (index 1) has song_gn_gnr_basket[0] "GN0100"; expected genre code -> name pairs',
    });
  });
});
