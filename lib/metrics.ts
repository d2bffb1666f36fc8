// Pure metric functions for one query's recommendation list, and the catalogue-level ones. ml/evaluate.ts
// decides which queries each is averaged over; these only do the arithmetic, on hand-checkable definitions.

/** 1 when any of the first k recommendations is relevant, else 0. */
export function hitAtK(recommended: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  const depth = Math.min(k, recommended.length);
  for (let i = 0; i < depth; i++) if (relevant.has(recommended[i]!)) return 1;
  return 0;
}

/**
 * nDCG@k with binary gains: DCG = Σ_{i<k} rel_i / log2(i + 2) over the list, divided by the DCG of an
 * ideal list, which puts min(k, |relevant|) relevant songs first. 0 when nothing is relevant.
 */
export function ndcgAtK(recommended: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  const depth = Math.min(k, recommended.length);
  let dcg = 0;
  for (let i = 0; i < depth; i++) if (relevant.has(recommended[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  const idealHits = Math.min(k, relevant.size);
  for (let i = 0; i < idealHits; i++) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Share of the relevant songs found in the first k recommendations; 0 when nothing is relevant. */
export function recallAtK(recommended: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  const depth = Math.min(k, recommended.length);
  let found = 0;
  for (let i = 0; i < depth; i++) if (relevant.has(recommended[i]!)) found++;
  return found / relevant.size;
}

/** What genre precision needs to know about a song: its artists and its major genre codes (GNxx00). */
export interface GenreFacts {
  artistIds: readonly number[];
  genres: readonly string[];
}

/**
 * Genre precision@k of one query: the first k recommendations, minus those sharing an artist with the query
 * (a same-artist song shares its genre too easily), are the judged ones; the result is the share of them
 * with at least one major genre in common with the query. The list is not refilled from beyond rank k, so
 * fewer than k may be judged. null when the query has no genre or no recommendation is left to judge.
 */
export function genrePrecisionAtK(query: GenreFacts, recommended: readonly GenreFacts[], k: number): number | null {
  if (query.genres.length === 0) return null;
  const depth = Math.min(k, recommended.length);
  let judged = 0;
  let sharing = 0;
  for (let i = 0; i < depth; i++) {
    const song = recommended[i]!;
    if (song.artistIds.some((artist) => query.artistIds.includes(artist))) continue;
    judged++;
    if (song.genres.some((genre) => query.genres.includes(genre))) sharing++;
  }
  return judged > 0 ? sharing / judged : null;
}

/**
 * Popularity percentile of every song from its training playlist count: 0 for the least played, 100 for
 * the most, songs with equal counts sharing the mean of their positions (so a catalogue where every count
 * is equal is all 50). A catalogue of one song is 50.
 */
export function popularityPercentiles(counts: readonly number[]): number[] {
  const n = counts.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => counts[a]! - counts[b]!);
  const out = new Array<number>(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && counts[order[end]!] === counts[order[start]!]) end++;
    const meanPosition = (start + end - 1) / 2;
    const percentile = n > 1 ? (100 * meanPosition) / (n - 1) : 50;
    for (let i = start; i < end; i++) out[order[i]!] = percentile;
    start = end;
  }
  return out;
}

/** Share of the catalogue that appears in the first k of at least one list (ids outside it are ignored). */
export function coverageAtK(lists: Iterable<readonly number[]>, catalogue: ReadonlySet<number>, k: number): number {
  if (catalogue.size === 0) return 0;
  const seen = new Set<number>();
  for (const list of lists) {
    const depth = Math.min(k, list.length);
    for (let i = 0; i < depth; i++) if (catalogue.has(list[i]!)) seen.add(list[i]!);
  }
  return seen.size / catalogue.size;
}

/**
 * Expected recall@k of a recommender drawing k songs uniformly from the other n - 1 catalogue songs: each
 * other version is drawn with probability k / (n - 1), whatever the number of versions.
 */
export function chanceRecallAtK(catalogueSize: number, k: number): number {
  return catalogueSize > 1 ? Math.min(1, k / (catalogueSize - 1)) : 0;
}
