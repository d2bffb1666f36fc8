// `mugle evaluate`: how good each method's top-k lists are, on definitions stated here and in lib/metrics.ts.
//
// Every method is judged only on the queries it can answer: a song for which it has a non-empty list (a
// song without a mel has no TCAE or CEL list; a song in no training playlist has no Music2Vec or
// co-occurrence list). `queries` counts those songs.
// - genre precision@k: lib/metrics.ts genrePrecisionAtK, averaged over the queries where it is defined.
// - co-playlist hit-rate@k and nDCG@k: a case is a held-out playlist and one of its catalogue songs, the
//   query; relevant = the playlist's other catalogue songs (playlists with fewer than two are skipped). Hit
//   if any of the query's top k is relevant; nDCG with binary gains and an ideal of min(k, |relevant|) hits.
//   At most MAX_CO_PLAYLIST_CASES cases, a seeded uniform sample shared by every method.
// - version recall@k: for songs whose work has other versions in the catalogue, the share of those found in
//   the top k; chance = what k songs drawn uniformly from the catalogue would find (lib/metrics.ts).
//   "version R, audio": the same, for every method over the same queries: the songs with a mel (where the
//   audio embeddings can hear anything). A method's own version recall mixes in the songs it answers without
//   audio, so Music2Vec's and the ensembles' figures depend on how many songs have a mel; this one does not.
// - coverage@k: share of the catalogue appearing in some top k; mean popularity percentile: the mean over
//   every recommended entry of its song's percentile (lib/metrics.ts popularityPercentiles).
// - continuation nDCG@100: held-out playlists continued from their first half with a method's deeper lists
//   (lib/continuation.ts, ml/pipeline/continuation.ts), for the methods given such lists.
import {
  chanceRecallAtK,
  coverageAtK,
  genrePrecisionAtK,
  hitAtK,
  ndcgAtK,
  popularityPercentiles,
  recallAtK,
  type GenreFacts,
} from "../../lib/metrics.ts";
import { EVAL_METHODS, type EvalMethod, type EvaluationReport, type MethodMetrics } from "../../lib/types.ts";
import { Random } from "../core/random.ts";
import { MAX_CONTINUATION_PLAYLISTS, continuationPlaylists, meanContinuationNdcg } from "./continuation.ts";

/** Co-playlist cases beyond this are sampled: enough for a standard error near 0.004 on a hit rate. */
export const MAX_CO_PLAYLIST_CASES = 20_000;

export interface EvaluationSong {
  id: number;
  artistIds: number[];
  /** Major genre codes (GNxx00). */
  genres: string[];
  /** Training playlists holding the song. */
  playlistCount: number;
}

export interface EvaluationInput {
  /** The catalogue. */
  songs: EvaluationSong[];
  /** Each method's recommendations, best first, by query song id (only the first k are read). */
  recommendations: Partial<Record<EvalMethod, Map<number, number[]>>>;
  /** Held-out playlists' song ids (songs outside the catalogue are ignored). */
  heldOut: number[][];
  /** Work id of each song, where versions are known (the sample's ground truth). */
  works?: Map<number, number>;
  /** The songs with a mel-spectrogram, for the version recall every method gets on the same queries. */
  audioSongs?: ReadonlySet<number>;
  k?: number;
  seed: number;
  maxCoPlaylistCases?: number;
  /**
   * Each method's deeper list of a song (best first, e.g. its top 50), for continuing held-out playlists;
   * methods without one get no continuation score.
   */
  continuation?: Partial<Record<EvalMethod, (song: number) => readonly number[] | undefined>>;
  maxContinuationPlaylists?: number;
  /** TCAE's neighbours with their cosine, and the calibrated same-melody threshold, to check the "another version" label. */
  versionLabel?: { neighbors: Map<number, { id: number; score: number }[]>; threshold: number };
}

interface CoPlaylistCase {
  query: number;
  relevant: Set<number>;
}

