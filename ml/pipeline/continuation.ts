// The playlist-continuation score of the evaluation (lib/continuation.ts defines it): which held-out
// playlists are continued, and each method's mean nDCG@100 over them.
import { CONTINUATION_LENGTH, continuationNdcg } from "../../lib/continuation.ts";
import { SCORE_TOTAL_DEPTH, eachTop3, scoreTotal } from "../../lib/ranking.ts";
import type { EvalMethod } from "../../lib/types.ts";
import { neighborsOf, rowIndex, type NeighborLists } from "../core/embedding.ts";
import { Random } from "../core/random.ts";
import { cooccurrenceRanker, popularityBaseline } from "./baselines.ts";
import type { Cooccurrence } from "./cooccurrence.ts";
import type { ListsBySong } from "./rank.ts";

/** Playlists beyond this are sampled: enough for a standard error near 0.003 on a mean nDCG. */
export const MAX_CONTINUATION_PLAYLISTS = 5_000;

/**
 * The held-out playlists to continue: each one's distinct catalogue songs in playlist order, those with at
 * least two; a seeded uniform sample of at most `max`, kept in their original order.
 */
export function continuationPlaylists(heldOut: readonly (readonly number[])[], catalogue: ReadonlySet<number>, max: number, seed: number): number[][] {
  const playlists = heldOut.map((songs) => [...new Set(songs.filter((id) => catalogue.has(id)))]).filter((songs) => songs.length >= 2);
  if (playlists.length <= max) return playlists;
  const random = new Random(seed, "evaluate-continuation");
  const order = random.shuffle(playlists.map((_, i) => i)).slice(0, max).sort((a, b) => a - b);
  return order.map((i) => playlists[i]!);
}

/**
 * Mean nDCG@100 of continuing every playlist from its first half with a method's lists; a seed the method
 * has no list for contributes no votes. null when there is no playlist.
 */
export function meanContinuationNdcg(playlists: readonly number[][], listOf: (song: number) => readonly number[] | undefined): number | null {
  if (playlists.length === 0) return null;
  let sum = 0;
  for (const playlist of playlists) sum += continuationNdcg(playlist, (song) => listOf(song) ?? [], CONTINUATION_LENGTH);
  return sum / playlists.length;
}

export interface ContinuationSources {
  /** Music2Vec's top-50 lists (none for a catalogue without playlists). */
  music2vec: NeighborLists | undefined;
  /** Every embedding's top-50 list of a song (the ensembles' input). */
  listsOf: ListsBySong;
  /** The catalogue and each song's training playlist count (the popularity baseline). */
  songIds: readonly number[];
  playlistCounts: readonly number[];
  cooccurrence: Cooccurrence;
}

/**
 * `list` with each song's answer kept: the seeds of the continuation sample are mostly popular songs that seed
 * many playlists, and a popular song's co-occurrence list walks every song of its thousands of playlists.
 * At most one list per distinct seed (MAX_CONTINUATION_PLAYLISTS playlists' first halves).
 */
function remembered(list: (song: number) => number[]): (song: number) => number[] {
  const kept = new Map<number, number[]>();
  return (song) => {
    let answer = kept.get(song);
    if (answer === undefined) kept.set(song, (answer = list(song)));
    return answer;
  };
}

/**
 * The lists playlists are continued with, SCORE_TOTAL_DEPTH (50) deep for every method so that none is favoured
 * by a longer list: Music2Vec's stored top 50, both ensembles computed 50 deep from the same top-50 lists, and
 * both baselines. Computed per seed on demand (a continuation sample reads only its seeds' lists).
 */
export function continuationLists(sources: ContinuationSources): Partial<Record<EvalMethod, (song: number) => readonly number[] | undefined>> {
  const depth = SCORE_TOTAL_DEPTH;
  const popular = popularityBaseline(sources.songIds, sources.playlistCounts, depth);
  const cooccurring = cooccurrenceRanker(sources.songIds, sources.cooccurrence, depth);
  const lists: Partial<Record<EvalMethod, (song: number) => readonly number[] | undefined>> = {
    scoreTotal: remembered((song) => scoreTotal(sources.listsOf(song), depth).map((item) => item.id)),
    eachTop3: remembered((song) => eachTop3(sources.listsOf(song), depth).map((item) => item.id)),
    popularity: (song) => popular.get(song),
    cooccurrence: remembered(cooccurring),
  };
  const music2vec = sources.music2vec;
  if (music2vec) {
    const rows = rowIndex(music2vec.ids);
    lists.music2vec = (song) => {
      const row = rows.get(song);
      return row === undefined ? undefined : neighborsOf(music2vec, row);
    };
  }
  return lists;
}
