// The "2-D maps" stage: places every song of an embedding on a plane for the site's /map page, so people can
// see what the original argued with t-SNE pictures (Music2Vec clusters by genre, TCAE by sound, CEL mixes both).
//
// UMAP (umap-js) on L2-normalised vectors, so Euclidean distance orders pairs exactly as cosine similarity does.
// umap-js holds the data as number[][] and its layout costs grow faster than linearly, so it is fitted on at most
// `maxFitted` songs (a seeded uniform sample; all of them up to that size). Every other song is placed at the
// similarity-weighted mean of its `placeNeighbours` nearest fitted songs, found by the compute backend's
// exact top-k (n × maxFitted dot products: 282k × 3,000 × 128 ≈ 0.2 TFLOP, a second or two on ONNX Runtime),
// so the stage stays linear in n and fast at Melon scale.
import { UMAP } from "umap-js";
import type { EmbeddingSet } from "../core/embedding.ts";
import { checkpoint } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { nearestRows } from "../compute/knn.ts";
import { normalizeRows } from "../compute/topk.ts";

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
  /** Threads of the compute backend's top-k (default 2). */
  threads?: number;
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
 * Places every song not fitted at the similarity-weighted mean of its `k` most similar fitted songs (cosine).
 * Weights are similarities shifted to be positive, so a near-duplicate dominates.
 */
async function placeByNeighbours(
  set: EmbeddingSet,
  fitted: Int32Array,
  fittedXY: Float32Array,
  k: number,
  out: Float32Array,
  opts: ProjectionOptions,
): Promise<void> {
  const { dim } = set;
  const isFitted = new Uint8Array(set.ids.length);
  for (const row of fitted) isFitted[row] = 1;
  const others = Int32Array.from(set.ids.keys()).filter((row) => isFitted[row] === 0);
  const pick = (rows: Int32Array): EmbeddingSet => {
    const vectors = new Float32Array(rows.length * dim);
    rows.forEach((row, i) => vectors.set(set.vectors.subarray(row * dim, (row + 1) * dim), i * dim));
    return { ids: rows, vectors, dim };
  };
  const found = await nearestRows(pick(others), pick(fitted), k, { threads: opts.threads, progress: opts.progress, signal: opts.signal, label: "map placing" });
  others.forEach((row, i) => {
    let x = 0, y = 0, total = 0;
    for (let r = i * k; r < (i + 1) * k; r++) {
      const f = found.columns[r]!;
      if (f < 0) break;
      const w = 1 + found.scores[r]! + 1e-6;
      x += w * fittedXY[f * 2]!;
      y += w * fittedXY[f * 2 + 1]!;
      total += w;
    }
    out[row * 2] = total > 0 ? x / total : 0;
    out[row * 2 + 1] = total > 0 ? y / total : 0;
  });
}

/** n*2 coordinates (x, y per row of `set`, in row order), scaled into [-1, 1]. */
export async function project2d(set: EmbeddingSet, opts: ProjectionOptions): Promise<Float32Array> {
  const { maxFitted, epochs, neighbours, placeNeighbours } = { ...DEFAULTS, ...opts };
  const n = set.ids.length;
  const out = new Float32Array(n * 2);
  if (n < 3) return out; // nothing to lay out: one or two points sit at the centre
  const { dim } = set;
  const fitted = sampleIndices(n, maxFitted, new Random(opts.seed, "projection-sample"));
  const fittedUnit = new Float32Array(fitted.length * dim);
  fitted.forEach((row, f) => fittedUnit.set(set.vectors.subarray(row * dim, (row + 1) * dim), f * dim));
  normalizeRows(fittedUnit, dim, fittedUnit);
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
  const progress = createProgress("umap", total, { unit: "steps", quiet: opts.progress === false });
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

  progress.done();
  if (fitted.length < n) await placeByNeighbours(set, fitted, fittedXY, Math.min(placeNeighbours, fitted.length), out, opts);
  return fitToUnitSquare(out);
}
