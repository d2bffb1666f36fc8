// The two baselines every embedding must beat: the most popular songs, and the songs that share
// the most training playlists with the query (plain item co-occurrence). Both give each catalogue song up
// to k recommendations, never the song itself, ties to the lower id.
import { TopK } from "../compute/topk.ts";
import type { Cooccurrence } from "./cooccurrence.ts";

/**
 * The k most popular catalogue songs (by training playlist count) for every song, minus the song itself.
 * All but the k most popular songs share one list instance.
 */
export function popularityBaseline(songIds: readonly number[], counts: readonly number[], k: number): Map<number, number[]> {
  const order = songIds.map((_, i) => i).sort((a, b) => counts[b]! - counts[a]! || songIds[a]! - songIds[b]!);
  const head = order.slice(0, k + 1).map((i) => songIds[i]!);
  const common = head.slice(0, k);
  const out = new Map<number, number[]>();
  for (const id of songIds) out.set(id, common.includes(id) ? head.filter((other) => other !== id).slice(0, k) : common);
  return out;
}

/**
 * The k other songs of `songIds` (the catalogue) sharing the most training playlists with a song (at least one),
 * ties to the lower id, one song at a time. A song in no training playlist gets an empty list: the baseline
 * cannot answer it. Not re-entrant (it shares one buffer between calls).
 */
export function cooccurrenceRanker(songIds: readonly number[], cooccurrence: Cooccurrence, k: number): (song: number) => number[] {
  let maxId = -1;
  for (const id of songIds) if (id > maxId) maxId = id;
  const inCatalogue = new Uint8Array(maxId + 1);
  for (const id of songIds) inCatalogue[id] = 1;
  const best = new TopK(k);
  return (song) => {
    best.clear();
    cooccurrence.forEachCooccurring(song, (other, count) => {
      if (inCatalogue[other] === 1) best.offer(other, count);
    });
    return best.ids();
  };
}

/** cooccurrenceRanker's list for every song of the catalogue. */
export function cooccurrenceBaseline(songIds: readonly number[], cooccurrence: Cooccurrence, k: number): Map<number, number[]> {
  const rank = cooccurrenceRanker(songIds, cooccurrence, k);
  return new Map(songIds.map((song) => [song, rank(song)]));
}
