import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DISCOVERY_CURVE_SETTINGS } from "../../lib/discovery.ts";
import { popularityPercentiles } from "../../lib/metrics.ts";
import { discoveryCurve } from "./discoveryCurve.ts";
import { evaluate } from "./evaluate.ts";

// Five songs; counts 1..5 give percentiles 0, 25, 50, 75, 100. Each Music2Vec list starts with the least
// played song, 1, and has a well-played one second.
const ids = [1, 2, 3, 4, 5];
const counts = [1, 2, 3, 4, 5];
const songs = ids.map((id, i) => ({ id, artistIds: [id], genres: ["GN0100"], playlistCount: counts[i]! }));
const pct = new Map(ids.map((id, i) => [id, popularityPercentiles(counts)[i]!]));
const lists = new Map([
  [1, [2, 3, 4, 5]],
  [2, [1, 3, 4, 5]],
  [3, [1, 4, 2, 5]],
  [4, [1, 5, 2, 3]],
  [5, [1, 4, 2, 3]],
]);
// Held out: song 5 with 4 (the two most played).
const heldOut = [[5, 4]];

describe("discoveryCurve", () => {
  const k = 1;
  const neutral = evaluate({
    songs,
    recommendations: { music2vec: new Map([...lists].map(([id, l]) => [id, l.slice(0, k)])), scoreTotal: new Map([...lists].map(([id, l]) => [id, l.slice(0, k)])) },
    heldOut,
    k,
    seed: 1,
  });
  const points = discoveryCurve({ listsOf: (id) => ({ music2vec: lists.get(id)! }), songs, popularityPct: pct, heldOut, k, seed: 1, neutral });

  it("has a point per setting for Music2Vec and Score Total, the neutral one from the table itself", () => {
    assert.deepEqual(points.map((p) => `${p.method}@${p.discovery}`), DISCOVERY_CURVE_SETTINGS.flatMap((d) => [`music2vec@${d}`, `scoreTotal@${d}`]));
    const middle = points.find((p) => p.method === "music2vec" && p.discovery === 0.5)!;
    assert.equal(middle.coPlaylistHitRateAt10, neutral.methods.music2vec!.coPlaylistHitRateAt10);
  });

  it("re-ranks before cutting to the top k: familiar finds the popular playlist-mates, hidden gems does not", () => {
    const at = (d: number) => points.find((p) => p.method === "music2vec" && p.discovery === d)!;
    // Familiar (closeness 1, 2/3, 1/3, 0): 5's list [1, 4, 2, 3] scores 1: 0.5·1 + 0.5·0 = 0.5, 4: 0.5·2/3 + 0.5·0.75
    // = 0.71 → 4 first, a hit; 4's list [1, 5, 2, 3]: 5 scores 1/3 + 0.5 = 0.83 → first, a hit.
    assert.equal(at(0).coPlaylistHitRateAt10, 1);
    // As ranked and towards hidden gems song 1 stays first everywhere: no hit.
    assert.equal(at(0.5).coPlaylistHitRateAt10, 0);
    assert.equal(at(1).coPlaylistHitRateAt10, 0);
    assert.ok(at(0).meanPopularityPercentile! > at(0.5).meanPopularityPercentile!);
    assert.ok(at(1).meanPopularityPercentile! <= at(0.5).meanPopularityPercentile!);
    // Score Total recomputed from the same single list moves the same way.
    assert.equal(points.find((p) => p.method === "scoreTotal" && p.discovery === 0)!.coPlaylistHitRateAt10, 1);
  });
});
