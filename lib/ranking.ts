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
/**
 * How much each embedding's vote counts in Score Total, as a divisor of its terms: a candidate at vote rank r of
 * TCAE's list scores 1/(6r), 1/300 when absent, of CEL's 1/(3r), 1/150 when absent; Music2Vec's vote is whole.
 * Songs that only the audio embeddings rank (no place in Music2Vec's top 50) are on the same playlists less often
 * than the Music2Vec neighbours they displace (co-playlist hit rate 0.016–0.017 against 0.020–0.022 per item on the
 * two Melon-size samples), so at full weight they pulled Score Total's co-playlist nDCG under Music2Vec's. With
 * these divisors a song that TCAE and CEL both rank first (another version, typically) votes about as Music2Vec's
 * second alike song, and one that TCAE alone ranks first after Music2Vec's fifth. Chosen on the seed-22 Melon-size
 * sample as the rule that finds the most other versions with Score Total's co-playlist hit@10 and nDCG@10 at least
 * Music2Vec's, and confirmed on the seed-7 one (README, "Score Total's vote"). Integer divisors keep every term a
 * unit fraction, so totals compare exactly.
 */
export const VOTE_DIVISOR: Readonly<Record<Model, number>> = { music2vec: 1, tcae: 6, cel: 3 };
/** The round-robin order of Each Embedding Top 3: CEL, then TCAE, then Music2Vec. */
export const EACH_TOP3_ORDER: readonly Model[] = ["cel", "tcae", "music2vec"];
/** Each Embedding Top 3 always takes every embedding's first EACH_TOP3_BASE ranks. */
const EACH_TOP3_BASE = 3;
/**
 * Float totals further apart than this are ordered by the floats; closer ones are compared exactly (float
 * rounding moves a total by ~1e-16, so a float difference above this is a real one).
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
 * the order of its list: they are the only entries any embedding ranks by what playlists hold together. The
 * rest is OK Mugle's vote over the lists with those songs taken out: a candidate at vote rank r of an
 * embedding's top 50 (its place among the songs that do not lead, so Music2Vec's first alike song votes as
 * its first, like TCAE's and CEL's) scores 1/(VOTE_DIVISOR·r) there, and 1/(VOTE_DIVISOR·50) where it is
 * absent; its total is the sum over the embeddings the song has. The best k in all, the vote's ties to the
 * lower id.
 * Ties are decided in exact arithmetic: totals equal as fractions tie even when their float sums differ in
 * the last bit (1/4 + 0.02 + 1/12 and 1/6 + 0.02 + 1/6), so the order never depends on float rounding.
 * Every item's reported score is its vote total as a float sum, terms added smallest first; a leading
 * playlist-mate's is the vote it would get at its places in the lists.
 * `ranks` are the song's places in each embedding's list as the song page shows them.
 *
 * It runs for every song of a build and again at every setting of the discovery curve (millions of calls at
 * Melon scale), so candidates live in flat arrays and only the k songs returned become objects.
 */
export function scoreTotal(lists: NeighborIdLists, k = 10): ScoreTotalItem[] {
  const present = MODELS.filter((model) => lists[model] !== undefined);
  const lead = leadingMates(lists.music2vec, lists.playlistMates);
  if (present.length === 1) {
    const model = present[0]!;
    return singleListTotal(model, lists[model]!, new Set(lead), k);
  }
  const models = present.length;
  const leading = new Set(lead);
  // Candidate c: ids[c]; its place in present[m] at ranks[c * models + m] and its vote rank at voteRanks[…] (0 = absent).
  const slot = new Map<number, number>();
  const ids: number[] = [];
  const ranks: number[] = [];
  const voteRanks: number[] = [];
  present.forEach((model, m) => {
    const list = lists[model]!;
    const depth = Math.min(list.length, SCORE_TOTAL_DEPTH);
    let voteRank = 0;
    for (let i = 0; i < depth; i++) {
      const id = list[i]!;
      let c = slot.get(id);
      if (c === undefined) {
        slot.set(id, (c = ids.length));
        ids.push(id);
        for (let j = 0; j < models; j++) ranks.push(0), voteRanks.push(0);
      }
      if (ranks[c * models + m] !== 0) continue; // a duplicate further down keeps its first place
      ranks[c * models + m] = i + 1;
      // A leading song votes at its place in the list; the others at their place among the songs that do not lead.
      voteRanks[c * models + m] = leading.has(id) ? i + 1 : ++voteRank;
    }
  });
  const divisors = present.map((model) => VOTE_DIVISOR[model]);
  const denominators = (c: number) => {
    const out: number[] = [];
    for (let m = 0; m < models; m++) out.push(divisors[m]! * (voteRanks[c * models + m] || ABSENT_DENOMINATOR));
    return out;
  };
  const totals = new Float64Array(ids.length);
  const terms: number[] = [];
  for (let c = 0; c < ids.length; c++) {
    terms.length = 0;
    for (let m = 0; m < models; m++) terms.push(1 / (divisors[m]! * (voteRanks[c * models + m] || ABSENT_DENOMINATOR)));
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
  const voted: number[] = [];
  for (let c = 0; c < ids.length; c++) if (!leading.has(ids[c]!)) voted.push(c);
  voted.sort(byTotal);
  const item = (c: number): ScoreTotalItem => {
    const r: Record<Model, number | null> = { music2vec: null, tcae: null, cel: null };
    present.forEach((model, m) => (r[model] = ranks[c * models + m] || null));
    return { id: ids[c]!, score: totals[c]!, ranks: r };
  };
  return [...lead.map((id) => slot.get(id)!), ...voted].slice(0, k).map(item);
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
 * catalogue). The vote then falls with the rank, so it keeps the list's order (a repeated id keeps its first
 * place) and needs no sorting: the leading playlist-mates, then every other song in it.
 */
function singleListTotal(model: Model, list: readonly number[], lead: ReadonlySet<number>, k: number): ScoreTotalItem[] {
  const depth = Math.min(list.length, SCORE_TOTAL_DEPTH);
  const seen = new Set<number>();
  const leading: { i: number; voteRank: number }[] = [];
  const rest: { i: number; voteRank: number }[] = [];
  for (let i = 0; i < depth; i++) {
    const id = list[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (lead.has(id)) leading.push({ i, voteRank: i + 1 });
    else rest.push({ i, voteRank: rest.length + 1 });
  }
  return [...leading, ...rest].slice(0, k).map(({ i, voteRank }) => {
    const ranks: Record<Model, number | null> = { music2vec: null, tcae: null, cel: null };
    ranks[model] = i + 1;
    return { id: list[i]!, score: 1 / (VOTE_DIVISOR[model] * voteRank), ranks };
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
