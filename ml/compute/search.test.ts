// One test suite, run against every top-k engine: each must give the ids a brute-force sort gives,
// including on exact ties (lower row first) and at the merges between query blocks and base tiles.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Interrupted } from "../core/errors.ts";
import { Random } from "../core/random.ts";
import { createOnnxSearch, float32Below } from "./searchOnnx.ts";
import { referenceSearch } from "./searchReference.ts";
import type { TopKEngine, TopKSearch } from "./search.ts";
import { normalizeRows } from "./topk.ts";

/** Every row of the exact answer by sorting, in double precision: (score desc, row asc), self left out. */
function bruteForce(request: TopKSearch): { columns: number[][]; scores: number[][] } {
  const { queries, base, dim, k } = request;
  const columns: number[][] = [];
  const scores: number[][] = [];
  for (let q = 0; q < queries.length / dim; q++) {
    const scored: [number, number][] = [];
    for (let c = 0; c < base.length / dim; c++) {
      if (request.selfExcluded && c === q) continue;
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += queries[q * dim + j]! * base[c * dim + j]!;
      scored.push([dot, c]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const top = scored.slice(0, k);
    while (top.length < k) top.push([0, -1]);
    columns.push(top.map(([, c]) => c));
    scores.push(top.map(([s]) => s));
  }
  return { columns, scores };
}

/**
 * Unit vectors whose inner products are exact in float32 whatever the summation order: four components
 * of ±0.5 and the rest 0, drawn from few patterns, so many scores tie exactly.
 */
function tiedUnitVectors(n: number, dim: number, random: Random): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const slots = random.shuffle(Array.from({ length: 6 }, (_, j) => j)).slice(0, 4);
    for (const s of slots) out[i * dim + s] = random.chance(0.5) ? 0.5 : -0.5;
  }
  return out;
}

function rowsOf(values: Int32Array | Float32Array, k: number): number[][] {
  return Array.from({ length: values.length / k }, (_, r) => Array.from(values.subarray(r * k, (r + 1) * k)));
}

const engines: [string, () => Promise<TopKEngine>][] = [
  ["typescript reference", async () => referenceSearch],
  // Small blocks and tiles, so that small inputs cross several of each and exercise every merge.
  ["onnxruntime", () => createOnnxSearch(2, { tiling: { queryBlock: 64, baseTile: 96 }, minBlocksForLanes: Infinity })],
  // The same tiling spread over two worker lanes.
  ["onnxruntime, two worker lanes", () => createOnnxSearch(2, { tiling: { queryBlock: 64, baseTile: 96 }, minBlocksForLanes: 1 })],
  ["onnxruntime, one thread, default tiling", () => createOnnxSearch(1)],
];

for (const [name, make] of engines) {
  describe(`top-k engine: ${name}`, () => {
    it("finds exactly the brute-force neighbours on exact ties, lower row first, never the query itself", async () => {
      const engine = await make();
      const dim = 8;
      const base = tiedUnitVectors(500, dim, new Random(3, "ties"));
      const request: TopKSearch = { queries: base, base, dim, k: 20, selfExcluded: true };
      const result = await engine.search(request);
      const expected = bruteForce(request);
      assert.deepEqual(rowsOf(result.columns, 20), expected.columns);
      assert.deepEqual(rowsOf(result.scores, 20), expected.scores);
    });

    it("matches brute force on random vectors wherever the scores are not within float error of a tie", async () => {
      const engine = await make();
      const dim = 24;
      const k = 12;
      const random = new Random(5, "random-vectors");
      const base = normalizeRows(Float32Array.from({ length: 700 * dim }, () => random.normal()), dim);
      const request: TopKSearch = { queries: base, base, dim, k, selfExcluded: true };
      const result = await engine.search(request);
      const expected = bruteForce(request);
      for (let q = 0; q < 700; q++) {
        for (let r = 0; r < k; r++) {
          const got = result.columns[q * k + r]!;
          assert.ok(Math.abs(result.scores[q * k + r]! - expected.scores[q]![r]!) < 1e-6, `row ${q} rank ${r}: score`);
          if (got !== expected.columns[q]![r]) {
            assert.ok(Math.abs(expected.scores[q]![r]! - expected.scores[q]![expected.columns[q]!.indexOf(got)]!) < 1e-6, `row ${q} rank ${r}: ${got} instead of ${expected.columns[q]![r]}`);
          }
        }
      }
    });

    it("scores a set against itself once per pair (symmetric) and still answers as the one-way search of a copy", async () => {
      const engine = await make();
      const dim = 8;
      const base = tiedUnitVectors(450, dim, new Random(6, "symmetric"));
      const symmetric = await engine.search({ queries: base, base, dim, k: 30, selfExcluded: true });
      const oneWay = await engine.search({ queries: base.slice(), base, dim, k: 30, selfExcluded: true });
      assert.deepEqual(symmetric.columns, oneWay.columns);
      assert.deepEqual(symmetric.scores, oneWay.scores);
    });

    it("searches queries against another set, pads short lists with -1 and scores zero rows 0", async () => {
      const engine = await make();
      const base = new Float32Array([1, 0, 0, 1, 0, 0]); // rows: x, y, zero
      const queries = new Float32Array([0.6, 0.8, 0, 0]);
      const result = await engine.search({ queries, base, dim: 2, k: 4, selfExcluded: false });
      assert.deepEqual(rowsOf(result.columns, 4), [[1, 0, 2, -1], [0, 1, 2, -1]]);
      assert.deepEqual(rowsOf(result.scores, 4), [[0.8, 0.6, 0, 0].map(Math.fround), [0, 0, 0, 0]]);
    });

    it("gives nothing for k = 0 or no queries, and stops on an aborted signal", async () => {
      const engine = await make();
      const base = new Float32Array([1, 0, 0, 1]);
      assert.equal((await engine.search({ queries: base, base, dim: 2, k: 0, selfExcluded: true })).columns.length, 0);
      assert.equal((await engine.search({ queries: new Float32Array(0), base, dim: 2, k: 3, selfExcluded: false })).columns.length, 0);
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(engine.search({ queries: base, base, dim: 2, k: 1, selfExcluded: true }, { signal: controller.signal }), Interrupted);
    });
  });
}

