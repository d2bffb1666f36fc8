// The two baselines every embedding must beat (issue 4): the most popular songs, and the songs that share
// the most training playlists with the query (plain item co-occurrence). Both give each catalogue song up
// to k recommendations, never the song itself, ties to the lower id.
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
 * For every song, the k other songs of `songIds` (the catalogue) sharing the most training playlists with
 * it (at least one), ties to the lower id. A song in no training playlist gets an empty list: the baseline
 * cannot answer it.
 */
export function cooccurrenceBaseline(songIds: readonly number[], cooccurrence: Cooccurrence, k: number): Map<number, number[]> {
  let maxId = -1;
  for (const id of songIds) if (id > maxId) maxId = id;
  const inCatalogue = new Uint8Array(maxId + 1);
  for (const id of songIds) inCatalogue[id] = 1;
  const out = new Map<number, number[]>();
  const bestIds = new Int32Array(k);
  const bestCounts = new Int32Array(k);
  for (const song of songIds) {
    let filled = 0;
    cooccurrence.forEachCooccurring(song, (other, count) => {
      // Bounded insertion buffer, best first: (count desc, id asc); most candidates fail the first test.
      if (k === 0 || inCatalogue[other] !== 1) return;
      if (filled === k && (count < bestCounts[k - 1]! || (count === bestCounts[k - 1]! && other > bestIds[k - 1]!))) return;
      let pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && (bestCounts[pos - 1]! < count || (bestCounts[pos - 1]! === count && bestIds[pos - 1]! > other))) {
        bestCounts[pos] = bestCounts[pos - 1]!;
        bestIds[pos] = bestIds[pos - 1]!;
        pos--;
      }
      bestCounts[pos] = count;
      bestIds[pos] = other;
    });
    out.set(song, Array.from(bestIds.subarray(0, filled)));
  }
  return out;
}
