// Familiar ↔ hidden gems: the listener's knob over every recommendation list, as pure functions.
//
// The catalogue stores each embedding's top 50 by similarity and every song's popularity percentile (its share
// of training playlists); nothing else is needed. A list is re-ranked by a blend of how close each song is in
// the list and how familiar it is:
//
//   discovery d ∈ [0, 1]; tilt t = 1 − 2d: +1 is "familiar", 0 "as ranked", −1 "hidden gems"
//   closeness  c = (n − r) / (n − 1) for the song at 1-based rank r of a list of n (1 for a list of one)
//   familiarity f = popularity percentile / 100; the tilt's side g = f when t ≥ 0, else 1 − f
//   weight     w = |t| / 2
//   score      s = (1 − w)·c + w·g, best first; equal scores keep the list's order
//
// At d = 0.5 every list keeps its order; at either end closeness and (un)familiarity weigh the same, so a song
// never climbs on popularity (or obscurity) alone: the first neighbour still beats the 50th unless the 50th is
// far more (or less) known. The ensembles are then recomputed from the re-ranked lists (lib/ranking.ts), so
// Score Total and Each Embedding Top 3 move with the knob instead of merely shuffling their ten songs.
import { eachTop3, neighborIdLists, scoreTotal } from "./ranking.ts";
import { MODELS, type Neighbor, type SongDocument } from "./types.ts";

/** The knob's resting point: every list as ranked by similarity. */
export const NEUTRAL_DISCOVERY = 0.5;
/** The settings the evaluation measures (the accuracy/discovery curve on the About page). */
export const DISCOVERY_CURVE_SETTINGS: readonly number[] = [0, 0.25, 0.5, 0.75, 1];
/** The song page's control moves in steps of this size (so pages for nearby settings are shared). */
export const DISCOVERY_STEP = 0.1;

/** The blended score of the song at 1-based `rank` of a list of `length`, with the given popularity percentile. */
export function discoveryScore(rank: number, length: number, popularityPct: number, discovery: number): number {
  const closeness = length > 1 ? (length - rank) / (length - 1) : 1;
  const tilt = 1 - 2 * discovery;
  const familiarity = Math.min(100, Math.max(0, popularityPct)) / 100;
  const side = tilt >= 0 ? familiarity : 1 - familiarity;
  const weight = Math.abs(tilt) / 2;
  return (1 - weight) * closeness + weight * side;
}

/**
 * The items of a list (best first) re-ranked for `discovery`; `popularityOf` gives each item's popularity
 * percentile (0 = least played, 100 = most). Returns a new array; at NEUTRAL_DISCOVERY the same order.
 */
export function rerankForDiscovery<T>(items: readonly T[], discovery: number, popularityOf: (item: T) => number): T[] {
  checkDiscovery(discovery);
  if (discovery === NEUTRAL_DISCOVERY || items.length < 2) return [...items];
  const scored = items.map((item, i) => ({ item, i, score: discoveryScore(i + 1, items.length, popularityOf(item), discovery) }));
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => s.item);
}

/** A discovery setting as typed in a URL or a flag: a plain decimal from 0 to 1 ("0.7", ".7", "1"), else null. */
export function parseDiscovery(text: string | null | undefined): number | null {
  if (typeof text !== "string" || !/^(\d+\.?\d*|\.\d+)$/.test(text)) return null;
  const value = Number(text);
  return value >= 0 && value <= 1 ? value : null;
}

/** The setting the song page shows: the nearest step of the control (0, 0.1, …, 1). */
export function roundDiscovery(value: number): number {
  checkDiscovery(value);
  return Math.round(value / DISCOVERY_STEP) / Math.round(1 / DISCOVERY_STEP);
}

function checkDiscovery(discovery: number): void {
  if (!(discovery >= 0 && discovery <= 1)) throw new RangeError(`discovery must be a number from 0 to 1, got ${discovery}`);
}

/**
 * The song document for a discovery setting: each embedding's neighbours re-ranked (rank = the new position,
 * score and Music2Vec's kind as stored), then Score Total and Each Embedding Top 3 recomputed from those
 * lists exactly as the build computes them. `popularityOf` must know every neighbour (a song outside the
 * catalogue counts as the median, 50). At NEUTRAL_DISCOVERY the document is returned as it is.
 */
export function documentForDiscovery(doc: SongDocument, discovery: number, popularityOf: (id: number) => number | undefined): SongDocument {
  checkDiscovery(discovery);
  if (discovery === NEUTRAL_DISCOVERY) return doc;
  const popularity = (n: Neighbor) => popularityOf(n.id) ?? 50;
  const neighbors = { ...doc.neighbors };
  for (const model of MODELS) {
    // Each entry keeps its score and, for Music2Vec, its kind: a re-ranked playlist-mate is still one.
    neighbors[model] = rerankForDiscovery(doc.neighbors[model], discovery, popularity).map((n, i) => ({ ...n, rank: i + 1 }));
  }
  // An embedding the song has no vector in stays absent from the ensembles, as in the build.
  const lists = neighborIdLists(neighbors);
  return { song: doc.song, neighbors, eachTop3: eachTop3(lists), scoreTotal: scoreTotal(lists) };
}

/** What documentAtDiscovery reads: the stored document and the popularity of the songs it lists. */
export interface DiscoverySource {
  songDocument(id: number): SongDocument | null;
  songs(ids: readonly number[]): ReadonlyMap<number, { popularityPct: number }>;
}

/** The song document of `id` at a discovery setting, read from a catalogue; null for an unknown song. */
export function documentAtDiscovery(catalogue: DiscoverySource, id: number, discovery: number): SongDocument | null {
  const doc = catalogue.songDocument(id);
  if (!doc || discovery === NEUTRAL_DISCOVERY) return doc;
  const listed = new Set<number>();
  for (const model of MODELS) for (const n of doc.neighbors[model]) listed.add(n.id);
  const songs = catalogue.songs([...listed]);
  return documentForDiscovery(doc, discovery, (songId) => songs.get(songId)?.popularityPct);
}
