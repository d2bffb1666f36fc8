// song_meta.json: streamed record by record (the real file is ~190 MB, 707,989 songs), every field validated.
import { basename } from "node:path";
import { DataWarnings, describeValue } from "../core/errors.ts";
import {
  expectGenreCodes,
  expectId,
  expectIdArray,
  expectObject,
  expectString,
  expectStringArray,
  detach,
  fail,
  type RecordAt,
} from "./fields.ts";
import { streamJsonArray, type ReadOptions } from "./jsonStream.ts";
import type { SongMeta } from "./melon.ts";

export function songLabel(id: unknown, index: number): string {
  return typeof id === "number" && Number.isSafeInteger(id) && id >= 0 ? `song ${id} (index ${index})` : `song at index ${index}`;
}

/**
 * The largest song id: the catalogue packs neighbour lists as int32 (lib/catalogue/format.ts), and the site's
 * URLs take ids up to the same bound.
 */
export const MAX_SONG_ID = 2 ** 31 - 1;

/** Days in `month` (1..12) of `year`, by the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** yyyymmdd with month and day 00 when unknown, or 0 when nothing is known: the shape only. */
function isIssueDateShape(value: number): boolean {
  return value === 0 || (value >= 10_000_000 && value <= 99_999_999);
}

/**
 * Whether the month and day of a well-shaped issue_date exist (20190231 does not). Melon's own song_meta.json has
 * such dates (months above 12, days past the month's end): they are kept with only their valid part
 * (ml/pipeline/songRows.ts formatIssueDate) and counted as a warning, not refused.
 */
export function isPossibleIssueDate(value: number): boolean {
  if (value === 0) return true;
  const year = Math.floor(value / 10_000);
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  if (month > 12) return false;
  if (month === 0) return day <= 31;
  return day <= daysInMonth(year, month);
}

const IMPOSSIBLE_DATE = [
  "song has an impossible issue_date (a month above 12 or a day its month does not have), kept with only its valid part (year, or year and month)",
  "songs have an impossible issue_date (a month above 12 or a day their month does not have), kept with only their valid part (year, or year and month)",
] as const;

/** Checks one song_meta.json element and returns it as a SongMeta (unknown extra fields are dropped). */
export function parseSong(value: unknown, at: RecordAt, warnings?: DataWarnings): SongMeta {
  const raw = expectObject(value, at);
  const id = expectId(raw.id, "id", at, "a non-negative integer song id");
  if (id > MAX_SONG_ID) fail(at, `id is ${id}, expected a song id up to ${MAX_SONG_ID}`);
  const albumId = expectId(raw.album_id, "album_id", at, "a non-negative integer album id");
  const artistIds = expectIdArray(raw.artist_id_basket, "artist_id_basket", at, "integer artist id");
  const artistNames = expectStringArray(raw.artist_name_basket, "artist_name_basket", at);
  if (artistNames.length !== artistIds.length) {
    fail(at, `artist_name_basket has ${artistNames.length} names but artist_id_basket has ${artistIds.length} ids`);
  }
  const songName = expectString(raw.song_name, "song_name", at);
  const genres = expectGenreCodes(raw.song_gn_gnr_basket, "song_gn_gnr_basket", at);
  const detailGenres = expectGenreCodes(raw.song_gn_dtl_gnr_basket, "song_gn_dtl_gnr_basket", at);
  const issueDate = raw.issue_date;
  if (typeof issueDate !== "number" || !Number.isSafeInteger(issueDate) || !isIssueDateShape(issueDate)) {
    fail(at, `issue_date is ${describeValue(issueDate)}, expected an integer yyyymmdd (00 for an unknown month or day) or 0`);
  }
  if (!isPossibleIssueDate(issueDate)) warnings?.add(at.file, IMPOSSIBLE_DATE, `${at.record}: ${issueDate}`);
  // An unknown album name is read as "" rather than rejecting the song: null has an obvious meaning here.
  const albumName = raw.album_name === null ? "" : expectString(raw.album_name, "album_name", at);
  return {
    id,
    album_id: albumId,
    artist_id_basket: artistIds,
    // Not interned: pooling the names many songs share saves some memory but cost ~10% of the read time.
    artist_name_basket: artistNames.map(detach),
    song_name: detach(songName),
    // Genre codes are too short for V8 to share memory with the input block: kept as they are.
    song_gn_gnr_basket: genres,
    song_gn_dtl_gnr_basket: detailGenres,
    issue_date: issueDate,
    album_name: detach(albumName),
  };
}

/**
 * Reads and validates song_meta.json, in file order. Duplicate ids are an error naming both records; problems
 * that do not stop a build (impossible dates) go to `options.warnings`.
 */
export async function readSongMeta(path: string, options: ReadOptions & { warnings?: DataWarnings } = {}): Promise<SongMeta[]> {
  const file = basename(path);
  const songs: SongMeta[] = [];
  const firstIndex = new Map<number, number>();
  await streamJsonArray(
    path,
    (value, index) => {
      const at = { file, record: songLabel((value as { id?: unknown } | null)?.id, index) };
      const song = parseSong(value, at, options.warnings);
      const previous = firstIndex.get(song.id);
      if (previous !== undefined) fail(at, `duplicate id ${song.id} (first at index ${previous})`);
      firstIndex.set(song.id, index);
      songs.push(song);
    },
    { ...options, recordLabel: (index) => songLabel(undefined, index) },
  );
  return songs;
}
