// The two ensembles of OK Mugle (ARCHITECTURE.md, "Ranking"), as pure functions of one song's neighbour lists.
// Input: for each embedding the song HAS a vector in, its neighbour ids best first (the top 50, the song
// itself never included). An embedding the song has no vector in (no mel: no TCAE, no CEL) is simply absent.
import { MODELS, type EachTop3Item, type Model, type ScoreTotalItem, type SongDocument } from "./types.ts";

export type NeighborIdLists = Partial<Record<Model, readonly number[]>> & {
  /**
   * The songs of the Music2Vec list that the model predicts on this song's playlists (kind "together",
   * ml/models/music2vecLists.ts); Score Total opens with those still among the list's first `size` songs
   * (all of them as built; fewer once the discovery knob has moved them). Absent or empty: none.
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

/**
 * Score Total. It opens with Music2Vec's predicted playlist-mates (`lists.playlistMates`, see leadingMates), in
 * the order of its list: they are the only entries any embedding ranks by what playlists hold together, and a
 * vote would tie them with the other embeddings' first songs and sort them by id. The rest is OK Mugle's vote: a candidate at
 * rank r of an embedding's top 50 scores 1/r there, and ABSENT_SCORE where it is absent; its total is the sum
 * over the embeddings the song has. The best k in all, the vote's ties to the lower id.
 * Ties are decided in exact arithmetic: totals equal as fractions tie even when their float sums differ in
 * the last bit (1/4 + 0.02 + 1/12 and 1/6 + 0.02 + 1/6), so the order never depends on float rounding.
 * Every item's reported score, a playlist-mate's too, is its vote total as a float sum, terms added smallest first.
 *
 * It runs for every song of a build and again at every setting of the discovery curve (millions of calls at
 * Melon scale), so candidates live in flat arrays and only the k songs returned become objects.
 */
export function scoreTotal(lists: NeighborIdLists, k = 10): ScoreTotalItem[] {
  const present = MODELS.filter((model) => lists[model] !== undefined);
  if (present.length === 1) {
    const model = present[0]!;
    return singleListTotal(model, lists[model]!, lists.playlistMates, k);
  }
  const models = present.length;
  // Candidate c: ids[c], its rank in present[m] at ranks[c * models + m] (0 = absent), its float total.
  const slot = new Map<number, number>();
  const ids: number[] = [];
  const ranks: number[] = [];
  present.forEach((model, m) => {
    const list = lists[model]!;
    const depth = Math.min(list.length, SCORE_TOTAL_DEPTH);
    for (let i = 0; i < depth; i++) {
      const id = list[i]!;
      let c = slot.get(id);
      if (c === undefined) {
        slot.set(id, (c = ids.length));
        ids.push(id);
        for (let j = 0; j < models; j++) ranks.push(0);
      }
      if (ranks[c * models + m] === 0) ranks[c * models + m] = i + 1; // a duplicate further down keeps its best rank
    }
  });
  const denominators = (c: number) => {
    const out: number[] = [];
    for (let m = 0; m < models; m++) out.push(ranks[c * models + m] || ABSENT_DENOMINATOR);
    return out;
  };
  const totals = new Float64Array(ids.length);
  const terms: number[] = [];
  for (let c = 0; c < ids.length; c++) {
    terms.length = 0;
    for (let m = 0; m < models; m++) terms.push(1 / (ranks[c * models + m] || ABSENT_DENOMINATOR));
    terms.sort((a, b) => a - b);
    let total = 0;
    for (const term of terms) total += term;
    totals[c] = total;
  }
  // Best first: the higher total (exactly, whatever the float rounding), then the lower id.
  const byTotal = (a: number, b: number) => {
    if (Math.abs(totals[a]! - totals[b]!) > TIE_EPSILON) return totals[b]! - totals[a]!;
    return compareUnitFractionSums(denominators(b), denominators(a)) || ids[a]! - ids[b]!;
  };
  const leading = leadingMates(lists.music2vec, lists.playlistMates).map((id) => slot.get(id)!);
  const led = new Set(leading);
  const voted: number[] = [];
  for (let c = 0; c < ids.length; c++) if (!led.has(c)) voted.push(c);
  voted.sort(byTotal);
  const item = (c: number): ScoreTotalItem => {
    const r: Record<Model, number | null> = { music2vec: null, tcae: null, cel: null };
    present.forEach((model, m) => (r[model] = ranks[c * models + m] || null));
    return { id: ids[c]!, score: totals[c]!, ranks: r };
  };
  return [...leading, ...voted].slice(0, k).map(item);
}

/**
 * The playlist-mates Score Total opens with: those among the Music2Vec list's first `mates.size` songs, in its
 * order. As built, a list opens with all its playlist-mates; the discovery knob re-ranks them among the alike
 * songs, and one it moves out of those first places (a familiar song, when the listener asks for hidden gems)
 * no longer leads but still takes its part in the vote, so the knob moves Score Total as it moves Music2Vec.
 */
function leadingMates(music2vec: readonly number[] | undefined, mates: ReadonlySet<number> | undefined): number[] {
  if (!music2vec || !mates || mates.size === 0) return [];
  const out: number[] = [];
  for (const id of music2vec.slice(0, Math.min(mates.size, SCORE_TOTAL_DEPTH))) if (mates.has(id) && !out.includes(id)) out.push(id);
  return out;
}

/**
 * Score Total of a song with one embedding (a song without a mel has Music2Vec only: most of a Melon-size
 * catalogue). The vote is then 1/r, falling with the rank, so it keeps the list's order (a repeated id keeps its
 * first rank) and needs no sorting: the leading playlist-mates (leadingMates), then every other song in it.
 */
function singleListTotal(model: Model, list: readonly number[], mates: ReadonlySet<number> | undefined, k: number): ScoreTotalItem[] {
  const depth = Math.min(list.length, SCORE_TOTAL_DEPTH);
  const lead = new Set(model === "music2vec" ? leadingMates(list, mates) : []);
  const seen = new Set<number>();
  const leading: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < depth; i++) {
    const id = list[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    (lead.has(id) ? leading : rest).push(i);
  }
  return [...leading, ...rest].slice(0, k).map((i) => {
    const ranks: Record<Model, number | null> = { music2vec: null, tcae: null, cel: null };
    ranks[model] = i + 1;
    return { id: list[i]!, score: 1 / (i + 1), ranks };
  });
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
