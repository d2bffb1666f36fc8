// The playlists a build trains and evaluates on: the seeded held-out split first, then preprocessing fitted on
// the training playlists alone and applied to the held-out ones. `mugle build` and `mugle tune` both start here,
// so the tuner only ever sees the playlists the build trains on, never the ones the build reports on.
import type { BuildConfig } from "../config.ts";
import type { Playlist, SongMeta } from "../data/melon.ts";
import { applyPreprocess, preprocess, type PreprocessResult } from "./preprocess.ts";
import { splitPlaylists } from "./split.ts";

export interface PreparedPlaylists {
  /** Kept songs, filter counts and duplicate merges, fitted on the training playlists. */
  pre: PreprocessResult;
  /** Training playlists' song ids after preprocessing. */
  train: number[][];
  /** Held-out playlists' song ids, preprocessed as the training ones (songs outside the catalogue dropped). */
  heldOut: number[][];
}

/** The first `maxPlaylists` playlists (0 = all), as `--max-playlists` reads a slice of train.json. */
export function playlistSlice(playlists: readonly Playlist[], maxPlaylists: number): readonly Playlist[] {
  return maxPlaylists > 0 ? playlists.slice(0, maxPlaylists) : playlists;
}

/**
 * Split, then preprocess on the training playlists only: held-out playlists must not decide which songs enter
 * the catalogue (a song reaching minPlaylists only through them would leak evaluation into training).
 */
export function preparePlaylists(
  songs: readonly SongMeta[],
  playlists: readonly Playlist[],
  config: Pick<BuildConfig, "heldOutFraction" | "seed" | "preprocess">,
): PreparedPlaylists {
  const split = splitPlaylists(playlists, config.heldOutFraction, config.seed);
  const pre = preprocess(songs, split.train, config.preprocess);
  return {
    pre,
    train: pre.playlists.map((p) => p.songs),
    heldOut: applyPreprocess(split.heldOut, pre).map((p) => p.songs),
  };
}
