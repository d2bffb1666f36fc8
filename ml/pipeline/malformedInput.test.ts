// The malformed-input table: every way a hostile or damaged dataset (song_meta.json, genre_gn_all.json,
// train.json, arena_mel/*.npy, sample_truth.json, the --config file) has been seen to break a build, each on a
// mutated copy of one small sample. Each case must end with exactly one line naming the file, the record and the
// field, exit status 1, no stack trace, the catalogue it would have replaced byte-identical and no temporary file
// left. Nearly all fail while reading, before any training (that is the point).
//
// Every fourth case, every case with its own command-line options and the one that fails in training run through
// the real `mugle build` (a new process each: about a second of start-up); the others call the same build() with
// the same error reporting (ml/core/failure.ts) in this process, so the whole table takes well under two
// minutes. A final test prints the totals.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { writeFixtureCatalogue } from "../../lib/catalogue/fixture.ts";
import { writeCatalogue } from "../../lib/catalogue/writer.ts";
import type { EvaluationReport } from "../../lib/types.ts";
import { melRelativePath } from "../data/melon.ts";
import { loadConfig } from "../config.ts";
import { describeFailure } from "../core/failure.ts";
import { mugle, mugleAsync, sha256 } from "../testing/cli.ts";
import { build } from "./build.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-malformed-"));
const base = join(work, "base");
/** Every filter off: every song of song_meta.json reaches the mel check. Tiny models for the one late case. */
const keepAll = join(work, "keep-all.json");
const fixture = join(work, "fixture.sqlite");
const large = join(work, "large.sqlite");

type Json = Record<string, unknown>;
let songs: Json[] = [];
let playlists: Json[] = [];
/** A song with a mel-spectrogram, whose file the arena_mel cases damage, and that file's pristine bytes. */
let melId = 0;
let melBytes = Buffer.alloc(0);
/** The mel file's header text and the offset of its data. */
let melHeader = "";
let melDataOffset = 0;

interface Case {
  input: "song_meta.json" | "genre_gn_all.json" | "train.json" | "arena_mel" | "sample_truth.json" | "config" | "dataset";
  name: string;
  /** Damages the copy of the dataset in `data` (the case's own directory is `dir`). */
  mutate?: (data: string, dir: string) => void;
  /** The error line without "mugle: ". */
  expected: (data: string, dir: string) => string;
  /** Replaces the default `--config keep-all.json` (and may add options). */
  options?: (data: string, dir: string) => string[];
  /** The case damages mel files: it gets its own copy of arena_mel. */
  mels?: boolean;
  /** The catalogue the build would replace (default: the 20-song fixture). */
  old?: () => string;
  /** Fails only once training reads the data: always run through the CLI (a fresh process for TensorFlow.js). */
  late?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers to damage a dataset.

const SONG_META = "song_meta.json";
const GENRES = "genre_gn_all.json";
const TRAIN = "train.json";
const TRUTH = "sample_truth.json";

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** Rewrites `file` in `data` after `edit` changed a deep copy of its records. */
function editRecords(data: string, file: string, edit: (records: Json[]) => void): void {
  const records = readJson<Json[]>(join(data, file));
  edit(records);
  writeFileSync(join(data, file), `[${records.map((r) => JSON.stringify(r)).join(", ")}]`);
}

/** song_meta.json with record 3 changed: `fields` set (undefined deletes) or the record replaced. */
const song3 = (fields: Json) => (data: string) =>
  editRecords(data, SONG_META, (records) => {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) delete records[3]![key];
      else records[3]![key] = value;
    }
  });
const playlist2 = (fields: Json) => (data: string) =>
  editRecords(data, TRAIN, (records) => Object.assign(records[2]!, fields));

/** Writes raw text (or bytes) as a file of the dataset. */
const raw = (file: string, content: string | Buffer) => (data: string) => writeFileSync(join(data, file), content);

/** JSON text with a value nested `depth` arrays deep where the record's `field` was. */
function withDeepValue(records: Json[], index: number, field: string, depth = 100_000): string {
  const marker = "__DEEP__";
  const copy = structuredClone(records);
  copy[index]![field] = marker;
  return JSON.stringify(copy).replace(`"${marker}"`, `${"[".repeat(depth)}${"]".repeat(depth)}`);
}

/** Replaces the byte at the first occurrence of `needle` (plus `offset`) in `file` with `byte`. */
function corruptByte(data: string, file: string, needle: string, offset: number, byte: number): number {
  const bytes = readFileSync(join(data, file));
  const at = bytes.indexOf(needle) + offset;
  assert.ok(at >= offset, `${needle} not found in ${file}`);
  bytes[at] = byte;
  writeFileSync(join(data, file), bytes);
  return at;
}

function fifo(path: string): void {
  rmSync(path, { recursive: true, force: true });
  execFileSync("mkfifo", [path]);
}

function linkLoop(path: string): void {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(path.split("/").at(-1)!, path); // a link to itself
}

function replaceWithDirectory(path: string): void {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path);
}

const melFile = (data: string) => join(data, melRelativePath(melId));
const melName = () => melRelativePath(melId);
/** The mel file with its header text edited (same length) or its bytes replaced. */
const patchMelHeader = (from: string, to: string) => (data: string) => {
  assert.equal(from.length, to.length);
  assert.ok(melHeader.includes(from), `${from} not in ${melHeader}`);
  const bytes = Buffer.from(melBytes);
  bytes.write(to, melBytes.indexOf(from, 0, "latin1"), "latin1");
  writeFileSync(melFile(data), bytes);
};
const melFrames = () => Number(/\(48, (\d+)\)/.exec(melHeader)![1]);

// ---------------------------------------------------------------------------------------------------------
// The table.

const label = (index: number) => `song ${songs[index]!.id} (index ${index})`;
const listLabel = (index: number) => `playlist ${playlists[index]!.id} (index ${index})`;
const FIELD_INT = "expected a non-negative integer song id";
const DATE = "expected an integer yyyymmdd (00 for an unknown month or day) or 0";
const NOT_JSON_ARRAY = "file is empty, expected a JSON array";
const TOO_LONG = (field: string, n: number) => `${field} is ${n.toLocaleString("en-US")} characters long, expected at most 1,000`;
const DEEP = `${"[".repeat(57)}... (array)`;

