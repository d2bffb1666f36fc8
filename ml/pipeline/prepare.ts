// The playlists a build trains and evaluates on: the seeded held-out split first, then preprocessing fitted on
// the training playlists (and, with `albumsAsPlaylists`, the albums standing in for playlists) alone and
// applied to the held-out ones. `mugle build` and `mugle tune` both start here, so the tuner only ever sees
// the playlists the build trains on, never the ones the build reports on.
import type { BuildConfig } from "../config.ts";
import type { Playlist, SongMeta } from "../data/melon.ts";
import { applyPreprocess, preprocess, type PreprocessResult } from "./preprocess.ts";
import { albumPlaylists } from "./profile.ts";
import { splitPlaylists } from "./split.ts";

export interface PreparedPlaylists {
  /** Kept songs, filter counts and duplicate merges, fitted on the training playlists. */
  pre: PreprocessResult;
  /** Training playlists' song ids after preprocessing, albums included (what Music2Vec and the baselines learn from). */
  train: number[][];
  /** The listeners' training playlists alone (no albums): the only ones a validation split may hold out. */
  listenerTrain: number[][];
  /** The albums' song ids after preprocessing (empty unless `albumsAsPlaylists`). */
  albumTrain: number[][];
  /** Albums used as training playlists, before preprocessing. */
  albumCount: number;
  /** Held-out playlists' song ids, preprocessed as the training ones (songs outside the catalogue dropped). */
  heldOut: number[][];
}

/** The first `maxPlaylists` playlists (0 = all), as `--max-playlists` reads a slice of train.json. */
export function playlistSlice(playlists: readonly Playlist[], maxPlaylists: number): readonly Playlist[] {
  return maxPlaylists > 0 ? playlists.slice(0, maxPlaylists) : playlists;
}

/**
 * Split, then preprocess on the training playlists only: held-out playlists must not decide which songs enter
 * the catalogue (a song reaching minPlaylists only through them would leak evaluation into training). Albums
 * standing in for playlists train only: they are no listener's playlist, so never held out.
 */
export function preparePlaylists(
  songs: readonly SongMeta[],
  playlists: readonly Playlist[],
  config: Pick<BuildConfig, "heldOutFraction" | "seed" | "preprocess" | "albumsAsPlaylists">,
): PreparedPlaylists {
  const split = splitPlaylists(playlists, config.heldOutFraction, config.seed);
  let firstAlbumId = 0;
  for (const p of playlists) firstAlbumId = Math.max(firstAlbumId, p.id + 1);
  const albums = config.albumsAsPlaylists ? albumPlaylists(songs, firstAlbumId) : [];
  const pre = preprocess(songs, [...split.train, ...albums], config.preprocess);
  const isAlbum = (p: Playlist) => p.id >= firstAlbumId;
  return {
    pre,
    train: pre.playlists.map((p) => p.songs),
    listenerTrain: pre.playlists.filter((p) => !isAlbum(p)).map((p) => p.songs),
    albumTrain: pre.playlists.filter(isAlbum).map((p) => p.songs),
    albumCount: albums.length,
    heldOut: applyPreprocess(split.heldOut, pre).map((p) => p.songs),
  };
}
