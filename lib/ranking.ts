// The two ensembles of OK Mugle (ARCHITECTURE.md, "Ranking"), as pure functions of one song's neighbour lists.
// Input: for each embedding the song HAS a vector in, its neighbour ids best first (the top 50, the song
// itself never included). An embedding the song has no vector in (no mel: no TCAE, no CEL) is simply absent.
import { MODELS, type EachTop3Item, type Model, type ScoreTotalItem } from "./types.ts";

export type NeighborIdLists = Partial<Record<Model, readonly number[]>>;

/** Only the first SCORE_TOTAL_DEPTH ranks of a list score 1/r; beyond them a song counts as absent. */
export const SCORE_TOTAL_DEPTH = 50;
/** What a candidate scores for an embedding whose top 50 it is not in. */
export const ABSENT_SCORE = 0.02;
/** The round-robin order of Each Embedding Top 3: CEL, then TCAE, then Music2Vec. */
export const EACH_TOP3_ORDER: readonly Model[] = ["cel", "tcae", "music2vec"];
/** Each Embedding Top 3 always takes every embedding's first EACH_TOP3_BASE ranks. */
const EACH_TOP3_BASE = 3;

/**
 * Score Total: a candidate at rank r of an embedding's top 50 scores 1/r there, and ABSENT_SCORE where it
 * is absent; its total is the sum over the embeddings the song has. The best k, ties to the lower id.
 * The terms are added smallest first, so two candidates with the same ranks in different embeddings get
 * bit-identical totals and really tie.
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
  const items: ScoreTotalItem[] = [];
  for (const [id, entry] of ranks) {
    const terms = present.map((model) => {
      const rank = entry[model];
      return rank === null ? ABSENT_SCORE : 1 / rank;
    });
    terms.sort((a, b) => a - b);
    let score = 0;
    for (const term of terms) score += term;
    items.push({ id, score, ranks: entry });
  }
  items.sort((a, b) => b.score - a.score || a.id - b.id);
  return items.slice(0, k);
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