const CASES: Case[] = [
  // song_meta.json: fields
  { input: "song_meta.json", name: "id is a string", mutate: song3({ id: "x" }), expected: () => `${SONG_META}: song at index 3: id is "x", ${FIELD_INT}` },
  { input: "song_meta.json", name: "id is negative", mutate: song3({ id: -4 }), expected: () => `${SONG_META}: song at index 3: id is -4 (number), ${FIELD_INT}` },
  { input: "song_meta.json", name: "id is fractional", mutate: song3({ id: 3.5 }), expected: () => `${SONG_META}: song at index 3: id is 3.5 (number), ${FIELD_INT}` },
  { input: "song_meta.json", name: "id does not fit int32", mutate: song3({ id: 2 ** 31 }), expected: () => `${SONG_META}: song 2147483648 (index 3): id is 2147483648, expected a song id up to 2147483647` },
  { input: "song_meta.json", name: "id beyond 2^53", mutate: song3({ id: 2 ** 60 }), expected: () => `${SONG_META}: song at index 3: id is 1152921504606847000 (number), ${FIELD_INT}` },
  { input: "song_meta.json", name: "duplicate id", mutate: song3({ id: 0 }), expected: () => `${SONG_META}: song 0 (index 3): duplicate id 0 (first at index 0)` },
  { input: "song_meta.json", name: "album_id missing", mutate: song3({ album_id: undefined }), expected: () => `${SONG_META}: ${label(3)}: album_id is missing, expected a non-negative integer album id` },
  { input: "song_meta.json", name: "album_id is a string", mutate: song3({ album_id: "12" }), expected: () => `${SONG_META}: ${label(3)}: album_id is "12", expected a non-negative integer album id` },
  { input: "song_meta.json", name: "artist_id_basket is a number", mutate: song3({ artist_id_basket: 7 }), expected: () => `${SONG_META}: ${label(3)}: artist_id_basket is 7 (number), expected an array of integer artist ids` },
  { input: "song_meta.json", name: "artist id is a string", mutate: song3({ artist_id_basket: ["7"] }), expected: () => `${SONG_META}: ${label(3)}: artist_id_basket[0] is "7", expected an integer artist id` },
  { input: "song_meta.json", name: "artist names and ids differ in number", mutate: song3({ artist_name_basket: ["A", "B"] }), expected: () => `${SONG_META}: ${label(3)}: artist_name_basket has 2 names but artist_id_basket has 1 ids` },
  { input: "song_meta.json", name: "artist name is null", mutate: song3({ artist_name_basket: [null] }), expected: () => `${SONG_META}: ${label(3)}: artist_name_basket[0] is null, expected a string` },
  { input: "song_meta.json", name: "artist name of 5,000 characters", mutate: song3({ artist_name_basket: ["가".repeat(5000)] }), expected: () => `${SONG_META}: ${label(3)}: ${TOO_LONG("artist_name_basket[0]", 5000)}` },
  { input: "song_meta.json", name: "song_name missing", mutate: song3({ song_name: undefined }), expected: () => `${SONG_META}: ${label(3)}: song_name is missing, expected a string` },
  { input: "song_meta.json", name: "song_name is a number", mutate: song3({ song_name: 12 }), expected: () => `${SONG_META}: ${label(3)}: song_name is 12 (number), expected a string` },
  { input: "song_meta.json", name: "song_name of 20 MB", mutate: song3({ song_name: "x".repeat(20_000_000) }), expected: () => `${SONG_META}: ${label(3)}: ${TOO_LONG("song_name", 20_000_000)}` },
  { input: "song_meta.json", name: "song_name of 1,001 characters", mutate: song3({ song_name: "😀".repeat(1001) }), expected: () => `${SONG_META}: ${label(3)}: ${TOO_LONG("song_name", 1001)}` },
  { input: "song_meta.json", name: "song_name with an unpaired surrogate", mutate: song3({ song_name: "a\ud800b" }), expected: () => `${SONG_META}: ${label(3)}: song_name holds an unpaired surrogate \\ud800, expected well-formed Unicode text` },
  { input: "song_meta.json", name: "song_name nested 100,000 arrays deep", mutate: (data) => writeFileSync(join(data, SONG_META), withDeepValue(songs, 3, "song_name")), expected: () => `${SONG_META}: ${label(3)}: song_name is ${DEEP}, expected a string` },
  { input: "song_meta.json", name: "a whole record nested 100,000 arrays deep", mutate: (data) => writeFileSync(join(data, SONG_META), `[${"[".repeat(100_000)}${"]".repeat(100_000)}]`), expected: () => `${SONG_META}: song at index 0: record is ${DEEP}, expected an object` },
  { input: "song_meta.json", name: "malformed genre code", mutate: song3({ song_gn_gnr_basket: ["GN01"] }), expected: () => `${SONG_META}: ${label(3)}: song_gn_gnr_basket[0] is "GN01", expected a genre code like "GN0101"` },
  { input: "song_meta.json", name: "genre code not in genre_gn_all.json", mutate: song3({ song_gn_gnr_basket: ["GN9900"] }), expected: () => `${SONG_META}: ${label(3)}: song_gn_gnr_basket[0] is "GN9900", not a genre code in ${GENRES}` },
  { input: "song_meta.json", name: "detailed genres as a string", mutate: song3({ song_gn_dtl_gnr_basket: "GN0101" }), expected: () => `${SONG_META}: ${label(3)}: song_gn_dtl_gnr_basket is "GN0101", expected an array of genre codes` },
  { input: "song_meta.json", name: "issue_date as a string", mutate: song3({ issue_date: "20190925" }), expected: () => `${SONG_META}: ${label(3)}: issue_date is "20190925", ${DATE}` },
  { input: "song_meta.json", name: "issue_date with 9 digits", mutate: song3({ issue_date: 201909251 }), expected: () => `${SONG_META}: ${label(3)}: issue_date is 201909251 (number), ${DATE}` },
  { input: "song_meta.json", name: "issue_date negative", mutate: song3({ issue_date: -20190925 }), expected: () => `${SONG_META}: ${label(3)}: issue_date is -20190925 (number), ${DATE}` },
  { input: "song_meta.json", name: "issue_date fractional", mutate: song3({ issue_date: 20190925.5 }), expected: () => `${SONG_META}: ${label(3)}: issue_date is 20190925.5 (number), ${DATE}` },
  { input: "song_meta.json", name: "album_name is a number", mutate: song3({ album_name: 3 }), expected: () => `${SONG_META}: ${label(3)}: album_name is 3 (number), expected a string` },
  { input: "song_meta.json", name: "album_name of 2,000 characters", mutate: song3({ album_name: "앨".repeat(2000) }), expected: () => `${SONG_META}: ${label(3)}: ${TOO_LONG("album_name", 2000)}` },
  { input: "song_meta.json", name: "a record that is a number", mutate: (data) => editRecords(data, SONG_META, (r) => void (r[3] = 5 as unknown as Json)), expected: () => `${SONG_META}: song at index 3: record is 5 (number), expected an object` },
  { input: "song_meta.json", name: "a record that is null", mutate: (data) => editRecords(data, SONG_META, (r) => void (r[3] = null as unknown as Json)), expected: () => `${SONG_META}: song at index 3: record is null, expected an object` },
  // song_meta.json: the file
  { input: "song_meta.json", name: "empty file", mutate: raw(SONG_META, ""), expected: () => `${SONG_META}: ${NOT_JSON_ARRAY}` },
  { input: "song_meta.json", name: "an empty array", mutate: raw(SONG_META, "[]"), expected: () => `${SONG_META}: holds no songs (an empty array), expected the dataset's songs` },
  { input: "song_meta.json", name: "an object at the top level", mutate: raw(SONG_META, '{"id": 0}'), expected: () => `${SONG_META}: expected a JSON array at the top level, found an object` },
  { input: "song_meta.json", name: "a string at the top level", mutate: raw(SONG_META, '"songs"'), expected: () => `${SONG_META}: expected a JSON array at the top level, found a string` },
  {
    input: "song_meta.json", name: "truncated inside a record",
    mutate: (data) => {
      const text = readFileSync(join(data, SONG_META), "utf8");
      writeFileSync(join(data, SONG_META), text.slice(0, text.indexOf(`"id": 5}`) + 3));
    },
    expected: (data) => `${SONG_META}: song at index 5: JSON ends at byte ${readFileSync(join(data, SONG_META)).length} before the record is complete (file truncated?)`,
  },
  { input: "song_meta.json", name: "a missing comma", mutate: raw(SONG_META, '[{"id": 0}\n {"id": 1}]'), expected: () => `${SONG_META}: invalid JSON at line 2, column 2: expected ','` },
  { input: "song_meta.json", name: "trailing garbage after the array", mutate: raw(SONG_META, "[] x"), expected: () => `${SONG_META}: invalid JSON at line 1, column 4: unexpected characters` },
  {
    input: "song_meta.json", name: "a byte that is not UTF-8 in a title",
    mutate: (data) => void corruptByte(data, SONG_META, `"song_name": "${songs[3]!.song_name as string}"`, 14, 0xff),
    expected: () => {
      const bytes = readFileSync(join(base, SONG_META));
      return `${SONG_META}: song at index 3: invalid UTF-8 at byte ${bytes.indexOf(`"song_name": "${songs[3]!.song_name as string}"`) + 14}: 0xFF; the file must be UTF-8`;
    },
  },
  {
    input: "song_meta.json", name: "Korean text in EUC-KR instead of UTF-8",
    mutate: (data) => raw(SONG_META, Buffer.concat([Buffer.from(JSON.stringify([songs[0]]).slice(0, -1) + ', {"song_name": "'), Buffer.from([0xbe, 0xc8, 0xb3, 0xe7]), Buffer.from('"}]')]))(data),
    expected: () => `${SONG_META}: song at index 1: invalid UTF-8 at byte ${Buffer.byteLength(JSON.stringify([songs[0]]).slice(0, -1) + ', {"song_name": "')}: 0xBE; the file must be UTF-8`,
  },
  { input: "song_meta.json", name: "UTF-16 with a byte-order mark", mutate: raw(SONG_META, Buffer.from(`\ufeff[{"id": 0}]`, "utf16le")), expected: () => `${SONG_META}: invalid UTF-8 at byte 0: 0xFF; the file must be UTF-8` },
  { input: "song_meta.json", name: "missing", mutate: (data) => rmSync(join(data, SONG_META)), expected: (data) => `${SONG_META}: file not found in ${data}` },
  { input: "song_meta.json", name: "a directory", mutate: (data) => replaceWithDirectory(join(data, SONG_META)), expected: (data) => `${SONG_META}: ${join(data, SONG_META)} is a directory, expected a JSON file` },
  { input: "song_meta.json", name: "a symbolic link loop", mutate: (data) => linkLoop(join(data, SONG_META)), expected: (data) => `${SONG_META}: ${join(data, SONG_META)} is a symbolic link loop, expected a JSON file` },
  { input: "song_meta.json", name: "a FIFO (would block a reader forever)", mutate: (data) => fifo(join(data, SONG_META)), expected: (data) => `${SONG_META}: ${join(data, SONG_META)} is not a regular file, expected a JSON file` },

  // genre_gn_all.json
  { input: "genre_gn_all.json", name: "empty file", mutate: raw(GENRES, ""), expected: () => `${GENRES}: file is empty, expected JSON` },
  { input: "genre_gn_all.json", name: "an empty object while songs use genre codes", mutate: raw(GENRES, "{}"), expected: () => {
    const at = songs.findIndex((s) => (s.song_gn_gnr_basket as string[]).length > 0);
    const code = (songs[at]!.song_gn_gnr_basket as string[])[0];
    return `${GENRES}: holds no genres (an empty object), but ${SONG_META}'s ${label(at)} has song_gn_gnr_basket[0] ${JSON.stringify(code)}; expected genre code -> name pairs`;
  } },
  { input: "genre_gn_all.json", name: "an array at the top level", mutate: raw(GENRES, "[]"), expected: () => `${GENRES}: top level is [] (array), expected an object of genre code -> name` },
  { input: "genre_gn_all.json", name: "null at the top level", mutate: raw(GENRES, "null"), expected: () => `${GENRES}: top level is null, expected an object of genre code -> name` },
  { input: "genre_gn_all.json", name: "a malformed code", mutate: raw(GENRES, '{"GN01": "발라드"}'), expected: () => `${GENRES}: key "GN01": expected a genre code like "GN0101"` },
  { input: "genre_gn_all.json", name: "a 2 MB code", mutate: raw(GENRES, `{"${"G".repeat(2_000_000)}": "x"}`), expected: () => `${GENRES}: key "${"G".repeat(56)}...: expected a genre code like "GN0101"` },
  { input: "genre_gn_all.json", name: "a name that is a number", mutate: raw(GENRES, '{"GN0100": 1}'), expected: () => `${GENRES}: genre GN0100: name is 1 (number), expected a non-empty string` },
  { input: "genre_gn_all.json", name: "a blank name", mutate: raw(GENRES, '{"GN0100": "  "}'), expected: () => `${GENRES}: genre GN0100: name is "  ", expected a non-empty string` },
  { input: "genre_gn_all.json", name: "a name of 2,000 characters", mutate: raw(GENRES, `{"GN0100": "${"발".repeat(2000)}"}`), expected: () => `${GENRES}: genre GN0100: ${TOO_LONG("name", 2000)}` },
  { input: "genre_gn_all.json", name: "a name with an unpaired surrogate", mutate: raw(GENRES, '{"GN0100": "\\udc00"}'), expected: () => `${GENRES}: genre GN0100: name holds an unpaired surrogate \\udc00, expected well-formed Unicode text` },
  { input: "genre_gn_all.json", name: "a name nested 100,000 arrays deep", mutate: raw(GENRES, `{"GN0100": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`), expected: () => `${GENRES}: genre GN0100: name is ${DEEP}, expected a non-empty string` },
  { input: "genre_gn_all.json", name: "truncated", mutate: raw(GENRES, '{"GN0100": "발라드"'), expected: () => `${GENRES}: JSON ends at byte 22 before it is complete (file truncated?)` },
  { input: "genre_gn_all.json", name: "a missing colon", mutate: raw(GENRES, '{\n"GN0100" "발라드"}'), expected: () => `${GENRES}: invalid JSON at line 2, column 10: expected ':'` },
  { input: "genre_gn_all.json", name: "a byte that is not UTF-8", mutate: raw(GENRES, Buffer.concat([Buffer.from('{\n"GN0100": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])), expected: () => `${GENRES}: invalid UTF-8 at byte 13 (line 2, column 12): 0xC3; the file must be UTF-8` },
  { input: "genre_gn_all.json", name: "missing", mutate: (data) => rmSync(join(data, GENRES)), expected: (data) => `${GENRES}: file not found in ${data}` },
  { input: "genre_gn_all.json", name: "a directory", mutate: (data) => replaceWithDirectory(join(data, GENRES)), expected: (data) => `${GENRES}: ${join(data, GENRES)} is a directory, expected a JSON file` },
  { input: "genre_gn_all.json", name: "a symbolic link loop", mutate: (data) => linkLoop(join(data, GENRES)), expected: (data) => `${GENRES}: ${join(data, GENRES)} is a symbolic link loop, expected a JSON file` },

  // train.json: fields
  { input: "train.json", name: "a song id that is a string", mutate: (data) => editRecords(data, TRAIN, (r) => void ((r[2]!.songs as unknown[])[1] = "abc")), expected: () => `${TRAIN}: ${listLabel(2)}: songs[1] is "abc", expected an integer song id` },
  { input: "train.json", name: "a song id that is fractional", mutate: (data) => editRecords(data, TRAIN, (r) => void ((r[2]!.songs as unknown[])[1] = 1.5)), expected: () => `${TRAIN}: ${listLabel(2)}: songs[1] is 1.5 (number), expected an integer song id` },
  { input: "train.json", name: "a song not in song_meta.json", mutate: (data) => editRecords(data, TRAIN, (r) => void ((r[2]!.songs as unknown[])[1] = 999_999)), expected: () => `${TRAIN}: ${listLabel(2)}: songs[1] is 999999, not a song id in ${SONG_META}` },
  {
    input: "train.json", name: "a song twice in one playlist",
    mutate: (data) => editRecords(data, TRAIN, (r) => void ((r[2]!.songs as unknown[])[1] = (r[2]!.songs as unknown[])[0])),
    expected: () => `${TRAIN}: ${listLabel(2)}: songs[1] repeats song ${(playlists[2]!.songs as number[])[0]} (already at songs[0])`,
  },
  { input: "train.json", name: "songs as a string", mutate: playlist2({ songs: "1,2" }), expected: () => `${TRAIN}: ${listLabel(2)}: songs is "1,2", expected an array of integer song ids` },
  { input: "train.json", name: "songs nested 100,000 arrays deep", mutate: (data) => writeFileSync(join(data, TRAIN), withDeepValue(playlists, 2, "songs")), expected: () => `${TRAIN}: ${listLabel(2)}: songs[0] is ${DEEP}, expected an integer song id` },
  { input: "train.json", name: "id is a string", mutate: playlist2({ id: "12" }), expected: () => `${TRAIN}: playlist at index 2: id is "12", expected a non-negative integer playlist id` },
  { input: "train.json", name: "duplicate id", mutate: (data) => playlist2({ id: playlists[0]!.id })(data), expected: () => `${TRAIN}: playlist ${playlists[0]!.id} (index 2): duplicate id ${playlists[0]!.id} (first at index 0)` },
  { input: "train.json", name: "title is null", mutate: playlist2({ plylst_title: null }), expected: () => `${TRAIN}: ${listLabel(2)}: plylst_title is null, expected a string` },
  { input: "train.json", name: "title of 5,000 characters", mutate: playlist2({ plylst_title: "새".repeat(5000) }), expected: () => `${TRAIN}: ${listLabel(2)}: ${TOO_LONG("plylst_title", 5000)}` },
  { input: "train.json", name: "a tag that is a number", mutate: playlist2({ tags: ["여름", 3] }), expected: () => `${TRAIN}: ${listLabel(2)}: tags[1] is 3 (number), expected a string` },
  { input: "train.json", name: "a tag of 2,000 characters", mutate: playlist2({ tags: ["t".repeat(2000)] }), expected: () => `${TRAIN}: ${listLabel(2)}: ${TOO_LONG("tags[0]", 2000)}` },
  { input: "train.json", name: "tags as an object", mutate: playlist2({ tags: {} }), expected: () => `${TRAIN}: ${listLabel(2)}: tags is {} (object), expected an array of strings` },
  { input: "train.json", name: "like_cnt negative", mutate: playlist2({ like_cnt: -2 }), expected: () => `${TRAIN}: ${listLabel(2)}: like_cnt is -2 (number), expected a non-negative integer` },
  { input: "train.json", name: "updt_date without a time", mutate: playlist2({ updt_date: "2019-07-01" }), expected: () => `${TRAIN}: ${listLabel(2)}: updt_date is "2019-07-01", expected "YYYY-MM-DD HH:MM:SS.000"` },
  { input: "train.json", name: "a record that is a string", mutate: (data) => editRecords(data, TRAIN, (r) => void (r[2] = "x" as unknown as Json)), expected: () => `${TRAIN}: playlist at index 2: record is "x", expected an object` },
  // train.json: the file
  { input: "train.json", name: "empty file", mutate: raw(TRAIN, ""), expected: () => `${TRAIN}: ${NOT_JSON_ARRAY}` },
  { input: "train.json", name: "an object at the top level", mutate: raw(TRAIN, "{}"), expected: () => `${TRAIN}: expected a JSON array at the top level, found an object` },
  {
    input: "train.json", name: "truncated inside a record",
    mutate: (data) => {
      const text = readFileSync(join(data, TRAIN), "utf8");
      writeFileSync(join(data, TRAIN), text.slice(0, text.indexOf(`"id": ${playlists[4]!.id},`) + 4));
    },
    expected: (data) => `${TRAIN}: playlist at index 4: JSON ends at byte ${readFileSync(join(data, TRAIN)).length} before the record is complete (file truncated?)`,
  },
  { input: "train.json", name: "a stray bracket", mutate: raw(TRAIN, "[\n]]"), expected: () => `${TRAIN}: invalid JSON at line 2, column 2: unexpected characters` },
  {
    input: "train.json", name: "a byte that is not UTF-8 in a title",
    mutate: (data) => void corruptByte(data, TRAIN, `"plylst_title": "`, 17, 0xc0),
    expected: () => `${TRAIN}: playlist at index 0: invalid UTF-8 at byte ${readFileSync(join(base, TRAIN)).indexOf(`"plylst_title": "`) + 17}: 0xC0; the file must be UTF-8`,
  },
  { input: "train.json", name: "missing", mutate: (data) => rmSync(join(data, TRAIN)), expected: (data) => `${TRAIN}: file not found in ${data}` },
  { input: "train.json", name: "a directory", mutate: (data) => replaceWithDirectory(join(data, TRAIN)), expected: (data) => `${TRAIN}: ${join(data, TRAIN)} is a directory, expected a JSON file` },
  { input: "train.json", name: "a FIFO", mutate: (data) => fifo(join(data, TRAIN)), expected: (data) => `${TRAIN}: ${join(data, TRAIN)} is not a regular file, expected a JSON file` },
  // train.json: too little to build a catalogue from (the Melon preprocessing of the default configuration)
  {
    input: "train.json", name: "an empty array: the catalogue would be empty", mutate: raw(TRAIN, "[]"), options: () => [],
    expected: () => `old.sqlite: the new catalogue would be empty (train.json holds 0 playlists; preprocessing kept 0 of ${songs.length} songs); nothing was written`,
  },
  {
    input: "train.json", name: "a single playlist: the catalogue would be empty", options: () => [],
    mutate: (data) => editRecords(data, TRAIN, (r) => r.splice(1)),
    expected: () => `old.sqlite: the new catalogue would be empty (train.json holds 1 playlist; preprocessing kept 0 of ${songs.length} songs); nothing was written`,
  },
  {
    input: "train.json", name: "far fewer songs than the catalogue it replaces", old: () => large,
    expected: () =>
      `old.sqlite: the new catalogue would hold ${songs.length} songs (train.json holds ${playlists.length} playlists; preprocessing kept ${songs.length} of ${songs.length} songs), ` +
      `under half of the 700 songs of the catalogue it replaces; pass --allow-shrink to replace it anyway`,
  },
  {
    input: "song_meta.json", name: "five songs: a nearly empty catalogue",
    mutate: (data) => {
      editRecords(data, SONG_META, (r) => r.splice(5));
      const kept = new Set(songs.slice(0, 5).map((s) => s.id));
      editRecords(data, TRAIN, (r) => r.forEach((p) => (p.songs = (p.songs as number[]).filter((id) => kept.has(id)))));
    },
    expected: () => `old.sqlite: the new catalogue would hold only 5 songs (train.json holds ${playlists.length} playlists; preprocessing kept 5 of 5 songs), fewer than 11; pass --allow-shrink to write it anyway`,
  },

  // arena_mel/
  {
    input: "arena_mel", name: "arena_mel is a file", mels: true,
    mutate: (data) => {
      rmSync(join(data, "arena_mel"), { recursive: true });
      writeFileSync(join(data, "arena_mel"), "not a folder");
    },
    expected: () => "arena_mel: is a file, expected a directory of mel-spectrogram folders (arena_mel/0/0.npy, ...)",
  },
  { input: "arena_mel", name: "arena_mel is a link to itself", mels: true, mutate: (data) => linkLoop(join(data, "arena_mel")), expected: () => "arena_mel: is a symbolic link loop, expected a directory of mel-spectrogram folders" },
  {
    input: "arena_mel", name: "arena_mel/0 is a file", mels: true,
    mutate: (data) => {
      rmSync(join(data, "arena_mel", "0"), { recursive: true });
      writeFileSync(join(data, "arena_mel", "0"), "");
    },
    expected: () => "arena_mel/0: is a file, expected a directory of .npy files",
  },
  { input: "arena_mel", name: "arena_mel/0 is a link to itself", mels: true, mutate: (data) => linkLoop(join(data, "arena_mel", "0")), expected: () => "arena_mel/0: is a symbolic link loop, expected a directory of .npy files" },
  { input: "arena_mel", name: "a mel that is a directory", mels: true, mutate: (data) => replaceWithDirectory(melFile(data)), expected: () => `${melName()}: is a directory, expected a .npy file` },
  { input: "arena_mel", name: "a mel that is a link to itself", mels: true, mutate: (data) => linkLoop(melFile(data)), expected: () => `${melName()}: is a symbolic link loop, expected a .npy file` },
  { input: "arena_mel", name: "a mel that is a FIFO", mels: true, mutate: (data) => fifo(melFile(data)), expected: () => `${melName()}: is not a regular file, expected a .npy file` },
  { input: "arena_mel", name: "an empty mel file", mels: true, mutate: (data) => writeFileSync(melFile(data), ""), expected: () => `${melName()}: file is 0 bytes, too short for a .npy header` },
  { input: "arena_mel", name: "not a .npy file", mels: true, mutate: (data) => writeFileSync(melFile(data), "PK\u0003\u0004 a zip archive, say"), expected: () => `${melName()}: bad .npy header: the file does not start with \\x93NUMPY` },
  { input: "arena_mel", name: "an unknown .npy version", mels: true, mutate: (data) => writeFileSync(melFile(data), Buffer.concat([melBytes.subarray(0, 6), Buffer.from([9, 0]), melBytes.subarray(8)])), expected: () => `${melName()}: bad .npy header: format version 9.0, expected 1.0, 2.0 or 3.0` },
  { input: "arena_mel", name: "cut inside the header", mels: true, mutate: (data) => writeFileSync(melFile(data), melBytes.subarray(0, 40)), expected: () => `${melName()}: bad .npy header: it is ${melDataOffset - 10} bytes long but the file ends after 40 bytes (file truncated?)` },
  { input: "arena_mel", name: "cut inside the data", mels: true, mutate: (data) => writeFileSync(melFile(data), melBytes.subarray(0, melBytes.length - 100)), expected: () => `${melName()}: data holds ${48 * melFrames() - 50} values, shape (48, ${melFrames()}) needs ${48 * melFrames()} (file truncated?)` },
  { input: "arena_mel", name: "bytes after the data", mels: true, mutate: (data) => writeFileSync(melFile(data), Buffer.concat([melBytes, Buffer.alloc(8)])), expected: () => `${melName()}: data holds ${48 * melFrames() + 4} values, shape (48, ${melFrames()}) needs ${48 * melFrames()}` },
  { input: "arena_mel", name: "float64 values", mels: true, mutate: patchMelHeader("'<f2'", "'<f8'"), expected: () => `${melName()}: dtype float64 is not supported, expected float32 or float16` },
  { input: "arena_mel", name: "int16 values", mels: true, mutate: patchMelHeader("'<f2'", "'<i2'"), expected: () => `${melName()}: dtype int16 is not supported, expected float32 or float16` },
  { input: "arena_mel", name: "big-endian float16", mels: true, mutate: patchMelHeader("'<f2'", "'>f2'"), expected: () => `${melName()}: dtype >f2 is not supported, expected float32 or float16` },
  { input: "arena_mel", name: "no dtype in the header", mels: true, mutate: patchMelHeader("'descr'", "'DESCR'"), expected: () => `${melName()}: bad .npy header: no dtype ('descr') in the header` },
  { input: "arena_mel", name: "Fortran order", mels: true, mutate: patchMelHeader("False", "True "), expected: () => `${melName()}: array is in Fortran order, expected C order` },
  { input: "arena_mel", name: "40 mel bands", mels: true, mutate: patchMelHeader("(48, ", "(40, "), expected: () => `${melName()}: shape (40, ${melFrames()}) has 40 mel bands, expected 48` },
  { input: "arena_mel", name: "three dimensions", mels: true, mutate: (data) => patchMelHeader(`(48, ${melFrames()}), }`, `(1,48,${melFrames()}),}`)(data), expected: () => `${melName()}: shape (1, 48, ${melFrames()}) is not 2-D, expected (48, frames)` },
  { input: "arena_mel", name: "no frames", mels: true, mutate: (data) => patchMelHeader(`(48, ${melFrames()})`, `(48, ${"0".padStart(String(melFrames()).length)})`)(data), expected: () => `${melName()}: shape (48, 0) has no frames` },
  { input: "arena_mel", name: "a shape that is not numbers", mels: true, mutate: (data) => patchMelHeader(`(48, ${melFrames()})`, `(48, ${"x".repeat(String(melFrames()).length)})`)(data), expected: () => `${melName()}: bad .npy header: shape (48, ${"x".repeat(String(melFrames()).length)}) is not a tuple of sizes` },
  {
    // The one case found only when training reads the values (checking every value up front would read the
    // whole of arena_mel twice): still one line, the old catalogue untouched.
    input: "arena_mel", name: "a NaN among the values", mels: true, late: true,
    mutate: (data) => {
      const bytes = Buffer.from(melBytes);
      bytes.writeUInt16LE(0x7e00, melDataOffset + 2 * 5); // float16 NaN at band 0, frame 5
      writeFileSync(melFile(data), bytes);
    },
    expected: () => `${melName()}: value at band 0, frame 5 is NaN, expected a finite number`,
  },

  // sample_truth.json
  { input: "sample_truth.json", name: "empty file", mutate: raw(TRUTH, ""), expected: () => `${TRUTH}: file is empty, expected JSON` },
  { input: "sample_truth.json", name: "truncated", mutate: raw(TRUTH, '{"seed": 7, "songs": [{"id": 0, "work": 1}'), expected: () => `${TRUTH}: JSON ends at byte 42 before it is complete (file truncated?)` },
  { input: "sample_truth.json", name: "malformed", mutate: raw(TRUTH, '{"seed": 7 "songs": []}'), expected: () => `${TRUTH}: invalid JSON at line 1, column 12: expected ','` },
  { input: "sample_truth.json", name: "an array at the top level", mutate: raw(TRUTH, "[]"), expected: () => `${TRUTH}: top level is [] (array), expected an object {"seed", "songs"}` },
  { input: "sample_truth.json", name: "no songs", mutate: raw(TRUTH, '{"seed": 7}'), expected: () => `${TRUTH}: top level: songs is missing, expected an array of {id, work} objects` },
  { input: "sample_truth.json", name: "a work that is a string", mutate: raw(TRUTH, '{"songs": [{"id": 0, "work": 1}, {"id": 1, "work": "x"}]}'), expected: () => `${TRUTH}: song 1 (index 1): work is "x", expected a non-negative integer work id` },
  { input: "sample_truth.json", name: "an entry that is a number", mutate: raw(TRUTH, '{"songs": [4]}'), expected: () => `${TRUTH}: song at index 0: record is 4 (number), expected an object` },
  { input: "sample_truth.json", name: "a duplicate song", mutate: raw(TRUTH, '{"songs": [{"id": 0, "work": 1}, {"id": 0, "work": 2}]}'), expected: () => `${TRUTH}: song 0 (index 1): duplicate id 0 (first at index 0)` },
  { input: "sample_truth.json", name: "a byte that is not UTF-8", mutate: raw(TRUTH, Buffer.from([0x7b, 0x22, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), expected: () => `${TRUTH}: invalid UTF-8 at byte 2 (line 1, column 3): 0xFE; the file must be UTF-8` },
  { input: "sample_truth.json", name: "a directory", mutate: (data) => replaceWithDirectory(join(data, TRUTH)), expected: (data) => `${TRUTH}: ${join(data, TRUTH)} is a directory, expected a JSON file` },
  { input: "sample_truth.json", name: "a dangling symbolic link loop", mutate: (data) => linkLoop(join(data, TRUTH)), expected: (data) => `${TRUTH}: ${join(data, TRUTH)} is a symbolic link loop, expected a JSON file` },

  // --config FILE
  ...configCases(),

  // the dataset directory
  { input: "dataset", name: "--data names no directory", options: (_data, dir) => ["--config", keepAll, "--data", join(dir, "nowhere")], expected: (_data, dir) => `${join(dir, "nowhere")}: dataset directory not found` },
  { input: "dataset", name: "--out where nothing can be written", options: () => ["--config", keepAll, "--out", "/proc/1/mugle.sqlite"], expected: () => "/proc/1/mugle.sqlite: cannot write the catalogue here (ENOENT)" },
  { input: "dataset", name: "--out names a directory", options: (_data, dir) => ["--config", keepAll, "--out", dir], expected: (_data, dir) => `${dir.split("/").at(-1)}: ${dir} is not a file, expected a catalogue to replace (or nothing)` },
  { input: "dataset", name: "--data names a file", mutate: (data) => writeFileSync(`${data}.txt`, ""), options: (data) => ["--config", keepAll, "--data", `${data}.txt`], expected: (data) => `${data}.txt: dataset directory not found` },
];

function configCases(): Case[] {
  const config = (name: string, content: string | Buffer, expected: string, extra: string[] = []): Case => ({
    input: "config",
    name,
    mutate: (_data, dir) => writeFileSync(join(dir, "config.json"), content),
    options: (_data, dir) => ["--config", join(dir, "config.json"), ...extra],
    expected: () => `config.json: ${expected}`,
  });
  return [
    config("empty file", "", "file is empty, expected JSON"),
    config("truncated", '{"music2vec": {', "JSON ends at byte 15 before it is complete (file truncated?)"),
    config("a trailing comma", '{"seed": 1,}', "invalid JSON at line 1, column 12: unexpected token '}'"),
    config("a byte that is not UTF-8", Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]), "invalid UTF-8 at byte 2 (line 1, column 3): 0xE9; the file must be UTF-8"),
    config("an array at the top level", "[]", "config is [] (array), expected an object"),
    config("an unknown key", '{"music2vec": {"dimm": 64}}', 'unknown option "music2vec.dimm" (known: dim, window, negative, epochs, alpha, minAlpha, sample, nsExponent, togetherSlots, asSet, minCount, threads, deterministic, seed)'),
    config("a wrong type", '{"threads": "2"}', 'threads is "2", expected a number'),
    config("a value out of range", '{"heldOutFraction": 1}', "heldOutFraction is 1 (number), expected a number in [0, 1)"),
    config("a genre list nested 100,000 deep", `{"preprocess": {"dropGenres": [${"[".repeat(100_000)}${"]".repeat(100_000)}]}}`, `preprocess.dropGenres[0] is ${DEEP}, expected a string`),
    config("tcae as a string with --tcae-preset", '{"tcae": "cpu"}', 'tcae is "cpu", expected an object', ["--tcae-preset", "cpu"]),
    {
      input: "config", name: "missing",
      options: (_data, dir) => ["--config", join(dir, "missing.json")],
      expected: (_data, dir) => `missing.json: file not found in ${dir}`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------

interface Outcome {
  clear: boolean;
  stackTrace: boolean;
  acceptedSilently: boolean;
  throughCli: boolean;
}

interface Run {
  status: number | null;
  /** The last line the command printed (or would print) on stderr. */
  lastLine: string;
  stackTrace: boolean;
}

const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

async function throughCli(args: string[]): Promise<Run> {
  const result = await mugleAsync(args);
  return { status: result.status, lastLine: result.stderr.trimEnd().split("\n").at(-1) ?? "", stackTrace: STACK_FRAME.test(result.stderr) };
}

/** `mugle build --data data --out old --config keep-all.json`, as the CLI runs it, in this process. */
async function inProcess(data: string, old: string): Promise<Run> {
  try {
    await build({ dataDir: data, outFile: old, config: loadConfig(keepAll, undefined), progress: false, log: () => {} });
    return { status: 0, lastLine: "", stackTrace: false };
  } catch (error) {
    const failure = describeFailure(error);
    // No failure line: the CLI would print the stack of an internal error.
    return failure ? { status: failure.status, lastLine: failure.line, stackTrace: false } : { status: 70, lastLine: String(error), stackTrace: true };
  }
}
const outcomes: Outcome[] = [];

/** A catalogue of `count` songs (no models): only its size matters, to the shrink guard. */
async function sizedCatalogue(file: string, count: number): Promise<void> {
  const songsOfIt = Array.from({ length: count }, (_, i) => ({
    id: i, name: `s${i}`, album: "a", albumId: 0, artists: ["x"], artistIds: [0], genreCodes: ["GN0100"], detailCodes: [],
    issueDate: null, year: null, playlistCount: 1, popularityPct: 50, hasMel: false,
  }));
  const metrics = { k: 10, heldOutPlaylists: 0, methods: {} } as unknown as EvaluationReport;
  await writeCatalogue(file, {
    genres: new Map([["GN0100", "발라드"]]), songs: songsOfIt, models: [], timbre: null, rankings: [], meta: {},
    run: { startedAt: "", finishedAt: "", dataDir: "", seed: 0, config: {}, preprocess: [], timings: {}, metrics, backend: "" },
  });
}

before(async () => {
  const sample = mugle(["sample", "--preset", "tiny", "--mel-songs", "24", "--seed", "7", "--out", base]);
  assert.equal(sample.status, 0, sample.stderr);
  writeFileSync(keepAll, JSON.stringify({
    preprocess: { keepPlaylistSongsOnly: false, mergeDuplicates: false, dropVariousArtists: false, dropGenres: [], dropTitlePatterns: [], minPlaylists: 0 },
    music2vec: { epochs: 1 }, tcae: { epochs: 1, trainSongs: 8 }, cel: { epochs: 1 }, projection: false,
  }));
  songs = readJson<Json[]>(join(base, SONG_META));
  playlists = readJson<Json[]>(join(base, TRAIN));
  melId = readdirSync(join(base, "arena_mel", "0")).map((f) => Number(f.replace(".npy", ""))).sort((a, b) => a - b)[0]!;
  melBytes = readFileSync(join(base, melRelativePath(melId)));
  melDataOffset = 10 + melBytes.readUInt16LE(8);
  melHeader = melBytes.toString("latin1", 10, melDataOffset);
  await writeFixtureCatalogue(fixture);
  await sizedCatalogue(large, 700);
});

after(() => rmSync(work, { recursive: true, force: true }));

describe("malformed input: one clear line, exit 1, old catalogue byte-identical, no temporary file", { concurrency: 2 }, () => {
  CASES.forEach((c, i) => {
    const cli = i % 4 === 0 || c.options !== undefined || c.late === true;
    test(`${c.input}: ${c.name}${cli ? " (CLI)" : ""}`, async () => {
      const dir = join(work, `case-${i}`);
      const data = join(dir, "data");
      mkdirSync(data, { recursive: true });
      for (const file of [SONG_META, GENRES, TRAIN, TRUTH]) copyFileSync(join(base, file), join(data, file));
      if (c.mels) cpSync(join(base, "arena_mel"), join(data, "arena_mel"), { recursive: true });
      else symlinkSync(join(base, "arena_mel"), join(data, "arena_mel"));
      const old = join(dir, "old.sqlite");
      copyFileSync(c.old?.() ?? fixture, old);
      const before = sha256(old);
      c.mutate?.(data, dir);
      const options = c.options?.(data, dir) ?? ["--config", keepAll];
      const run = cli ? await throughCli(["build", "--data", data, "--out", old, ...options]) : await inProcess(data, old);
      const expected = `mugle: ${c.expected(data, dir)}`;
      outcomes.push({ clear: run.status === 1 && run.lastLine === expected, stackTrace: run.stackTrace, acceptedSilently: run.status === 0, throughCli: cli });
      assert.equal(run.stackTrace, false, run.lastLine);
      assert.equal(run.status, 1, run.lastLine);
      assert.equal(run.lastLine, expected);
      assert.equal(sha256(old), before, "the old catalogue changed");
      assert.deepEqual(readdirSync(dir).filter((name) => name.includes(".tmp-")), [], "a temporary file was left");
      // The FIFOs and link loops are gone with the case directory; the big files too.
      rmSync(data, { recursive: true, force: true });
      unlinkSync(old);
    });
  });
});

test("malformed input: totals", (t) => {
  const totals = {
    cases: outcomes.length,
    throughCli: outcomes.filter((o) => o.throughCli).length,
    clearErrors: outcomes.filter((o) => o.clear).length,
    stackTraces: outcomes.filter((o) => o.stackTrace).length,
    acceptedSilently: outcomes.filter((o) => o.acceptedSilently).length,
  };
  t.diagnostic(`malformed-input table: ${JSON.stringify(totals)}`);
  assert.ok(CASES.length >= 100, `only ${CASES.length} cases`);
  assert.deepEqual({ ...totals, throughCli: 0 }, { cases: CASES.length, throughCli: 0, clearErrors: CASES.length, stackTraces: 0, acceptedSilently: 0 });
});
