// Streams large JSON arrays to disk in the layout of the real Melon files (Python's json.dump with
// ensure_ascii=False: one line, ", " and ": " separators, non-ASCII text written as is), in chunks, so a
// 190 MB song_meta.json is never one string. The caller writes to a temporary name and renames when done.
import { open } from "node:fs/promises";
import type { Playlist, SampleTruth, SongMeta } from "../data/melon.ts";

const CHUNK_CHARS = 1 << 20;

const str = (s: string) => JSON.stringify(s);
const ints = (values: readonly number[]) => `[${values.join(", ")}]`;
const strings = (values: readonly string[]) => `[${values.map(str).join(", ")}]`;

/** One song_meta.json record, keys in the real file's order. */
export function serializeSongMeta(song: SongMeta): string {
  return (
    `{"song_gn_dtl_gnr_basket": ${strings(song.song_gn_dtl_gnr_basket)}, "issue_date": ${song.issue_date}, ` +
    `"album_name": ${str(song.album_name)}, "album_id": ${song.album_id}, "artist_id_basket": ${ints(song.artist_id_basket)}, ` +
    `"song_name": ${str(song.song_name)}, "song_gn_gnr_basket": ${strings(song.song_gn_gnr_basket)}, ` +
    `"artist_name_basket": ${strings(song.artist_name_basket)}, "id": ${song.id}}`
  );
}

/** One train.json record, keys in the real file's order. */
export function serializePlaylist(playlist: Playlist): string {
  return (
    `{"tags": ${strings(playlist.tags)}, "id": ${playlist.id}, "plylst_title": ${str(playlist.plylst_title)}, ` +
    `"songs": ${ints(playlist.songs)}, "like_cnt": ${playlist.like_cnt}, "updt_date": ${str(playlist.updt_date)}}`
  );
}

/** One entry of sample_truth.json's "songs". */
export function serializeTruthSong(song: SampleTruth["songs"][number]): string {
  return `{"id": ${song.id}, "work": ${song.work}, "version": ${str(song.version)}, "genre": ${str(song.genre)}}`;
}

/** A flat {key: value} object of strings, e.g. genre_gn_all.json. */
export function serializeStringMap(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${str(k)}: ${str(v)}`).join(", ")}}`;
}

export interface StreamOptions {
  /** Text before the first item and after the last (default "[" and "]"). */
  prefix?: string;
  suffix?: string;
  onProgress?: (done: number) => void;
  signal?: AbortSignal;
  /** Thrown when the signal is aborted (between chunks). */
  abortError?: () => Error;
}

/** Writes `items` as a JSON array (or `prefix` items `suffix`) to `file`; returns the bytes written. */
export async function writeJsonArray<T>(file: string, items: readonly T[], serialize: (item: T) => string, options: StreamOptions = {}): Promise<number> {
  const handle = await open(file, "w");
  let bytes = 0;
  try {
    let parts: string[] = [options.prefix ?? "["];
    let chars = 0;
    const flush = async () => {
      const text = parts.join("");
      parts = [];
      chars = 0;
      const buffer = Buffer.from(text, "utf8");
      await handle.write(buffer);
      bytes += buffer.length;
    };
    for (let i = 0; i < items.length; i++) {
      const text = (i > 0 ? ", " : "") + serialize(items[i]!);
      parts.push(text);
      chars += text.length;
      if (chars >= CHUNK_CHARS) {
        await flush();
        options.onProgress?.(i + 1);
        if (options.signal?.aborted) throw options.abortError?.() ?? new Error("aborted");
      }
    }
    parts.push(options.suffix ?? "]");
    await flush();
    options.onProgress?.(items.length);
  } finally {
    await handle.close();
  }
  return bytes;
}
