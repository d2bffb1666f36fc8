// Held-out playlists for evaluation: a seeded share of playlists is kept out of Music2Vec's training,
// so co-playlist metrics measure generalisation rather than memorisation.
import { Random } from "../core/random.ts";

export interface PlaylistSplit<P> {
  train: P[];
  heldOut: P[];
}

/**
 * Every playlist goes to heldOut with probability `fraction`, decided by the seed alone (order kept). `stream`
 * names the random stream: another stream splits the same playlists independently (the tuner's validation split).
 */
export function splitPlaylists<P>(playlists: readonly P[], fraction: number, seed: number, stream = "held-out-playlists"): PlaylistSplit<P> {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`held-out fraction must be in [0, 1), got ${fraction}`);
  const random = new Random(seed, stream);
  const train: P[] = [];
  const heldOut: P[] = [];
  for (const playlist of playlists) (random.next() < fraction ? heldOut : train).push(playlist);
  return { train, heldOut };
}
