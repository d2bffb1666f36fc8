import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../core/random.ts";
import type { EmbeddingSet } from "../core/embedding.ts";
import { normalizeRows } from "../compute/topk.ts";
import { applyWhitening, fitWhitening, ledoitWolfShrinkage, whitenSet, type Whitening } from "./whitening.ts";

function setOf(rows: number[][]): EmbeddingSet {
  const dim = rows[0]!.length;
  return { ids: Int32Array.from(rows.keys()), vectors: Float32Array.from(rows.flat()), dim };
}

/** The covariance of `rows` (unit length, about the whitening's mean) shrunk by its Ledoit–Wolf weight: the Σ that W whitens. */
function shrunkCovariance(rows: number[][], w: Whitening): Float64Array {
  const dim = w.dim;
  const n = rows.length;
  const unit = normalizeRows(Float32Array.from(rows.flat()), dim, new Float64Array(n * dim));
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) {
    cov[a * dim + b] = cov[a * dim + b]! + ((unit[i * dim + a]! - w.mean[a]!) * (unit[i * dim + b]! - w.mean[b]!)) / n;
  }
  let trace = 0;
  for (let a = 0; a < dim; a++) trace += cov[a * dim + a]!;
  return cov.map((v, i) => (1 - w.shrinkage) * v + (i % (dim + 1) === 0 ? (w.shrinkage * trace) / dim : 0));
}

/** x · y for row-major dim × dim matrices. */
function matrixProduct(x: ArrayLike<number>, y: ArrayLike<number>, dim: number): Float64Array {
  return Float64Array.from({ length: dim * dim }, (_, i) => {
    let sum = 0;
    for (let c = 0; c < dim; c++) sum += x[Math.floor(i / dim) * dim + c]! * y[c * dim + (i % dim)]!;
    return sum;
  });
}

function cosineTop1(vectors: Float32Array, dim: number, row: number): number {
  const n = vectors.length / dim;
  const unit = normalizeRows(vectors, dim, new Float64Array(vectors.length));
  let best = -1;
  let bestScore = -Infinity;
  for (let other = 0; other < n; other++) {
    if (other === row) continue;
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += unit[row * dim + j]! * unit[other * dim + j]!;
    if (dot > bestScore) [best, bestScore] = [other, dot];
  }
  return best;
}

test("Ledoit–Wolf shrinkage, worked by hand", () => {
  // Rows (2, 0), (−2, 0), (0, 1), (0, −1): S = diag(2, 0.5), μ = 1.25, ‖S − μI‖²/d = 0.5625;
  // β = (Σ(X∘X)ᵀ(X∘X)/n − ‖XᵀX‖²/n²) / (d·n) = (34/4 − 68/16) / 8 = 0.53125; ρ = 0.53125 / 0.5625 = 17/18.
  const centred = Float64Array.from([2, 0, -2, 0, 0, 1, 0, -1]);
  assert.ok(Math.abs(ledoitWolfShrinkage(centred, 4, 2) - 17 / 18) < 1e-12);
  // Two rows along one axis: β = (2/2 − 4/4) / 4 = 0, no shrinkage.
  assert.equal(ledoitWolfShrinkage(Float64Array.from([1, 0, -1, 0]), 2, 2), 0);
  // A covariance that already is a multiple of the identity: the target itself.
  assert.equal(ledoitWolfShrinkage(Float64Array.from([1, 1, -1, -1, 1, -1, -1, 1]), 4, 2), 1);
});

test("the fitted matrix whitens the shrunk covariance: W Σ W = I", () => {
  const random = new Random(3, "whitening");
  const dim = 5;
  // Correlated, anisotropic rows (and not centred).
  const rows = Array.from({ length: 400 }, () => {
    const z = Array.from({ length: dim }, () => random.normal());
    return [3 * z[0]! + 1, z[0]! + 0.5 * z[1]!, 0.2 * z[2]!, z[3]! - z[1]!, 0.05 * z[4]! + 2];
  });
  const w = fitWhitening(setOf(rows))!;
  const whitened = matrixProduct(matrixProduct(w.matrix, shrunkCovariance(rows, w), dim), w.matrix, dim);
  for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) {
    const value = whitened[a * dim + b]!;
    assert.ok(Math.abs(value - (a === b ? 1 : 0)) < 1e-9, `(W Σ W)[${a}][${b}] = ${value}`);
  }
  assert.ok(w.shrinkage >= 0 && w.shrinkage < 0.05, `thousands of rows in 5 dimensions need little shrinkage: ${w.shrinkage}`);
});

test("whitening finds pairs that share small directions under a large shared nuisance", () => {
  // 100 works × 2 versions in 16 dimensions: each version has a large random component (6 times the signature's spread) along the first two
  // dimensions (what all songs vary by, e.g. loudness) and its work's small signature in the other 14 plus
  // a little noise. Raw cosine is ruled by the nuisance; whitening lets the signature count.
  const random = new Random(11, "whitening-pairs");
  const dim = 16;
  const rows: number[][] = [];
  for (let work = 0; work < 100; work++) {
    const signature = Array.from({ length: dim - 2 }, () => random.normal());
    for (let version = 0; version < 2; version++) {
      rows.push([6 * random.normal(), 6 * random.normal(), ...signature.map((v) => v + 0.3 * random.normal())]);
    }
  }
  const set = setOf(rows);
  const found = (vectors: Float32Array) => rows.filter((_, row) => cosineTop1(vectors, dim, row) === (row ^ 1)).length;
  const raw = found(set.vectors);
  const { set: whitened, whitening } = whitenSet(set);
  assert.ok(whitening);
  const white = found(whitened.vectors);
  // Seen: 38 raw, 150 whitened.
  assert.ok(raw < 60, `raw cosine finds ${raw} of 200 twins`);
  assert.ok(white > 130, `whitened finds ${white} of 200 twins`);
  for (let row = 0; row < rows.length; row++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += whitened.vectors[row * dim + j]! ** 2;
    assert.ok(Math.abs(norm - 1) < 1e-5, "whitened rows are unit length");
  }
});

