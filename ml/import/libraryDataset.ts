// The Melon-format files of an imported library, rebuilt from the import state on every run: song_meta.json,
// genre_gn_all.json, train.json, song_audio.json (where each song's audio is) and mugle_import.json (the marker
// `mugle build` recognises an imported library by). Pure up to the writing: the same state and playlists give
// the same bytes.
import { dirname, extname, join } from "node:path";
import { writeFileAtomic } from "../core/atomicWrite.ts";
import type { Playlist, SongMeta } from "../data/melon.ts";
import { normaliseName } from "../pipeline/preprocess.ts";
import { serializePlaylist, serializeSongMeta, serializeStringMap } from "../sample/jsonWriter.ts";
import { GENRES_FILE, SONG_META_FILE, TRAIN_FILE } from "../data/dataset.ts";
import { IMPORT_MARKER_FILE } from "../pipeline/profile.ts";
import { buildGenreTable } from "./genres.ts";
import { assignIds } from "./ids.ts";
import type { ImportedFile } from "./state.ts";
import { withPathFallback } from "./tags.ts";

export const SONG_AUDIO_FILE = "song_audio.json";
export { IMPORT_MARKER_FILE };

/** Where a song's audio is, for the site to play it. */
export interface SongAudio {
  id: number;
  /** Relative to the music folder (the marker's audio_root), "/"-separated. */
  path: string;
  /** Seconds. */
  duration: number | null;
  container: string | null;
  codec: string | null;
  /** Content type to serve it with. */
  mime: string;
  size: number;
  mtime_ms: number;
  /** Seconds into the file where the excerpt the models heard begins. */
  excerpt_start: number;
  /** Who holds the rights and under which licence, as tagged (null when untagged), for the attribution page. */
  copyright: string | null;
  license: string | null;
  /** An MP3 preview of the excerpt, relative to the dataset, for a file browsers cannot play; else null. */
  preview: string | null;
}

export interface ImportMarker {
  format: "mugle-import";
  version: 1;
  /** The music folder, absolute. */
  audio_root: string;
  songs: number;
  playlists: number;
  excerpt: string;
  mel: Record<string, string | number>;
  ffmpeg: string;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  mp3: "audio/mpeg", mp2: "audio/mpeg", mpga: "audio/mpeg", ogg: "audio/ogg", oga: "audio/ogg", opus: "audio/ogg",
  spx: "audio/ogg", flac: "audio/flac", m4a: "audio/mp4", m4b: "audio/mp4", mp4: "audio/mp4", aac: "audio/aac",
  adts: "audio/aac", wav: "audio/wav", wave: "audio/wav", aif: "audio/aiff", aiff: "audio/aiff", aifc: "audio/aiff",
  wma: "audio/x-ms-wma", asf: "audio/x-ms-asf", ape: "audio/x-ape", wv: "audio/x-wavpack", mpc: "audio/x-musepack",
  mka: "audio/x-matroska", webm: "audio/webm", weba: "audio/webm", ac3: "audio/ac3", eac3: "audio/eac3",
  dts: "audio/vnd.dts", amr: "audio/amr", au: "audio/basic", snd: "audio/basic", caf: "audio/x-caf", tta: "audio/x-tta",
  tak: "audio/x-tak", dsf: "audio/x-dsf", dff: "audio/x-dff", mod: "audio/x-mod", xm: "audio/x-xm", it: "audio/x-it",
  s3m: "audio/x-s3m", mtm: "audio/x-mod", "669": "audio/x-mod", med: "audio/x-mod", okt: "audio/x-mod",
  stm: "audio/x-mod", umx: "audio/x-mod",
};

export function mimeOf(path: string): string {
  return MIME_BY_EXTENSION[extname(path).slice(1).toLowerCase()] ?? "application/octet-stream";
}

/** Melon's issue_date (yyyymmdd, 00 for an unknown month or day, 0 when unknown) from a tag's date. */
export function issueDate(date: string | null): number {
  const match = date ? /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(date) : null;
  if (!match) return 0;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : 0;
  const day = match[3] && month ? Number(match[3]) : 0;
  if (year < 1000 || month > 12 || day > 31) return year >= 1000 ? year * 10000 : 0;
  return year * 10000 + month * 100 + day;
}