/** Floyd's algorithm: `count` distinct integers from [0, n), ascending, in O(count) memory. */
function sampleIndices(n: number, count: number, random: Random): number[] {
  const chosen = new Set<number>();
  for (let j = n - count; j < n; j++) {
    const t = random.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

function coPlaylistCases(heldOut: readonly number[][], catalogue: ReadonlySet<number>, max: number, seed: number): CoPlaylistCase[] {
  const playlists = heldOut
    .map((songs) => [...new Set(songs.filter((id) => catalogue.has(id)))])
    .filter((songs) => songs.length >= 2);
  const total = playlists.reduce((sum, songs) => sum + songs.length, 0);
  const picked = total <= max ? null : sampleIndices(total, max, new Random(seed, "evaluate-co-playlist"));
  const cases: CoPlaylistCase[] = [];
  let caseNumber = 0;
  let next = 0;
  for (const songs of playlists) {
    for (const query of songs) {
      if (picked === null || picked[next] === caseNumber) {
        cases.push({ query, relevant: new Set(songs.filter((id) => id !== query)) });
        next++;
      }
      caseNumber++;
    }
  }
  return cases;
}

/** For every catalogue song with other versions of its work in the catalogue: those versions. */
function otherVersions(works: ReadonlyMap<number, number>, songs: readonly EvaluationSong[]): Map<number, Set<number>> {
  const byWork = new Map<number, number[]>();
  for (const { id } of songs) {
    const work = works.get(id);
    if (work === undefined) continue;
    const group = byWork.get(work);
    if (group) group.push(id);
    else byWork.set(work, [id]);
  }
  const out = new Map<number, Set<number>>();
  for (const group of byWork.values()) {
    if (group.length < 2) continue;
    for (const id of group) out.set(id, new Set(group.filter((other) => other !== id)));
  }
  return out;
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

const NO_FACTS: GenreFacts = { artistIds: [], genres: [] };

interface Context {
  k: number;
  songById: Map<number, EvaluationSong>;
  catalogue: Set<number>;
  percentileById: Map<number, number>;
  cases: CoPlaylistCase[];
  versions: Map<number, Set<number>>;
  audioSongs: ReadonlySet<number> | null;
}

function methodMetrics(lists: ReadonlyMap<number, number[]>, ctx: Context): MethodMetrics {
  const { k } = ctx;
  const answered: number[][] = [];
  const genre: number[] = [];
  const percentiles: number[] = [];
  for (const [query, list] of lists) {
    const song = ctx.songById.get(query);
    if (!song || list.length === 0) continue;
    const top = list.slice(0, k);
    answered.push(top);
    const precision = genrePrecisionAtK(song, top.map((id) => ctx.songById.get(id) ?? NO_FACTS), k);
    if (precision !== null) genre.push(precision);
    for (const id of top) {
      const percentile = ctx.percentileById.get(id);
      if (percentile !== undefined) percentiles.push(percentile);
    }
  }

  const hits: number[] = [];
  const ndcgs: number[] = [];
  for (const { query, relevant } of ctx.cases) {
    const list = lists.get(query);
    if (!list || list.length === 0) continue;
    hits.push(hitAtK(list, relevant, k));
    ndcgs.push(ndcgAtK(list, relevant, k));
  }

  const recalls: number[] = [];
  const audioRecalls: number[] = [];
  for (const [query, versions] of ctx.versions) {
    const list = lists.get(query);
    if (!list || list.length === 0) continue;
    const recall = recallAtK(list, versions, k);
    recalls.push(recall);
    if (ctx.audioSongs?.has(query)) audioRecalls.push(recall);
  }

  return {
    genrePrecisionAt10: mean(genre),
    coPlaylistHitRateAt10: mean(hits),
    coPlaylistNdcgAt10: mean(ndcgs),
    versionRecallAt10: mean(recalls),
    versionRecallAudioAt10: ctx.audioSongs ? mean(audioRecalls) : null,
    // A method recommends only among the songs it has lists for (TCAE and CEL: songs with a mel), so its chance
    // level is that of k songs drawn from that pool, which is higher than over the whole catalogue.
    versionRecallChance: recalls.length > 0 ? chanceRecallAtK(answered.length, k) : null,
    coverageAt10: answered.length > 0 ? coverageAtK(answered, ctx.catalogue, k) : null,
    meanPopularityPercentile: mean(percentiles),
    queries: answered.length,
    coPlaylistCases: hits.length,
    versionQueries: recalls.length,
    ...(ctx.audioSongs && { versionQueriesAudio: audioRecalls.length }),
  };
}

/** What every method is judged against; built once per evaluation (the discovery curve reuses it, see below). */
function evaluationContext(input: EvaluationInput): Context {
  const catalogue = new Set(input.songs.map((s) => s.id));
  const percentiles = popularityPercentiles(input.songs.map((s) => s.playlistCount));
  return {
    k: input.k ?? 10,
    songById: new Map(input.songs.map((s) => [s.id, s])),
    catalogue,
    percentileById: new Map(input.songs.map((s, i) => [s.id, percentiles[i]!])),
    cases: coPlaylistCases(input.heldOut, catalogue, input.maxCoPlaylistCases ?? MAX_CO_PLAYLIST_CASES, input.seed),
    versions: input.works ? otherVersions(input.works, input.songs) : new Map<number, Set<number>>(),
    audioSongs: input.audioSongs ?? null,
  };
}

export function evaluate(input: EvaluationInput): EvaluationReport {
  return evaluator(input)(input.recommendations);
}

/**
 * evaluate() split in two: the catalogue, held-out cases and versions of `input` are prepared once, and the
 * returned function judges any number of recommendation sets against them (its `recommendations` are ignored).
 * The discovery curve judges five sets of lists on one catalogue; preparing the context is a few seconds each
 * time at Melon scale.
 */
export function evaluator(input: EvaluationInput): (recommendations: EvaluationInput["recommendations"]) => EvaluationReport {
  const ctx = evaluationContext(input);
  const { k, catalogue, versions } = ctx;
  const continued = input.continuation
    ? continuationPlaylists(input.heldOut, catalogue, input.maxContinuationPlaylists ?? MAX_CONTINUATION_PLAYLISTS, input.seed)
    : [];
  return (recommendations) => {
    const methods: EvaluationReport["methods"] = {};
    for (const method of EVAL_METHODS) {
      const lists = recommendations[method];
      if (!lists) continue;
      methods[method] = methodMetrics(lists, ctx);
      const deeper = input.continuation?.[method];
      if (deeper) {
        methods[method].continuationNdcgAt100 = meanContinuationNdcg(continued, deeper);
        methods[method].continuationPlaylists = continued.length;
      }
    }
    return {
      k,
      versionRecallChance: versions.size > 0 ? chanceRecallAtK(catalogue.size, k) : null,
      heldOutPlaylists: input.heldOut.length,
      methods,
      ...(input.versionLabel && { sameMelodyLabel: labelQuality(input.versionLabel, versions, k) }),
    };
  };
}

/**
 * How right the song page's "another version of this song" label is on TCAE's top k, where versions are
 * known: precision = labelled neighbours that are versions / labelled neighbours; recall = versions labelled
 * / versions (of queries TCAE answers) that could be.
 */
function labelQuality(
  label: NonNullable<EvaluationInput["versionLabel"]>,
  versions: ReadonlyMap<number, ReadonlySet<number>>,
  k: number,
): NonNullable<EvaluationReport["sameMelodyLabel"]> {
  let labelled = 0;
  let right = 0;
  let wanted = 0;
  for (const [query, neighbors] of label.neighbors) {
    const own = versions.get(query);
    const answerable = own ? [...own].filter((id) => label.neighbors.has(id)).length : 0;
    wanted += answerable;
    for (const n of neighbors.slice(0, k)) {
      if (n.score < label.threshold) continue;
      labelled++;
      if (own?.has(n.id)) right++;
    }
  }
  return {
    threshold: label.threshold,
    labelled,
    precision: versions.size > 0 && labelled > 0 ? right / labelled : null,
    recall: versions.size > 0 && wanted > 0 ? right / wanted : null,
  };
}

const COLUMNS: { title: string; value: (m: MethodMetrics) => number | null | undefined; digits: number }[] = [
  { title: "queries", value: (m) => m.queries, digits: 0 },
  { title: "genre P", value: (m) => m.genrePrecisionAt10, digits: 3 },
  { title: "co-pl hit", value: (m) => m.coPlaylistHitRateAt10, digits: 3 },
  { title: "co-pl nDCG", value: (m) => m.coPlaylistNdcgAt10, digits: 3 },
  { title: "cont nDCG@100", value: (m) => m.continuationNdcgAt100, digits: 3 },
  { title: "version R", value: (m) => m.versionRecallAt10, digits: 3 },
  { title: "version R, audio", value: (m) => m.versionRecallAudioAt10, digits: 3 },
  { title: "R chance", value: (m) => m.versionRecallChance, digits: 4 },
  { title: "coverage", value: (m) => m.coverageAt10, digits: 3 },
  { title: "pop. pct", value: (m) => m.meanPopularityPercentile, digits: 1 },
];

/** The metrics as a fixed-width table, one row per method evaluated; "–" where a metric does not apply. */
export function formatReportTable(report: EvaluationReport): string {
  const chance = report.versionRecallChance === null ? "" : ` · version recall by chance ${report.versionRecallChance.toFixed(4)}`;
  const lines = [`Evaluation @${report.k} · ${report.heldOutPlaylists.toLocaleString("en-US")} held-out playlists${chance}`];
  const label = report.sameMelodyLabel;
  const nameWidth = Math.max(6, ...EVAL_METHODS.map((m) => m.length));
  const cell = (text: string, title: string) => text.padStart(Math.max(title.length, 9));
  lines.push(["method".padEnd(nameWidth), ...COLUMNS.map((c) => cell(c.title, c.title))].join("  "));
  for (const method of EVAL_METHODS) {
    const metrics = report.methods[method];
    if (!metrics) continue;
    const cells = COLUMNS.map((c) => {
      const value = c.value(metrics);
      const text = value === null || value === undefined ? "–" : c.digits === 0 ? value.toLocaleString("en-US") : value.toFixed(c.digits);
      return cell(text, c.title);
    });
    lines.push([method.padEnd(nameWidth), ...cells].join("  "));
  }
  if (label) {
    const quality =
      label.precision === null || label.recall === null
        ? ""
        : `: precision ${label.precision.toFixed(3)}, recall ${label.recall.toFixed(3)} of the other versions`;
    lines.push(`"another version" label (TCAE cosine ≥ ${label.threshold.toFixed(3)}) on ${label.labelled.toLocaleString("en-US")} TCAE top-${report.k} neighbours${quality}`);
  }
  lines.push(...formatDiscoveryCurve(report, nameWidth));
  return lines.join("\n");
}

/** The accuracy/discovery curve under the table: co-playlist hit rate and popularity percentile per setting. */
function formatDiscoveryCurve(report: EvaluationReport, nameWidth: number): string[] {
  const points = report.discovery ?? [];
  if (points.length === 0) return [];
  const settings = [...new Set(points.map((p) => p.discovery))].sort((a, b) => a - b);
  const lines = ["", "Familiar ↔ hidden gems: co-pl hit / pop. pct of the top 10 re-ranked at each discovery setting (0.5 = as ranked)"];
  lines.push(["discovery".padEnd(nameWidth), ...settings.map((d) => String(d).padStart(12))].join("  "));
  for (const method of EVAL_METHODS) {
    const row = settings.map((d) => {
      const p = points.find((x) => x.method === method && x.discovery === d);
      const hit = p?.coPlaylistHitRateAt10 == null ? "–" : p.coPlaylistHitRateAt10.toFixed(3);
      const pct = p?.meanPopularityPercentile == null ? "–" : p.meanPopularityPercentile.toFixed(1);
      return `${hit} / ${pct}`.padStart(12);
    });
    if (points.some((x) => x.method === method)) lines.push([method.padEnd(nameWidth), ...row].join("  "));
  }
  return lines;
}
