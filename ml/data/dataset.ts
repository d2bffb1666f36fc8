// The whole Melon-format dataset directory: genres, songs and training playlists, read and cross-checked.
// Mel-spectrograms stay on disk (ml/data/mel.ts reads them on demand).
import { statSync } from "node:fs";
import { join } from "node:path";
import { DataError, DataWarnings } from "../core/errors.ts";
import { fail } from "./fields.ts";
import { readGenres } from "./genres.ts";
import type { ReadOptions } from "./jsonStream.ts";
import type { Playlist, SongMeta } from "./melon.ts";
import { readPlaylists } from "./playlists.ts";
import { positionLookup } from "./songIndex.ts";
import { readSampleTruth } from "./sampleTruth.ts";
import { readSongMeta, songLabel } from "./songMeta.ts";

export const SONG_META_FILE = "song_meta.json";
export const GENRES_FILE = "genre_gn_all.json";
export const TRAIN_FILE = "train.json";

export interface Dataset {
  dir: string;
  /** In file order. */
  songs: SongMeta[];
  /** Genre code -> name. */
  genres: Map<string, string>;
  /** train.json, in file order. */
  playlists: Playlist[];
  /** sample_truth.json: song id -> work id, when the dataset has one (the sample generator's). */
  works?: Map<number, number>;
  /** What was read but is not right, one line per kind with a count (the build prints them). */
  warnings: string[];
}

/** Every genre code a song uses must be named in genre_gn_all.json (the site shows genres by name). */
export function checkSongGenres(songs: readonly SongMeta[], genres: ReadonlyMap<string, string>): void {
  songs.forEach((song, index) => {
    for (const field of ["song_gn_gnr_basket", "song_gn_dtl_gnr_basket"] as const) {
      song[field].forEach((code, i) => {
        if (!genres.has(code)) {
          if (genres.size === 0) {
            throw new DataError(GENRES_FILE, null, `holds no genres (an empty object), but ${SONG_META_FILE}'s ${songLabel(song.id, index)} has ${field}[${i}] ${JSON.stringify(code)}; expected genre code -> name pairs`);
          }
          fail({ file: SONG_META_FILE, record: songLabel(song.id, index) }, `${field}[${i}] is ${JSON.stringify(code)}, not a genre code in ${GENRES_FILE}`);
        }
      });
    }
  });
}

/**
 * Reads song_meta.json, genre_gn_all.json, train.json and sample_truth.json (if any) from `dir`, with a progress
 * bar per large file by default. Everything is checked here, before any training.
 */
export async function loadDataset(dir: string, options: ReadOptions = {}): Promise<Dataset> {
  const read = { progress: options.progress ?? true, signal: options.signal };
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new DataError(dir, null, "dataset directory not found");

  const warnings = new DataWarnings();
  const genres = await readGenres(join(dir, GENRES_FILE));
  const songs = await readSongMeta(join(dir, SONG_META_FILE), { ...read, warnings });
  // Said here: every playlist entry is looked up among these songs, so an empty file would otherwise be blamed
  // on train.json.
  if (songs.length === 0) throw new DataError(SONG_META_FILE, null, "holds no songs (an empty array), expected the dataset's songs");
  checkSongGenres(songs, genres);
  const position = positionLookup(songs.map((song) => song.id));
  const playlists = await readPlaylists(join(dir, TRAIN_FILE), (id) => position(id) >= 0, read);
  const works = await readSampleTruth(dir);
  return { dir, songs, genres, playlists, ...(works && { works }), warnings: warnings.lines() };
}