const sortStrings = (values: Iterable<string>) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export interface LibrarySongs {
  songs: SongMeta[];
  genres: [string, string][];
  /** Unmapped genre tags that had to share the "Other" code. */
  genreOverflow: number;
}

/** song_meta.json records (ascending id) and the genre table, from the imported files. */
export function librarySongs(files: readonly ImportedFile[]): LibrarySongs {
  const ordered = [...files].sort((a, b) => a.id - b.id);
  const tagged = ordered.map((file) => ({ file, tags: withPathFallback(file.tags, file.path) }));
  const genreTable = buildGenreTable(tagged.map(({ tags }) => tags.genres));

  // Artists are one id per name as normalised for duplicate detection (case, width and spacing ignored); each
  // song keeps the spelling it is tagged with.
  const artistKeys = new Set<string>();
  const albumKeys = new Set<string>();
  const albumKey = (file: ImportedFile, tags: ReturnType<typeof withPathFallback>) => {
    // Without an album artist, an album is the tracks of one folder with one album name (a compilation's
    // tracks each name their own artist).
    const owner = tags.albumArtist ?? (tags.compilation ? "Various Artists" : `folder:${dirname(file.path)}`);
    return `${normaliseName(owner)}\u0000${normaliseName(tags.album ?? "")}`;
  };
  for (const { file, tags } of tagged) {
    for (const artist of tags.artists) artistKeys.add(normaliseName(artist));
    albumKeys.add(albumKey(file, tags));
  }
  const artistIds = assignIds(sortStrings(artistKeys));
  const albumIds = assignIds(sortStrings(albumKeys));

  const songs = tagged.map(({ file, tags }): SongMeta => {
    const names: string[] = [];
    const ids: number[] = [];
    for (const artist of tags.artists) {
      const id = artistIds.get(normaliseName(artist))!;
      if (ids.includes(id)) continue;
      ids.push(id);
      names.push(artist);
    }
    return {
      id: file.id,
      album_id: albumIds.get(albumKey(file, tags))!,
      artist_id_basket: ids,
      artist_name_basket: names,
      song_name: tags.title ?? file.path,
      song_gn_gnr_basket: genreTable.codesOf(tags.genres),
      song_gn_dtl_gnr_basket: [],
      issue_date: issueDate(tags.date),
      album_name: tags.album ?? "",
    };
  });
  return { songs, genres: genreTable.names, genreOverflow: genreTable.overflow };
}

export function songAudio(files: readonly ImportedFile[]): SongAudio[] {
  return [...files]
    .sort((a, b) => a.id - b.id)
    .map((file) => ({
      id: file.id,
      path: file.path,
      duration: file.decodedSeconds ?? file.format.duration,
      container: file.format.container,
      codec: file.format.codec,
      mime: mimeOf(file.path),
      size: file.size,
      mtime_ms: file.mtimeMs,
      excerpt_start: file.excerptStart,
      // Import states written before these tags were read lack them.
      copyright: file.tags.copyright ?? null,
      license: file.tags.license ?? null,
      preview: file.preview ?? null,
    }));
}

export interface LibraryDataset {
  songs: SongMeta[];
  genres: [string, string][];
  playlists: Playlist[];
  audio: SongAudio[];
  marker: ImportMarker;
}

/** Writes every file of the dataset atomically; the marker last, so its presence means a complete import. */
export function writeLibraryDataset(dataDir: string, dataset: LibraryDataset): void {
  const array = <T>(items: readonly T[], serialize: (item: T) => string) => `[${items.map(serialize).join(", ")}]`;
  writeFileAtomic(join(dataDir, GENRES_FILE), serializeStringMap(dataset.genres));
  writeFileAtomic(join(dataDir, SONG_META_FILE), array(dataset.songs, serializeSongMeta));
  writeFileAtomic(join(dataDir, TRAIN_FILE), array(dataset.playlists, serializePlaylist));
  writeFileAtomic(join(dataDir, SONG_AUDIO_FILE), `[\n${dataset.audio.map((a) => JSON.stringify(a)).join(",\n")}\n]\n`);
  writeFileAtomic(join(dataDir, IMPORT_MARKER_FILE), `${JSON.stringify(dataset.marker, null, 2)}\n`);
}
