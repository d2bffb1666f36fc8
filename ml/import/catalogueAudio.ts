// What the catalogue records about an imported library's audio, read from the dataset `mugle import` wrote:
// the music folder (the marker's audio_root) and, for each song the catalogue holds whose file browsers can
// play as it is, its path relative to that folder, content type, duration and where the excerpt the models
// heard begins. A file in a format browsers cannot play (tracker modules, WMA, AIFF, Monkey's Audio, WavPack,
// Musepack, ALAC …) is heard through the MP3 preview of its excerpt the import made (under the dataset); when
// none could be made it gets no row, so the site shows no play button rather than a player that fails.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SongAudioRow } from "../../lib/catalogue/format.ts";
import { DataError } from "../core/errors.ts";
import { excerptStart } from "../audio/decode.ts";
import { IMPORT_MARKER_FILE, SONG_AUDIO_FILE, type ImportMarker, type SongAudio } from "./libraryDataset.ts";
import { EXCERPT_SECONDS } from "../audio/melSpectrogram.ts";
import { PREVIEW_MIME, browsersPlay } from "./preview.ts";

export interface LibraryAudio {
  /** The music folder, absolute (stored as meta audio_root). */
  audioRoot: string;
  rows: SongAudioRow[];
  /** Songs of the catalogue whose format browsers cannot play and that have no preview (no row). */
  unplayable: number;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (error) {
    throw new DataError(file, null, `cannot read it as JSON (${(error as Error).message})`);
  }
}

/** The audio rows for the songs in `songIds`, or null when `dataDir` is not an imported library. */
export function libraryAudio(dataDir: string, songIds: ReadonlySet<number>): LibraryAudio | null {
  const markerFile = join(dataDir, IMPORT_MARKER_FILE);
  if (!existsSync(markerFile)) return null;
  const marker = readJson<ImportMarker>(markerFile);
  if (typeof marker.audio_root !== "string" || marker.audio_root === "") throw new DataError(markerFile, null, "audio_root: missing");
  const audioFile = join(dataDir, SONG_AUDIO_FILE);
  const audio = readJson<SongAudio[]>(audioFile);
  if (!Array.isArray(audio)) throw new DataError(audioFile, null, "expected an array of songs");
  const rows: SongAudioRow[] = [];
  let unplayable = 0;
  for (const [index, entry] of audio.entries()) {
    if (!Number.isInteger(entry?.id) || typeof entry.path !== "string" || typeof entry.mime !== "string") {
      throw new DataError(audioFile, `record ${index}`, "id, path and mime are required");
    }
    if (!songIds.has(entry.id)) continue;
    const duration = typeof entry.duration === "number" && entry.duration > 0 ? entry.duration : null;
    if (!browsersPlay(entry)) {
      if (typeof entry.preview !== "string") {
        unplayable++;
        continue;
      }
      // The import's MP3 of the excerpt the models heard, under the dataset.
      rows.push({
        songId: entry.id,
        folder: "dataset",
        path: entry.preview,
        mime: PREVIEW_MIME,
        duration: duration === null ? null : Math.min(duration, EXCERPT_SECONDS),
        excerptStart: 0,
        copyright: entry.copyright ?? null,
        license: entry.license ?? null,
      });
      continue;
    }
    rows.push({
      songId: entry.id,
      folder: "library",
      path: entry.path,
      mime: entry.mime,
      duration,
      excerptStart: typeof entry.excerpt_start === "number" ? entry.excerpt_start : duration === null ? 0 : excerptStart(duration),
      copyright: entry.copyright ?? null,
      license: entry.license ?? null,
    });
  }
  return { audioRoot: marker.audio_root, rows, unplayable };
}