describe("float32Below", () => {
  it("gives the next float32 down, through zero and for negatives", () => {
    for (const x of [0.75, 1, -0.3, 1e-30, Math.fround(0.1)]) {
      const below = float32Below(x);
      assert.equal(Math.fround(below), below);
      assert.ok(below < Math.fround(x));
      assert.equal(new Float32Array([(below + Math.fround(x)) / 2])[0] === below || new Float32Array([(below + Math.fround(x)) / 2])[0] === Math.fround(x), true, `nothing between for ${x}`);
    }
    assert.ok(float32Below(0) < 0);
    assert.equal(float32Below(-Infinity), -Infinity);
  });
});

describe("top-k engines against each other", () => {
  it("give identical ids and scores on exactly representable inputs crossing many blocks and tiles", async () => {
    const dim = 16;
    const base = tiedUnitVectors(2000, dim, new Random(9, "agree"));
    const request: TopKSearch = { queries: base, base, dim, k: 50, selfExcluded: true };
    const ours = await (await createOnnxSearch(2, { tiling: { queryBlock: 300, baseTile: 700 }, minBlocksForLanes: Infinity })).search(request);
    const lanes = await (await createOnnxSearch(2, { tiling: { queryBlock: 100, baseTile: 700 }, minBlocksForLanes: 1 })).search(request);
    const reference = await referenceSearch.search(request);
    assert.deepEqual(ours.columns, reference.columns);
    assert.deepEqual(ours.scores, reference.scores);
    assert.deepEqual(lanes.columns, reference.columns);
    assert.deepEqual(lanes.scores, reference.scores);
  });

  it("a one-thread search asked to stay off the calling thread leaves it free, with the same answer", async () => {
    const dim = 16;
    const base = tiedUnitVectors(3000, dim, new Random(11, "off-thread"));
    const request: TopKSearch = { queries: base, base, dim, k: 50, selfExcluded: true };
    const engine = await createOnnxSearch(1, { tiling: { queryBlock: 100, baseTile: 700 }, minBlocksForLanes: 1 });
    // Count event-loop turns while each search runs: on the calling thread a block holds it for the whole run.
    const turnsDuring = async (offMainThread: boolean) => {
      let turns = 0;
      let running = true;
      const spin = () => { if (running) { turns++; setImmediate(spin); } };
      setImmediate(spin);
      const result = await engine.search(request, { offMainThread });
      running = false;
      return { result, turns };
    };
    const inline = await turnsDuring(false);
    const off = await turnsDuring(true);
    assert.deepEqual(off.result.columns, inline.result.columns);
    assert.deepEqual(off.result.scores, inline.result.scores);
    assert.ok(off.turns > 10 * Math.max(1, inline.turns), `event-loop turns: ${off.turns} off the thread, ${inline.turns} on it`);
  });

  it("worker lanes stop at a block boundary when the search is aborted, and report every block they finished", async () => {
    const dim = 16;
    const base = tiedUnitVectors(3000, dim, new Random(11, "abort"));
    const engine = await createOnnxSearch(2, { tiling: { queryBlock: 50, baseTile: 500 }, minBlocksForLanes: 1 });
    const controller = new AbortController();
    let reported = 0;
    const search = engine.search({ queries: base, base, dim, k: 10, selfExcluded: true }, {
      signal: controller.signal,
      onRows: (rows) => {
        reported += rows;
        if (reported >= 200) controller.abort();
      },
    });
    await assert.rejects(search, Interrupted);
    assert.ok(reported >= 200 && reported < 3000, `${reported} rows reported before the stop`);
  });
});
