// The two ensemble rules of DESIGN.md written a second time, as literally as they read and independently of
// lib/ranking.ts, so tests can check what the CLI prints against the rules themselves. Score Total is
// computed in exact integer arithmetic (every term is 1/(d·r) or 1/(d·50) for the embedding's divisor d, put
// over the lcm of every possible denominator).
import { MODELS, type EachTop3Item, type Model, type SongDocument } from "../../lib/types.ts";

/** How much each embedding's vote counts, written out again: TCAE's a sixth, CEL's a third. */
const DIVISOR: Record<Model, bigint> = { music2vec: 1n, tcae: 6n, cel: 3n };

/**
 * lcm(1, 2, …, 50 · the largest divisor): every denominator d·r (r ≤ 50) divides it, so every Score Total term
 * is a whole number of 1/LCM.
 */
const LCM = (() => {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const largest = 50n * Object.values(DIVISOR).reduce((a, b) => (a > b ? a : b));
  let l = 1n;
  for (let n = 1n; n <= largest; n++) l = (l / gcd(l, n)) * n;
  return l;
})();

export interface ExactScoreTotalItem {
  id: number;
  /** The total in units of 1/LCM. */
  numerator: bigint;
  ranks: Record<Model, number | null>;
}

/** The embeddings a document's song has a vector in: those with a non-empty neighbour list. */
export function presentModels(doc: SongDocument): Model[] {
  return MODELS.filter((m) => doc.neighbors[m].length > 0);
}

/**
 * Score Total from a document's neighbour lists: first the Music2Vec neighbours of kind "together" found among
 * its first n places, n the number of such neighbours, in the order of its list; then the vote over the lists
 * with those songs taken out: for each present embedding a candidate at place r among the rest of its top 50
 * scores 1/r, an absent one 1/50, both divided by 6 for TCAE and by 3 for CEL; summed; best first, ties to the
 * lower id; the first k of the two together. Also reports how many pairs of voted candidates around the cut tied exactly.
 */
export function exactScoreTotal(doc: SongDocument, k = 10): { items: ExactScoreTotalItem[]; ties: number } {
  const present = presentModels(doc);
  // The playlist-mates among Music2Vec's first places, as many places as it has playlist-mates.
  const mateCount = doc.neighbors.music2vec.filter((n) => n.kind === "together").length;
  const mates = doc.neighbors.music2vec.slice(0, mateCount).filter((n) => n.kind === "together").map((n) => n.id);
  const candidates = new Map<number, { ranks: Record<Model, number | null>; votes: Record<Model, number | null> }>();
  for (const model of present) {
    let place = 0;
    doc.neighbors[model].slice(0, 50).forEach((n, i) => {
      const entry = candidates.get(n.id) ?? { ranks: { music2vec: null, tcae: null, cel: null }, votes: { music2vec: null, tcae: null, cel: null } };
      if (entry.ranks[model] === null) {
        entry.ranks[model] = i + 1;
        entry.votes[model] = mates.includes(n.id) ? i + 1 : ++place;
      }
      candidates.set(n.id, entry);
    });
  }
  const items: ExactScoreTotalItem[] = [...candidates].map(([id, { ranks, votes }]) => ({
    id,
    ranks,
    numerator: present.reduce((sum, m) => sum + LCM / (DIVISOR[m] * BigInt(votes[m] ?? 50)), 0n),
  }));
  const first = mates.map((id) => items.find((item) => item.id === id)!);
  const voted = items.filter((item) => !mates.includes(item.id));
  voted.sort((a, b) => (a.numerator === b.numerator ? a.id - b.id : a.numerator > b.numerator ? -1 : 1));
  let ties = 0;
  for (let i = 1; i < Math.min(voted.length, k - first.length + 1); i++) if (voted[i]!.numerator === voted[i - 1]!.numerator) ties++;
  return { items: [...first, ...voted].slice(0, k), ties };
}

export function scoreTotalValue(item: ExactScoreTotalItem): number {
  return Number((item.numerator * 1_000_000_000n) / LCM) / 1e9;
}

/**
 * Each Embedding Top 3 from a document's neighbour lists: the union of every embedding's top 3; while fewer
 * than `target` songs are listed, each embedding's cut-off widens by one, round-robin CEL, TCAE, Music2Vec;
 * songs keep the order in which they were added, and `from` names the embeddings whose cut-off covers them.
 */
export function ruleEachTop3(doc: SongDocument, target = 10): EachTop3Item[] {
  const order: Model[] = (["cel", "tcae", "music2vec"] as const).filter((m) => doc.neighbors[m].length > 0);
  const lists = Object.fromEntries(order.map((m) => [m, doc.neighbors[m].map((n) => n.id)])) as Record<Model, number[]>;
  const items: EachTop3Item[] = [];
  const add = (model: Model, rank: number) => {
    const id = lists[model][rank - 1];
    if (id === undefined) return;
    const item = items.find((x) => x.id === id);
    if (!item) items.push({ id, from: [model] });
    else if (!item.from.includes(model)) item.from.push(model);
  };
  // The union of the top 3s, walked rank by rank in the round-robin order.
  for (let rank = 1; rank <= 3; rank++) for (const model of order) add(model, rank);
  const cut = Object.fromEntries(order.map((m) => [m, 3])) as Record<Model, number>;
  const longest = Math.max(0, ...order.map((m) => lists[m].length));
  while (items.length < target && order.some((m) => cut[m] < longest)) {
    for (const model of order) {
      if (items.length >= target) break;
      cut[model]++;
      add(model, cut[model]);
    }
  }
  return items;
}
