// train.json (and val.json / test.json, same format): streamed, validated against the known song ids.
import { basename } from "node:path";
import { describeValue } from "../core/errors.ts";
import {
  createStringPool,
  detach,
  expectId,
  expectIdArray,
  expectObject,
  expectString,
  expectStringArray,
  fail,
  type RecordAt,
} from "./fields.ts";
import { streamJsonArray, type ReadOptions } from "./jsonStream.ts";
import type { Playlist } from "./melon.ts";

const UPDATE_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

export function playlistLabel(id: unknown, index: number): string {
  return typeof id === "number" && Number.isSafeInteger(id) && id >= 0 ? `playlist ${id} (index ${index})` : `playlist at index ${index}`;
}

/** Which song ids exist: the set of song_meta.json ids, or a predicate over them. */
export type SongIds = ReadonlySet<number> | ((id: number) => boolean);

/**
 * Checks one playlist. Every song must be known, and appear once: Melon's playlists hold no repeats, so a
 * repeat means a damaged or hand-made file, reported rather than silently collapsed.
 */
export function parsePlaylist(
  value: unknown,
  at: RecordAt,
  isSong: (id: number) => boolean,
  pool: (text: string) => string = createStringPool(),
): Playlist {
  const raw = expectObject(value, at);
  const id = expectId(raw.id, "id", at, "a non-negative integer playlist id");
  const title = expectString(raw.plylst_title, "plylst_title", at);
  const tags = expectStringArray(raw.tags, "tags", at);
  const songs = expectIdArray(raw.songs, "songs", at, "integer song id");
  const seen = new Set<number>();
  for (let i = 0; i < songs.length; i++) {
    const song = songs[i]!;
    if (!isSong(song)) fail(at, `songs[${i}] is ${song}, not a song id in song_meta.json`);
    if (seen.has(song)) fail(at, `songs[${i}] repeats song ${song} (already at songs[${songs.indexOf(song)}])`);
    seen.add(song);
  }
  const likes = expectId(raw.like_cnt, "like_cnt", at);
  const updated = raw.updt_date;
  if (typeof updated !== "string" || !UPDATE_DATE.test(updated)) {
    fail(at, `updt_date is ${describeValue(updated)}, expected "YYYY-MM-DD HH:MM:SS.000"`);
  }
  return { id, plylst_title: detach(title), tags: tags.map(pool), songs, like_cnt: likes, updt_date: pool(updated) };
}

/** Reads and validates a playlist file, in file order. Duplicate playlist ids are an error naming both records. */
export async function readPlaylists(path: string, songIds: SongIds, options: ReadOptions = {}): Promise<Playlist[]> {
  const file = basename(path);
  const isSong = typeof songIds === "function" ? songIds : (id: number) => songIds.has(id);
  const playlists: Playlist[] = [];
  const firstIndex = new Map<number, number>();
  const pool = createStringPool();
  await streamJsonArray(
    path,
    (value, index) => {
      const at = { file, record: playlistLabel((value as { id?: unknown } | null)?.id, index) };
      const playlist = parsePlaylist(value, at, isSong, pool);
      const previous = firstIndex.get(playlist.id);
      if (previous !== undefined) fail(at, `duplicate id ${playlist.id} (first at index ${previous})`);
      firstIndex.set(playlist.id, index);
      playlists.push(playlist);
    },
    { ...options, recordLabel: (index) => playlistLabel(undefined, index) },
  );
  return playlists;
}
