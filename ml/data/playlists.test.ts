import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readPlaylists } from "./playlists.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-playlists-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const SONGS = new Set([0, 1, 2, 3, 52]);

function playlist(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { tags: ["드라이브", "여름"], id, plylst_title: "여름 드라이브", songs: [0, 52, 3], like_cnt: 7, updt_date: "2019-07-01 12:34:56.000", ...overrides };
}

function write(records: unknown[]): string {
  const path = join(dir, "train.json");
  writeFileSync(path, `[${records.map((r) => JSON.stringify(r)).join(", ")}]`);
  return path;
}

async function errorOf(records: unknown[], songIds: ReadonlySet<number> | ((id: number) => boolean) = SONGS): Promise<string> {
  try {
    await readPlaylists(write(records), songIds);
  } catch (error) {
    return (error as Error).message;
  }
  return assert.fail("expected a DataError");
}

describe("readPlaylists", () => {
  it("reads playlists in file order", async () => {
    const lists = await readPlaylists(write([playlist(9), playlist(4, { songs: [], tags: [] })]), SONGS);
    assert.deepEqual(lists, [
      { id: 9, plylst_title: "여름 드라이브", tags: ["드라이브", "여름"], songs: [0, 52, 3], like_cnt: 7, updt_date: "2019-07-01 12:34:56.000" },
      { id: 4, plylst_title: "여름 드라이브", tags: [], songs: [], like_cnt: 7, updt_date: "2019-07-01 12:34:56.000" },
    ]);
  });

  it("accepts a predicate for the known song ids", async () => {
    assert.equal((await readPlaylists(write([playlist(1, { songs: [1000, 2000] })]), (id) => id >= 1000)).length, 1);
    assert.equal(await errorOf([playlist(1, { songs: [1000, 5] })], (id) => id >= 1000), "train.json: playlist 1 (index 0): songs[1] is 5, not a song id in song_meta.json");
  });

  it("names playlist, index and field for wrong types", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ songs: [0, 1, 2, "abc"] }, 'playlist 1234 (index 1): songs[3] is "abc", expected an integer song id'],
      [{ songs: [0, 1.5] }, "playlist 1234 (index 1): songs[1] is 1.5 (number), expected an integer song id"],
      [{ songs: "0,1" }, 'playlist 1234 (index 1): songs is "0,1", expected an array of integer song ids'],
      [{ plylst_title: null }, "playlist 1234 (index 1): plylst_title is null, expected a string"],
      [{ tags: ["a", 3] }, "playlist 1234 (index 1): tags[1] is 3 (number), expected a string"],
      [{ like_cnt: -2 }, "playlist 1234 (index 1): like_cnt is -2 (number), expected a non-negative integer"],
      [{ updt_date: "2019-07-01" }, 'playlist 1234 (index 1): updt_date is "2019-07-01", expected "YYYY-MM-DD HH:MM:SS.000"'],
      [{ id: "1234" }, 'playlist at index 1: id is "1234", expected a non-negative integer playlist id'],
    ];
    for (const [overrides, message] of cases) {
      assert.equal(await errorOf([playlist(1), playlist(1234, overrides)]), `train.json: ${message}`);
    }
  });

  it("rejects unknown song ids, naming playlist and position", async () => {
    assert.equal(await errorOf([playlist(1), playlist(1234, { songs: [0, 1, 2, 999] })]), "train.json: playlist 1234 (index 1): songs[3] is 999, not a song id in song_meta.json");
  });

  it("rejects a song repeated within a playlist", async () => {
    assert.equal(await errorOf([playlist(8, { songs: [0, 1, 0] })]), "train.json: playlist 8 (index 0): songs[2] repeats song 0 (already at songs[0])");
  });

  it("rejects duplicate playlist ids, naming both records", async () => {
    assert.equal(await errorOf([playlist(5), playlist(6), playlist(5)]), "train.json: playlist 5 (index 2): duplicate id 5 (first at index 0)");
  });

  it("reports truncated JSON and missing files", async () => {
    const path = join(dir, "train.json");
    const text = `[${JSON.stringify(playlist(1))}, {"tags": ["여행"], "id": 2, "songs": [0, 1`;
    writeFileSync(path, text);
    await assert.rejects(readPlaylists(path, SONGS), {
      message: `train.json: playlist at index 1: JSON ends at byte ${Buffer.byteLength(text)} before the record is complete (file truncated?)`,
    });
    await assert.rejects(readPlaylists(join(dir, "val.json"), SONGS), { message: `val.json: file not found in ${dir}` });
  });
});
