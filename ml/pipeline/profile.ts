// Build profiles: which defaults suit a dataset. OK Mugle's preprocessing is tuned to Melon (drop compilations,
// songs in fewer than 3 playlists, non-music genres, instrumental and MR tracks): right for 700k songs of a
// streaming service, wrong for someone's music library, where every file is a song the owner wants to find
// neighbours for. A dataset written by `mugle import` carries a marker (mugle_import.json) and gets the
// library profile: every song enters the catalogue; songs in no playlist get the audio embeddings (TCAE, and
// CEL where a song has both inputs); Music2Vec learns from whatever playlists there are, and albums can stand
// in for playlists in a library that has none.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Playlist, SongMeta } from "../data/melon.ts";

export type BuildProfile = "melon" | "library";
export const BUILD_PROFILES: readonly BuildProfile[] = ["melon", "library"];

/** Written by `mugle import`; its presence makes `mugle build` use the library profile. */
export const IMPORT_MARKER_FILE = "mugle_import.json";

export function detectProfile(dataDir: string): BuildProfile {
  return existsSync(join(dataDir, IMPORT_MARKER_FILE)) ? "library" : "melon";
}

/**
 * Albums as weak playlists: one per album of at least two songs that have an album name, songs in id order.
 * An album is a much weaker signal than a listener's playlist (one artist, one moment), but it is the
 * co-occurrence a library without playlists has. Ids continue after `firstId`.
 */
export function albumPlaylists(songs: readonly SongMeta[], firstId: number): Playlist[] {
  const albums = new Map<number, { name: string; songs: number[] }>();
  for (const song of [...songs].sort((a, b) => a.id - b.id)) {
    if (!song.album_name) continue;
    const album = albums.get(song.album_id) ?? { name: song.album_name, songs: [] };
    album.songs.push(song.id);
    albums.set(song.album_id, album);
  }
  return [...albums.entries()]
    .filter(([, album]) => album.songs.length >= 2)
    .sort((a, b) => a[0] - b[0])
    .map(([, album], i) => ({
      id: firstId + i,
      plylst_title: album.name,
      tags: ["album"],
      songs: album.songs,
      like_cnt: 0,
      updt_date: "1970-01-01 00:00:00.000",
    }));
}
