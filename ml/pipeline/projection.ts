// The "2-D maps" stage: places every song of an embedding on a plane for the site's /map page, so people can
// see what the original argued with t-SNE pictures (Music2Vec clusters by genre, TCAE by sound, CEL mixes both).
//
// UMAP (umap-js) on L2-normalised vectors, so Euclidean distance orders pairs exactly as cosine similarity does.
// umap-js holds the data as number[][] and its layout costs grow faster than linearly, so it is fitted on at most
// `maxFitted` songs (a seeded uniform sample; all of them up to that size). Every other song is placed at the
// similarity-weighted mean of its `placeNeighbours` nearest fitted songs: one brute-force pass of
// n × maxFitted dot products (169k × 3,000 × 128 ≈ 65 GFLOP, about a minute in plain TypeScript), linear in n.
import { UMAP } from "umap-js";
import type { EmbeddingSet } from "../core/embedding.ts";
import { Interrupted, checkpoint } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { TopK, normalizeRows } from "../compute/topk.ts";

export interface ProjectionOptions {
  seed: number;
  progress?: boolean;
  signal?: AbortSignal;
  /** Songs UMAP is fitted on; the rest are placed next to their nearest fitted songs. */
  maxFitted?: number;
  /** UMAP optimisation epochs. */
  epochs?: number;
  /** UMAP neighbourhood size. */
  neighbours?: number;
  /** Fitted songs averaged to place each remaining song. */
  placeNeighbours?: number;
}

const DEFAULTS = { maxFitted: 3000, epochs: 200, neighbours: 15, placeNeighbours: 5 };

/** Sorted sample of `k` distinct indices out of `n` (all of them when k >= n): partial Fisher-Yates. */
export function sampleIndices(n: number, k: number, random: Random): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + random.int(n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, k).sort();
}

/**
 * Scales points in place into [-1, 1] on the longer axis, centred, keeping the aspect ratio,
 * so every stored map has the same range whatever UMAP's arbitrary scale.
 */
export function fitToUnitSquare(points: Float32Array): Float32Array {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    minX = Math.min(minX, points[i]!);
    maxX = Math.max(maxX, points[i]!);
    minY = Math.min(minY, points[i + 1]!);
    maxY = Math.max(maxY, points[i + 1]!);
  }
  const span = Math.max(maxX - minX, maxY - minY);
  const scale = span > 0 ? 2 / span : 0;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  for (let i = 0; i < points.length; i += 2) {
    points[i] = (points[i]! - cx) * scale;
    points[i + 1] = (points[i + 1]! - cy) * scale;
  }
  return points;
}

/**
 * Places `row` at the similarity-weighted mean of the `k` fitted songs most similar to it (cosine on
 * normalised vectors). Weights are similarities shifted to be positive, so a near-duplicate dominates.
 * `fittedUnit` holds the fitted songs' vectors contiguously: one pass over it per placed song stays in cache.
 */
function placeByNeighbours(
  unit: Float32Array,
  dim: number,
  row: number,
  fittedUnit: Float32Array,
  fittedXY: Float32Array,
  k: number,
  out: Float32Array,
): void {
  const best = new TopK(k);
  const query = unit.subarray(row * dim, (row + 1) * dim);
  const fittedCount = fittedUnit.length / dim;
  for (let f = 0; f < fittedCount; f++) {
    const other = f * dim;
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += query[j]! * fittedUnit[other + j]!;
    if (dot > best.floor) best.offer(f, dot);
  }
  let x = 0, y = 0, total = 0;
  for (let r = 0; r < best.count; r++) {
    const w = 1 + best.score(r) + 1e-6;
    x += w * fittedXY[best.id(r) * 2]!;
    y += w * fittedXY[best.id(r) * 2 + 1]!;
    total += w;
  }
  out[row * 2] = total > 0 ? x / total : 0;
  out[row * 2 + 1] = total > 0 ? y / total : 0;
}

/** n*2 coordinates (x, y per row of `set`, in row order), scaled into [-1, 1]. */
export async function project2d(set: EmbeddingSet, opts: ProjectionOptions): Promise<Float32Array> {
  const { maxFitted, epochs, neighbours, placeNeighbours } = { ...DEFAULTS, ...opts };
  const n = set.ids.length;
  const out = new Float32Array(n * 2);
  if (n < 3) return out; // nothing to lay out: one or two points sit at the centre
  const checkAbort = () => {
    if (opts.signal?.aborted) throw new Interrupted();
  };
  const { dim } = set;
  const unit = normalizeRows(set.vectors, dim);
  const fitted = sampleIndices(n, maxFitted, new Random(opts.seed, "projection-sample"));
  const fittedUnit = new Float32Array(fitted.length * dim);
  fitted.forEach((row, f) => fittedUnit.set(unit.subarray(row * dim, (row + 1) * dim), f * dim));
  const rows = Array.from(fitted, (_, f) => Array.from(fittedUnit.subarray(f * dim, (f + 1) * dim)));

  const random = new Random(opts.seed, "projection-umap");
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(neighbours, fitted.length - 1),
    nEpochs: epochs,
    minDist: 0.1,
    random: () => random.next(),
  });
  const total = umap.initializeFit(rows);
  const progress = createProgress("umap", total + (n - fitted.length), { unit: "steps", quiet: opts.progress === false });
  for (let epoch = 0; epoch < total; epoch++) {
    umap.step();
    progress.tick();
    if (epoch % 10 === 0) {
      await checkpoint(opts.signal);
    }
  }
  const fittedXY = new Float32Array(fitted.length * 2);
  umap.getEmbedding().forEach((point, f) => {
    fittedXY[f * 2] = point[0]!;
    fittedXY[f * 2 + 1] = point[1]!;
    out[fitted[f]! * 2] = point[0]!;
    out[fitted[f]! * 2 + 1] = point[1]!;
  });

  let next = 0;
  for (let row = 0; row < n; row++) {
    if (next < fitted.length && fitted[next] === row) {
      next++;
      continue;
    }
    placeByNeighbours(unit, dim, row, fittedUnit, fittedXY, Math.min(placeNeighbours, fitted.length), out);
    progress.tick();
    if (row % 2000 === 0) checkAbort();
  }
  progress.done();
  return fitToUnitSquare(out);
}