test("few songs in many dimensions: shrinkage keeps the transform finite and near a plain centring", () => {
  const random = new Random(5, "whitening-small");
  const rows = Array.from({ length: 12 }, () => Array.from({ length: 64 }, () => random.normal()));
  const w = fitWhitening(setOf(rows))!;
  assert.ok(w.shrinkage > 0.3, `12 rows in 64 dimensions: shrinkage ${w.shrinkage}`);
  const out = applyWhitening(w, Float32Array.from(rows.flat()));
  assert.ok(out.every(Number.isFinite));
});

test("nothing to estimate: one song, or identical songs", () => {
  assert.equal(fitWhitening(setOf([[1, 2, 3]])), null);
  assert.equal(fitWhitening(setOf([[1, 2, 3], [2, 4, 6], [1, 2, 3]])), null, "all rows point the same way");
  const { set, whitening } = whitenSet(setOf([[1, 2, 3]]));
  assert.equal(whitening, null);
  assert.deepEqual([...set.vectors], [1, 2, 3]);
});

test("beyond maxRows the transform is fitted on evenly spaced rows", () => {
  const random = new Random(8, "whitening-stride");
  const rows = Array.from({ length: 25 }, () => Array.from({ length: 3 }, () => random.normal()));
  const strided = fitWhitening(setOf(rows), { maxRows: 10 })!;
  const picked = fitWhitening(setOf(rows.filter((_, i) => i % 3 === 0)))!;
  assert.deepEqual([...strided.matrix], [...picked.matrix]);
  assert.deepEqual([...strided.mean], [...picked.mean]);
});

/** 100 works × 2 versions in 16 dimensions, as in the test above: a large per-version nuisance along dims 0–1. */
function versionPairs(seed: number): number[][] {
  const random = new Random(seed, "whitening-pairs");
  const rows: number[][] = [];
  for (let work = 0; work < 100; work++) {
    const signature = Array.from({ length: 14 }, () => random.normal());
    for (let version = 0; version < 2; version++) rows.push([6 * random.normal(), 6 * random.normal(), ...signature.map((v) => v + 0.3 * random.normal())]);
  }
  return rows;
}

test("removeTop: the directions of largest variance go too, so W Σ W is the projector onto the rest", () => {
  const rows = versionPairs(12);
  const dim = 16;
  const w = fitWhitening(setOf(rows), { removeTop: 2 })!;
  assert.equal(w.removed, 2);
  const n = rows.length;
  const projector = matrixProduct(matrixProduct(w.matrix, shrunkCovariance(rows, w), dim), w.matrix, dim);
  let projectorTrace = 0;
  for (let a = 0; a < dim; a++) projectorTrace += projector[a * dim + a]!;
  assert.ok(Math.abs(projectorTrace - (dim - 2)) < 1e-8, `rank ${projectorTrace}, expected ${dim - 2}`);
  const squared = matrixProduct(projector, projector, dim);
  assert.ok(squared.every((v, i) => Math.abs(v - projector[i]!) < 1e-8), "idempotent: a projector");
  // The removed directions are the nuisance's (dims 0 and 1): what is left of them in the rows is small.
  const whitened = applyWhitening(w, Float32Array.from(rows.flat()));
  let nuisance = 0;
  for (let i = 0; i < n; i++) nuisance += whitened[i * dim]! ** 2 + whitened[i * dim + 1]! ** 2;
  assert.ok(nuisance / n < 0.02, `share of the nuisance dims left: ${nuisance / n}`);
});

test("removeTop finds more twins when what all songs vary by most is not what versions share", () => {
  const rows = versionPairs(11);
  const dim = 16;
  const found = (vectors: Float32Array) => rows.filter((_, row) => cosineTop1(vectors, dim, row) === (row ^ 1)).length;
  const whitenedOnly = found(whitenSet(setOf(rows)).set.vectors);
  const removed = found(whitenSet(setOf(rows), { removeTop: 2 }).set.vectors);
  // Seen: 150 whitened, 196 with the top 2 removed as well.
  assert.ok(removed > whitenedOnly + 20, `whitened ${whitenedOnly}, top 2 removed as well ${removed} of 200 twins`);
});

test("removeTop removes nothing from a catalogue of no more songs than dimensions, or at a tie of variances", () => {
  const random = new Random(5, "whitening-small");
  const small = Array.from({ length: 12 }, () => Array.from({ length: 64 }, () => random.normal()));
  assert.equal(fitWhitening(setOf(small), { removeTop: 2 })!.removed, 0);
  // Four unit rows with the same variance along both axes: which axis would go is the solver's choice.
  const square = [[1, 0], [0, 1], [-1, 0], [0, -1]];
  assert.equal(fitWhitening(setOf(square), { removeTop: 1 })!.removed, 0);
  assert.equal(fitWhitening(setOf(versionPairs(3)), { removeTop: 0 })!.removed, 0);
});
