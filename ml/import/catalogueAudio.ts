// What the catalogue records about an imported library's audio, read from the dataset `mugle import` wrote:
// the music folder (the marker's audio_root) and, for each song the catalogue holds whose file browsers can
// play as it is, its path relative to that folder, content type, duration and where the excerpt the models
// heard begins. A file in a format browsers cannot play (tracker modules, WMA, AIFF, Monkey's Audio, WavPack,
// Musepack, ALAC …) gets no row, so the site shows no play button for it rather than a player that fails.
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { SongAudioRow } from "../../lib/catalogue/format.ts";
import { DataError } from "../core/errors.ts";
import { excerptStart } from "../audio/decode.ts";
import { IMPORT_MARKER_FILE, SONG_AUDIO_FILE, type ImportMarker, type SongAudio } from "./libraryDataset.ts";

/** Extensions whose files browsers play, provided the codec inside is one of PLAYABLE_CODECS. */
const PLAYABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  "mp3", "mpga", "m4a", "m4b", "mp4", "aac", "adts", "flac", "wav", "wave", "ogg", "oga", "opus", "webm", "weba",
]);
/** Codecs as music-metadata names them: MP3, AAC (not ALAC), FLAC, PCM, Vorbis, Opus. */
const PLAYABLE_CODECS = [/^MPEG [12](\.5)? Layer 3$/i, /^(MPEG-4\/)?AAC\b/i, /^FLAC$/i, /^PCM\b/i, /^Vorbis\b/i, /^Opus$/i];

/** Whether every common browser plays the file as it is (its extension, and its codec when known). */
export function browsersPlay(audio: Pick<SongAudio, "path" | "codec">): boolean {
  if (!PLAYABLE_EXTENSIONS.has(extname(audio.path).slice(1).toLowerCase())) return false;
  // A codec music-metadata cannot name inside a playable container is left to the browser.
  return audio.codec === null || PLAYABLE_CODECS.some((codec) => codec.test(audio.codec!));
}

export interface LibraryAudio {
  /** The music folder, absolute (stored as meta audio_root). */
  audioRoot: string;
  rows: SongAudioRow[];
  /** Songs of the catalogue whose format browsers cannot play (no row). */
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
    if (!browsersPlay(entry)) {
      unplayable++;
      continue;
    }
    const duration = typeof entry.duration === "number" && entry.duration > 0 ? entry.duration : null;
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
