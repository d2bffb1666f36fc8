// The two ensembles of OK Mugle (ARCHITECTURE.md, "Ranking"), as pure functions of one song's neighbour lists.
// Input: for each embedding the song HAS a vector in, its neighbour ids best first (the top 50, the song
// itself never included). An embedding the song has no vector in (no mel: no TCAE, no CEL) is simply absent.
import { MODELS, type EachTop3Item, type Model, type ScoreTotalItem, type SongDocument } from "./types.ts";

export type NeighborIdLists = Partial<Record<Model, readonly number[]>> & {
  /**
   * The songs of the Music2Vec list that the model predicts on this song's playlists (kind "together",
   * ml/models/music2vecLists.ts); Score Total opens with them. Absent or empty: none.
   */
  playlistMates?: ReadonlySet<number>;
};

/**
 * The ensembles' input as a song document holds it: each embedding's neighbour ids in the document's order (only
 * the embeddings with a list) and Music2Vec's neighbours of kind "together" as the playlist-mates.
 */
export function neighborIdLists(neighbors: SongDocument["neighbors"]): NeighborIdLists {
  const mates = neighbors.music2vec.filter((n) => n.kind === "together").map((n) => n.id);
  const lists: NeighborIdLists = mates.length > 0 ? { playlistMates: new Set(mates) } : {};
  for (const model of MODELS) if (neighbors[model].length > 0) lists[model] = neighbors[model].map((n) => n.id);
  return lists;
}

/** Only the first SCORE_TOTAL_DEPTH ranks of a list score 1/r; beyond them a song counts as absent. */
export const SCORE_TOTAL_DEPTH = 50;
/**
 * What a candidate scores for an embedding whose top 50 it is not in: 0.02, i.e. 1/50. Kept as a unit
 * fraction so that every term of a total is 1/d for a small integer d and totals compare exactly.
 */
export const ABSENT_DENOMINATOR = 50;
export const ABSENT_SCORE = 1 / ABSENT_DENOMINATOR;
/** The round-robin order of Each Embedding Top 3: CEL, then TCAE, then Music2Vec. */
export const EACH_TOP3_ORDER: readonly Model[] = ["cel", "tcae", "music2vec"];
/** Each Embedding Top 3 always takes every embedding's first EACH_TOP3_BASE ranks. */
const EACH_TOP3_BASE = 3;
/**
 * Float totals further apart than this are ordered by the floats; closer ones are compared exactly. Distinct
 * totals of at most three unit fractions with denominators up to 50 differ by at least 1/lcm of six of
 * them (far above 1e-12 for the handful of embeddings here), while float rounding moves a total by ~1e-16.
 */
const TIE_EPSILON = 1e-12;

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Compares Σ 1/a[i] with Σ 1/b[j] exactly (positive integer denominators): negative when the first is
 * smaller, 0 when equal. Both sums are put over the lcm of every denominator, with BigInt numerators.
 */
