import assert from "node:assert/strict";
import { test } from "node:test";
import type { EmbeddingSet } from "../core/embedding.ts";
import { fitToUnitSquare, project2d, sampleIndices } from "./projection.ts";
import { Random } from "../core/random.ts";

/** `perCluster` noisy copies of 3 well-separated directions in 8 dimensions; row i belongs to cluster i % 3. */
function clustered(perCluster: number): EmbeddingSet {
  const dim = 8;
  const n = perCluster * 3;
  const random = new Random(5, "projection-test");
  const vectors = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) vectors[i * dim + j] = (j === i % 3 ? 5 : 0) + random.normal() * 0.3;
  }
  return { ids: Int32Array.from({ length: n }, (_, i) => i * 10), vectors, dim };
}

/** Mean distance between points of the same cluster over the mean distance between points of different ones. */
function separation(xy: Float32Array): number {
  let within = 0, withinN = 0, between = 0, betweenN = 0;
  const n = xy.length / 2;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = Math.hypot(xy[a * 2]! - xy[b * 2]!, xy[a * 2 + 1]! - xy[b * 2 + 1]!);
      if (a % 3 === b % 3) (within += d), withinN++;
      else (between += d), betweenN++;
    }
  }
  return within / withinN / (between / betweenN);
}

test("clusters stay apart, coordinates fill [-1, 1], and a seed gives the same map", async () => {
  const set = clustered(20);
  const xy = await project2d(set, { seed: 1, progress: false, epochs: 100 });
  assert.equal(xy.length, set.ids.length * 2);
  assert.ok(xy.every((v) => v >= -1 && v <= 1));
  assert.ok(xy.some((v) => Math.abs(v) > 0.999), "scaled to the unit square");
  assert.ok(separation(xy) < 0.4, `separation ${separation(xy)}`);
  assert.deepEqual(await project2d(set, { seed: 1, progress: false, epochs: 100 }), xy);
});

test("songs beyond the fitted sample are placed beside their own cluster", async () => {
  const set = clustered(30);
  const xy = await project2d(set, { seed: 2, progress: false, epochs: 100, maxFitted: 30 });
  assert.ok(separation(xy) < 0.4, `separation ${separation(xy)}`);
});

test("fewer than three songs sit at the centre", async () => {
  const xy = await project2d({ ids: Int32Array.of(1, 2), vectors: new Float32Array(4).fill(1), dim: 2 }, { seed: 1, progress: false });
  assert.deepEqual([...xy], [0, 0, 0, 0]);
});

test("sampleIndices: k distinct sorted indices, all of them when k >= n", () => {
  const s = sampleIndices(100, 10, new Random(3, "s"));
  assert.equal(new Set(s).size, 10);
  assert.deepEqual([...s], [...s].sort((a, b) => a - b));
  assert.deepEqual([...sampleIndices(4, 9, new Random(3, "s"))], [0, 1, 2, 3]);
});

test("fitToUnitSquare centres and keeps the aspect ratio", () => {
  assert.deepEqual([...fitToUnitSquare(Float32Array.of(0, 0, 4, 2))], [-1, -0.5, 1, 0.5]);
});
