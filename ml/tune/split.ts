// The playlists `mugle tune` learns and chooses on: the build's training playlists (the same seed, slice,
// held-out fraction and preprocessing as `mugle build`, through ml/pipeline/prepare.ts), split again into
// tune-train and tune-validation by another random stream of the same seed. The build's held-out playlists
// are never part of either, so what a build reports with the chosen config was not used to choose it. Albums
// standing in for playlists (`albumsAsPlaylists`) always train and are never validated on: they are no
// listener's playlist, as the build never holds them out.
import type { BuildConfig } from "../config.ts";
import type { Playlist, SongMeta } from "../data/melon.ts";
import { playlistSlice, preparePlaylists, type PreparedPlaylists } from "../pipeline/prepare.ts";
import { splitPlaylists } from "../pipeline/split.ts";

export interface TunePlaylists {
  /** What the build would train on and hold out. */
  build: PreparedPlaylists;
  tuneTrain: number[][];
  tuneValidation: number[][];
}

export function tunePlaylists(
  songs: readonly SongMeta[],
  playlists: readonly Playlist[],
  base: Pick<BuildConfig, "seed" | "maxPlaylists" | "heldOutFraction" | "preprocess" | "albumsAsPlaylists">,
  validationFraction: number,
): TunePlaylists {
  const build = preparePlaylists(songs, playlistSlice(playlists, base.maxPlaylists), base);
  const split = splitPlaylists(build.listenerTrain, validationFraction, base.seed, "tune-validation");
  return { build, tuneTrain: [...split.train, ...build.albumTrain], tuneValidation: split.heldOut };
}