export function compareUnitFractionSums(a: readonly number[], b: readonly number[]): number {
  let lcm = 1n;
  for (const d of [...a, ...b]) {
    const big = BigInt(d);
    lcm = (lcm / gcd(lcm, big)) * big;
  }
  const numerator = (ds: readonly number[]) => ds.reduce((sum, d) => sum + lcm / BigInt(d), 0n);
  const x = numerator(a);
  const y = numerator(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Candidate extends ScoreTotalItem {
  /** The denominators of the total's terms: the rank, or ABSENT_DENOMINATOR where absent. */
  denominators: number[];
}

/** Best first: the higher total (exactly, whatever the float rounding), then the lower id. */
function byTotal(a: Candidate, b: Candidate): number {
  if (Math.abs(a.score - b.score) > TIE_EPSILON) return b.score - a.score;
  return compareUnitFractionSums(b.denominators, a.denominators) || a.id - b.id;
}

/**
 * Score Total. It opens with Music2Vec's predicted playlist-mates (`lists.playlistMates`), in the order of its
 * list: they are the only entries any embedding ranks by what playlists hold together, and a vote would tie
 * them with the other embeddings' first songs and sort them by id. The rest is OK Mugle's vote: a candidate at
 * rank r of an embedding's top 50 scores 1/r there, and ABSENT_SCORE where it is absent; its total is the sum
 * over the embeddings the song has. The best k in all, the vote's ties to the lower id.
 * Ties are decided in exact arithmetic: totals equal as fractions tie even when their float sums differ in
 * the last bit (1/4 + 0.02 + 1/12 and 1/6 + 0.02 + 1/6), so the order never depends on float rounding.
 * Every item's reported score, a playlist-mate's too, is its vote total as a float sum, terms added smallest first.
 */
export function scoreTotal(lists: NeighborIdLists, k = 10): ScoreTotalItem[] {
  const present = MODELS.filter((model) => lists[model] !== undefined);
  const ranks = new Map<number, Record<Model, number | null>>();
  for (const model of present) {
    const list = lists[model]!;
    const depth = Math.min(list.length, SCORE_TOTAL_DEPTH);
    for (let i = 0; i < depth; i++) {
      const id = list[i]!;
      let entry = ranks.get(id);
      if (!entry) ranks.set(id, (entry = { music2vec: null, tcae: null, cel: null }));
      entry[model] ??= i + 1; // a duplicate further down a list keeps its best rank
    }
  }
  const items: Candidate[] = [];
  for (const [id, entry] of ranks) {
    const denominators = present.map((model) => entry[model] ?? ABSENT_DENOMINATOR);
    const terms = denominators.map((d) => 1 / d).sort((a, b) => a - b);
    let score = 0;
    for (const term of terms) score += term;
    items.push({ id, score, ranks: entry, denominators });
  }
  const mates = lists.playlistMates;
  const leading = new Set((mates?.size ? lists.music2vec?.slice(0, SCORE_TOTAL_DEPTH) ?? [] : []).filter((id) => mates!.has(id)));
  const byId = new Map(items.map((item) => [item.id, item]));
  const voted = items.filter((item) => !leading.has(item.id)).sort(byTotal);
  const ordered = [...[...leading].map((id) => byId.get(id)!), ...voted];
  return ordered.slice(0, k).map(({ id, score, ranks: r }) => ({ id, score, ranks: r }));
}

/**
 * Each Embedding Top 3, read as one round-robin walk down the ranks: rank 1 of CEL, TCAE, Music2Vec, then
 * rank 2 of each, and so on. Ranks 1 to 3 of every embedding are always taken (the union of the top 3s,
 * in that order); from rank 4 on, each step widens one embedding's cut-off by one, in the same CEL, TCAE,
 * Music2Vec order, and the walk stops as soon as `target` songs are listed, or when every list is exhausted.
 * A song keeps the position at which it was first added. `from` lists the embeddings whose cut-off covers
 * the song when the walk stops, in the order the walk reached it in them.
 */
export function eachTop3(lists: NeighborIdLists, target = 10): EachTop3Item[] {
  const present = EACH_TOP3_ORDER.filter((model) => lists[model] !== undefined);
  const longest = Math.max(0, ...present.map((model) => lists[model]!.length));
  const items: EachTop3Item[] = [];
  const byId = new Map<number, EachTop3Item>();
  for (let rank = 1; rank <= longest; rank++) {
    for (const model of present) {
      if (rank > EACH_TOP3_BASE && items.length >= target) return items;
      const id = lists[model]![rank - 1];
      if (id === undefined) continue;
      const item = byId.get(id);
      if (!item) {
        const added: EachTop3Item = { id, from: [model] };
        byId.set(id, added);
        items.push(added);
      } else if (!item.from.includes(model)) {
        item.from.push(model);
      }
    }
  }
  return items;
}
