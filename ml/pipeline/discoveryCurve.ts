// The accuracy/discovery curve: what the song page's familiar ↔ hidden-gems knob (lib/discovery.ts) does to
// the measured quality. At each setting, Music2Vec's top 50 of every song is re-ranked and cut to the top 10,
// and Score Total is recomputed from every embedding's re-ranked top 50, exactly as the site does per request;
// then the build's evaluation runs on those lists. The neutral setting is the evaluation table itself.
import { DISCOVERY_CURVE_SETTINGS, NEUTRAL_DISCOVERY, rerankForDiscovery } from "../../lib/discovery.ts";
import { scoreTotal, type NeighborIdLists } from "../../lib/ranking.ts";
import { MODELS, type DiscoveryPoint, type EvalMethod, type EvaluationReport, type MethodMetrics } from "../../lib/types.ts";
import { evaluator, type EvaluationSong } from "./evaluate.ts";
import type { ListsBySong } from "./rank.ts";

export interface DiscoveryCurveInput {
  /** Every embedding's top-50 list of a song (no Music2Vec in a catalogue without playlists: Score Total alone is measured). */
  listsOf: ListsBySong;
  /** The catalogue, as evaluated. */
  songs: EvaluationSong[];
  /** Each catalogue song's popularity percentile, as the catalogue stores it (what the site re-ranks by). */
  popularityPct: ReadonlyMap<number, number>;
  heldOut: number[][];
  k: number;
  seed: number;
  /** The evaluation at the neutral setting, already computed. */
  neutral: EvaluationReport;
}

function point(method: EvalMethod, discovery: number, m: MethodMetrics): DiscoveryPoint {
  return {
    method,
    discovery,
    genrePrecisionAt10: m.genrePrecisionAt10,
    coPlaylistHitRateAt10: m.coPlaylistHitRateAt10,
    coPlaylistNdcgAt10: m.coPlaylistNdcgAt10,
    coverageAt10: m.coverageAt10,
    meanPopularityPercentile: m.meanPopularityPercentile,
  };
}

export function discoveryCurve(input: DiscoveryCurveInput): DiscoveryPoint[] {
  const { k } = input;
  const popularity = (id: number) => input.popularityPct.get(id) ?? 50;
  const judge = evaluator({ songs: input.songs, recommendations: {}, heldOut: input.heldOut, k, seed: input.seed });
  const points: DiscoveryPoint[] = [];
  for (const discovery of DISCOVERY_CURVE_SETTINGS) {
    let report = input.neutral;
    if (discovery !== NEUTRAL_DISCOVERY) {
      // Each song's lists are re-ranked once: Music2Vec's re-ranked list is both its own top k and Score Total's input.
      const music2vec = new Map<number, number[]>();
      const total = new Map<number, number[]>();
      for (const { id } of input.songs) {
        const lists = input.listsOf(id);
        // A playlist-mate stays one wherever the knob moves it; Score Total leads with those it left in front.
        const reranked: NeighborIdLists = lists.playlistMates ? { playlistMates: lists.playlistMates } : {};
        for (const model of MODELS) {
          const list = lists[model];
          if (list) reranked[model] = rerankForDiscovery(list, discovery, popularity);
        }
        if (reranked.music2vec) music2vec.set(id, reranked.music2vec.slice(0, k));
        total.set(id, scoreTotal(reranked, k).map((item) => item.id));
      }
      report = judge({ ...(music2vec.size > 0 ? { music2vec } : {}), scoreTotal: total });
    }
    for (const method of ["music2vec", "scoreTotal"] as const) {
      const metrics = report.methods[method];
      if (metrics) points.push(point(method, discovery, metrics));
    }
  }
  return points;
}
