// How `mugle tune` chooses: a configuration must meet the floors on coverage and genre precision (the
// listener-facing promises: most of the catalogue gets recommended, and recommendations keep to the genre);
// among those, the highest co-playlist nDCG@10 on the tune-validation playlists wins. Configurations that
// miss a floor rank after every one that meets them, by how far they miss. Pure, so it can be checked by hand.
import type { MethodMetrics } from "../../lib/types.ts";

export interface Floors {
  /** Minimum coverage@10 (share of the catalogue recommended to someone). */
  coverage: number;
  /** Minimum genre precision@10. */
  genrePrecision: number;
}

export const DEFAULT_FLOORS: Floors = { coverage: 0.9, genrePrecision: 0.95 };

type Judged = Pick<MethodMetrics, "coverageAt10" | "genrePrecisionAt10" | "coPlaylistNdcgAt10" | "coPlaylistHitRateAt10">;

/** How far a result falls below the floors (0 when it meets them); a missing figure misses by the whole floor. */
export function shortfall(m: Judged, floors: Floors): number {
  const below = (value: number | null, floor: number) => Math.max(0, floor - (value ?? 0));
  return below(m.coverageAt10, floors.coverage) + below(m.genrePrecisionAt10, floors.genrePrecision);
}

/**
 * Indices of `results` best first: meeting the floors first, then by nDCG@10, then by hit rate@10; misses by
 * smallest shortfall; equal results keep their order (the earlier-drawn candidate first).
 */
export function rankResults(results: readonly Judged[], floors: Floors): number[] {
  const key = results.map((m, i) => ({ i, miss: shortfall(m, floors), ndcg: m.coPlaylistNdcgAt10 ?? -1, hit: m.coPlaylistHitRateAt10 ?? -1 }));
  key.sort((a, b) => a.miss - b.miss || b.ndcg - a.ndcg || b.hit - a.hit || a.i - b.i);
  return key.map((k) => k.i);
}
