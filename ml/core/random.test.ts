import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "./random.ts";

test("same seed and stream give the same sequence; streams differ", () => {
  const a = new Random(5, "x");
  const b = new Random(5, "x");
  const c = new Random(5, "y");
  const seqA = Array.from({ length: 20 }, () => a.nextUint32());
  assert.deepEqual(seqA, Array.from({ length: 20 }, () => b.nextUint32()));
  assert.notDeepEqual(seqA, Array.from({ length: 20 }, () => c.nextUint32()));
});

test("next() is uniform on [0, 1) and int(n) stays in range", () => {
  const r = new Random(1);
  const bins = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    bins[Math.floor(x * 10)]++;
  }
  for (const count of bins) assert.ok(Math.abs(count - 10_000) < 500, `bin count ${count}`);
  for (let i = 0; i < 1000; i++) {
    const v = r.int(7);
    assert.ok(Number.isInteger(v) && v >= 0 && v < 7);
  }
});

test("normal() has mean 0 and variance 1; weighted() follows the weights", () => {
  const r = new Random(2);
  let sum = 0;
  let sq = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const x = r.normal();
    sum += x;
    sq += x * x;
  }
  assert.ok(Math.abs(sum / n) < 0.03);
  assert.ok(Math.abs(sq / n - 1) < 0.05);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) counts[r.weighted([1, 0, 2])]!++;
  assert.equal(counts[1], 0);
  assert.ok(Math.abs(counts[2]! / counts[0]! - 2) < 0.15);
});

test("shuffle is a permutation", () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = new Random(3).shuffle([...items]);
  assert.notDeepEqual(shuffled, items);
  assert.deepEqual([...shuffled].sort((a, b) => a - b), items);
});
