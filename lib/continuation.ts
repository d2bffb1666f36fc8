// Playlist continuation, the task the Melon Playlist Continuation dataset was made for, scored as its
// competition scored songs (nDCG@100), with any method that gives each song a ranked list of similar songs.
//
// For one playlist of n ≥ 2 distinct catalogue songs, in playlist order:
// - seeds: the first ⌊n/2⌋ songs; the rest (the other ⌈n/2⌉) are what a continuation should find;
// - each seed's list votes 1/r for the song at its rank r (the vote of Score Total), the votes are summed per
//   candidate, seeds themselves are never candidates, and the best `length` candidates (ties to the lower id)
//   are the continuation;
// - nDCG@length with binary gains: DCG = Σ 1/log2(i + 2) over the positions i (0-based) holding a song of the
//   rest, divided by the DCG of min(length, |rest|) hits at the top (lib/metrics.ts ndcgAtK), as the Melon
//   challenge's evaluator does for songs.
// Rank votes rather than summed similarities, so that embeddings, ensembles and baselines (which have no
// similarity score) are all scored the same way, from the lists the catalogue stores.
import { ndcgAtK } from "./metrics.ts";

/** The Melon challenge asks for 100 songs per playlist. */
export const CONTINUATION_LENGTH = 100;

/** The seeds (first ⌊n/2⌋ songs, at least one) and the rest of a playlist of distinct songs. */
export function splitForContinuation(playlist: readonly number[]): { seeds: number[]; rest: number[] } {
  const cut = Math.max(1, Math.floor(playlist.length / 2));
  return { seeds: playlist.slice(0, cut), rest: playlist.slice(cut) };
}

/**
 * The continuation from the seeds' lists (each best first): candidates by summed 1/rank votes, seeds left out,
 * the best `length`, equal totals to the lower id. A song listed twice in one list keeps its better rank.
 */
export function continuePlaylist(seedLists: readonly (readonly number[])[], seeds: ReadonlySet<number>, length: number): number[] {
  const votes = new Map<number, number[]>();
  for (const list of seedLists) {
    const seen = new Set<number>();
    list.forEach((id, i) => {
      if (seeds.has(id) || seen.has(id)) return;
      seen.add(id);
      const terms = votes.get(id);
      if (terms) terms.push(1 / (i + 1));
      else votes.set(id, [1 / (i + 1)]);
    });
  }
  // Terms added smallest first, so equal multisets of ranks give bit-identical totals and really tie.
  const totals = [...votes].map(([id, terms]) => {
    terms.sort((a, b) => a - b);
    let total = 0;
    for (const t of terms) total += t;
    return { id, total };
  });
  totals.sort((a, b) => b.total - a.total || a.id - b.id);
  return totals.slice(0, length).map((c) => c.id);
}

/** nDCG@length of continuing `playlist` (distinct catalogue songs, in order) with `listOf` each seed's list. */
export function continuationNdcg(playlist: readonly number[], listOf: (song: number) => readonly number[], length = CONTINUATION_LENGTH): number {
  const { seeds, rest } = splitForContinuation(playlist);
  const recommended = continuePlaylist(seeds.map(listOf), new Set(seeds), length);
  return ndcgAtK(recommended, new Set(rest), length);
}
