import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { SongMeta } from "./melon.ts";
import { DataWarnings } from "../core/errors.ts";
import { readSongMeta } from "./songMeta.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-songmeta-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function song(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    song_gn_dtl_gnr_basket: ["GN0105"],
    issue_date: 20190925,
    album_name: "Love poem",
    album_id: 10_000 + id,
    artist_id_basket: [3_000 + id],
    song_name: `블루밍 ${id}`,
    song_gn_gnr_basket: ["GN0100"],
    artist_name_basket: ["아이유"],
    id,
    ...overrides,
  };
}

/** Writes song_meta.json with records separated by ", " as in Melon's files. */
function write(records: unknown[], name = "song_meta.json"): string {
  const path = join(dir, name);
  writeFileSync(path, `[${records.map((r) => JSON.stringify(r)).join(", ")}]`);
  return path;
}

async function errorOf(records: unknown[]): Promise<string> {
  try {
    await readSongMeta(write(records));
  } catch (error) {
    return (error as Error).message;
  }
  return assert.fail("expected a DataError");
}

describe("readSongMeta", () => {
  it("reads every field of every record, in file order", async () => {
    const path = write([song(2), song(0, { issue_date: 0, artist_id_basket: [1, 2], artist_name_basket: ["A", "B"] }), song(1, { issue_date: 19990000 })]);
    const songs = await readSongMeta(path);
    assert.deepEqual(songs.map((s) => s.id), [2, 0, 1]);
    const expected: SongMeta = {
      id: 2, album_id: 10_002, artist_id_basket: [3_002], artist_name_basket: ["아이유"], song_name: "블루밍 2",
      song_gn_gnr_basket: ["GN0100"], song_gn_dtl_gnr_basket: ["GN0105"], issue_date: 20190925, album_name: "Love poem",
    };
    assert.deepEqual(songs[0], expected);
    assert.deepEqual(songs[1]!.artist_name_basket, ["A", "B"]);
    assert.equal(songs[2]!.issue_date, 19990000);
  });

  it("drops unknown extra fields and reads a null album name as empty", async () => {
    const [s] = await readSongMeta(write([song(5, { extra: 1, album_name: null })]));
    assert.equal(s!.album_name, "");
    assert.equal("extra" in s!, false);
  });

  it("reads an empty array and a file with a byte-order mark", async () => {
    assert.deepEqual(await readSongMeta(write([])), []);
    const path = join(dir, "bom.json");
    writeFileSync(path, `\ufeff[${JSON.stringify(song(1))}]`);
    assert.equal((await readSongMeta(path)).length, 1);
  });

  it("names a missing file and its directory", async () => {
    await assert.rejects(readSongMeta(join(dir, "nope", "song_meta.json")), {
      name: "DataError",
      message: `song_meta.json: file not found in ${join(dir, "nope")}`,
    });
  });

  it("reports truncated JSON with the byte where it ends and the record it cut", async () => {
    const path = join(dir, "song_meta.json");
    const full = `[${[song(0), song(1), song(2)].map((r) => JSON.stringify(r)).join(", ")}]`;
    const cut = full.slice(0, full.lastIndexOf("블루밍 2")); // inside the third record's song_name
    writeFileSync(path, cut);
    const bytes = Buffer.byteLength(cut);
    await assert.rejects(readSongMeta(path), {
      message: `song_meta.json: song at index 2: JSON ends at byte ${bytes} before the record is complete (file truncated?)`,
    });
  });

  it("locates a syntax error by line and column", async () => {
    const path = join(dir, "song_meta.json");
    writeFileSync(path, '[{"id": 0},\n {"id" 1}]');
    await assert.rejects(readSongMeta(path), { message: "song_meta.json: invalid JSON at line 2, column 8: expected ':'" });
  });

  it("rejects an empty file and a top level that is not an array", async () => {
    const path = join(dir, "song_meta.json");
    writeFileSync(path, "");
    await assert.rejects(readSongMeta(path), { message: "song_meta.json: file is empty, expected a JSON array" });
    writeFileSync(path, '{"id": 0}');
    await assert.rejects(readSongMeta(path), { message: "song_meta.json: expected a JSON array at the top level, found an object" });
  });

  it("names song, index and field for wrong types", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: "7" }, 'song at index 1: id is "7", expected a non-negative integer song id'],
      [{ id: -1 }, "song at index 1: id is -1 (number), expected a non-negative integer song id"],
      [{ album_id: 1.5 }, "song 7 (index 1): album_id is 1.5 (number), expected a non-negative integer album id"],
      [{ artist_id_basket: [1, "x"] }, 'song 7 (index 1): artist_id_basket[1] is "x", expected an integer artist id'],
      [{ artist_id_basket: 3 }, "song 7 (index 1): artist_id_basket is 3 (number), expected an array of integer artist ids"],
      [{ artist_name_basket: [null] }, "song 7 (index 1): artist_name_basket[0] is null, expected a string"],
      [{ artist_name_basket: ["A", "B"] }, "song 7 (index 1): artist_name_basket has 2 names but artist_id_basket has 1 ids"],
      [{ song_name: 12 }, "song 7 (index 1): song_name is 12 (number), expected a string"],
      [{ song_name: undefined }, "song 7 (index 1): song_name is missing, expected a string"],
      [{ song_gn_gnr_basket: ["GN01"] }, 'song 7 (index 1): song_gn_gnr_basket[0] is "GN01", expected a genre code like "GN0101"'],
      [{ song_gn_dtl_gnr_basket: "GN0101" }, 'song 7 (index 1): song_gn_dtl_gnr_basket is "GN0101", expected an array of genre codes'],
      [{ issue_date: "20190925" }, 'song 7 (index 1): issue_date is "20190925", expected an integer yyyymmdd (00 for an unknown month or day) or 0'],
      [{ issue_date: 201909251 }, "song 7 (index 1): issue_date is 201909251 (number), expected an integer yyyymmdd (00 for an unknown month or day) or 0"],
      [{ id: 2 ** 31 }, "song 2147483648 (index 1): id is 2147483648, expected a song id up to 2147483647"],
      [{ song_name: "가".repeat(1001) }, "song 7 (index 1): song_name is 1,001 characters long, expected at most 1,000"],
      [{ artist_name_basket: ["x".repeat(5000)] }, "song 7 (index 1): artist_name_basket[0] is 5,000 characters long, expected at most 1,000"],
      [{ album_name: "a\ud800b" }, "song 7 (index 1): album_name holds an unpaired surrogate \\ud800, expected well-formed Unicode text"],
      [{ issue_date: 2019 }, "song 7 (index 1): issue_date is 2019 (number), expected an integer yyyymmdd (00 for an unknown month or day) or 0"],
      [{ album_name: 3 }, "song 7 (index 1): album_name is 3 (number), expected a string"],
    ];
    for (const [overrides, message] of cases) {
      assert.equal(await errorOf([song(0), song(7, overrides)]), `song_meta.json: ${message}`);
    }
    assert.equal(await errorOf([song(0), 5]), "song_meta.json: song at index 1: record is 5 (number), expected an object");
  });

  it("accepts 1,000 characters and emoji (surrogate pairs) in text", async () => {
    const [s] = await readSongMeta(write([song(1, { song_name: `${"가".repeat(998)}😀`, album_name: "😀".repeat(1000) })]));
    assert.equal(s!.song_name.length, 1000);
  });

  it("keeps impossible dates (Melon has them) and counts them as a warning naming the first", async () => {
    const warnings = new DataWarnings();
    const records = [song(0, { issue_date: 20190231 }), song(1, { issue_date: 20200229 }), song(2, { issue_date: 20191301 }), song(3, { issue_date: 20190100 })];
    const songs = await readSongMeta(write(records), { warnings });
    assert.deepEqual(songs.map((s) => s.issue_date), [20190231, 20200229, 20191301, 20190100]);
    assert.deepEqual(warnings.lines(), [
      "song_meta.json: 2 songs have an impossible issue_date (a month above 12 or a day their month does not have), kept with only their valid part (year, or year and month); the first is song 0 (index 0): 20190231",
    ]);
  });

  it("rejects bytes that are not UTF-8, naming the byte and the record it falls in", async () => {
    const path = join(dir, "song_meta.json");
    const text = `[${JSON.stringify(song(0))}, ${JSON.stringify(song(1, { song_name: "AB" }))}]`;
    const bytes = Buffer.from(text);
    const at = bytes.indexOf("AB") + 1;
    bytes[at] = 0xff;
    writeFileSync(path, bytes);
    await assert.rejects(readSongMeta(path), { message: `song_meta.json: song at index 1: invalid UTF-8 at byte ${at}: 0xFF; the file must be UTF-8` });
    // A character cut by the end of the file.
    const start = Buffer.from(`[${JSON.stringify(song(0))}, {"song_name": "`);
    writeFileSync(path, Buffer.concat([start, Buffer.from([0xea, 0xb0])]));
    await assert.rejects(readSongMeta(path), { message: `song_meta.json: song at index 1: invalid UTF-8 at byte ${start.length}: 0xEA; the file must be UTF-8` });
  });

  it("names a value nested 100,000 deep without overflowing the stack", async () => {
    const path = join(dir, "song_meta.json");
    writeFileSync(path, `[${JSON.stringify(song(0)).replace('"song_name":"블루밍 0"', `"song_name":${"[".repeat(100_000)}${"]".repeat(100_000)}`)}]`);
    await assert.rejects(readSongMeta(path), { message: `song_meta.json: song 0 (index 0): song_name is ${"[".repeat(57)}... (array), expected a string` });
  });

  it("rejects duplicate ids, naming both records", async () => {
    assert.equal(await errorOf([song(0), song(1), song(0)]), "song_meta.json: song 0 (index 2): duplicate id 0 (first at index 0)");
  });

  it("streams a file larger than one read block", async () => {
    const records = Array.from({ length: 6000 }, (_, i) => song(i, { album_name: `앨범 ${"가".repeat(60)} ${i}` }));
    const songs = await readSongMeta(write(records));
    assert.equal(songs.length, 6000);
    assert.equal(songs[5999]!.album_name, `앨범 ${"가".repeat(60)} 5999`);
  });

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readSongMeta(write([song(0)]), { signal: controller.signal }), { name: "Interrupted" });
  });
});
