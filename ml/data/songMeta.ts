// song_meta.json: streamed record by record (the real file is ~190 MB, 707,989 songs), every field validated.
import { basename } from "node:path";
import { describeValue } from "../core/errors.ts";
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

/** yyyymmdd with month and day 00 when unknown, or 0 when nothing is known. */
function isIssueDate(value: number): boolean {
  if (value === 0) return true;
  if (value < 10_000_000 || value > 99_999_999) return false;
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  return month <= 12 && day <= 31;
}

/** Checks one song_meta.json element and returns it as a SongMeta (unknown extra fields are dropped). */
export function parseSong(value: unknown, at: RecordAt): SongMeta {
  const raw = expectObject(value, at);
  const id = expectId(raw.id, "id", at, "a non-negative integer song id");
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
  if (typeof issueDate !== "number" || !Number.isSafeInteger(issueDate) || !isIssueDate(issueDate)) {
    fail(at, `issue_date is ${describeValue(issueDate)}, expected an integer yyyymmdd (00 for an unknown month or day) or 0`);
  }
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

/** Reads and validates song_meta.json, in file order. Duplicate ids are an error naming both records. */
export async function readSongMeta(path: string, options: ReadOptions = {}): Promise<SongMeta[]> {
  const file = basename(path);
  const songs: SongMeta[] = [];
  const firstIndex = new Map<number, number>();
  await streamJsonArray(
    path,
    (value, index) => {
      const at = { file, record: songLabel((value as { id?: unknown } | null)?.id, index) };
      const song = parseSong(value, at);
      const previous = firstIndex.get(song.id);
      if (previous !== undefined) fail(at, `duplicate id ${song.id} (first at index ${previous})`);
      firstIndex.set(song.id, index);
      songs.push(song);
    },
    options,
  );
  return songs;
}
