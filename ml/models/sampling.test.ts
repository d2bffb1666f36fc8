import assert from "node:assert/strict";
import { test } from "node:test";
import { buildUnigramTable, keepProbability, keepThresholds } from "./sampling.ts";

function shares(table: Int32Array, words: number): number[] {
  const slots = new Array<number>(words).fill(0);
  for (const w of table) slots[w]!++;
  return slots.map((s) => s / table.length);
}

test("the unigram table gives each word a share proportional to count^0.75", () => {
  const counts = [1000, 100, 10, 1, 300];
  const table = buildUnigramTable(counts, 0.75, 1_000_000);
  const total = counts.reduce((sum, c) => sum + c ** 0.75, 0);
  shares(table, counts.length).forEach((share, w) => {
    assert.ok(Math.abs(share - counts[w]! ** 0.75 / total) < 2e-6, `word ${w}: ${share}`);
  });
  // Hand-worked: 1000^0.75 = 177.83, 1^0.75 = 1, so the most frequent word fills 177.8 times the slots of the rarest.
  const s = shares(table, counts.length);
  assert.ok(Math.abs(s[0]! / s[3]! - 177.83) < 0.2);
});

test("a negative exponent (-0.5) favours rare words", () => {
  const counts = [100, 1];
  const s = shares(buildUnigramTable(counts, -0.5, 100_000), 2);
  // 100^-0.5 = 0.1 against 1: the rare word gets 1 / 1.1 of the draws.
  assert.ok(Math.abs(s[1]! - 1 / 1.1) < 1e-4);
});

test("subsampling keeps a word with word2vec.c's probability (sqrt(c/t) + 1) * t/c, t = sample * total", () => {
  // word2vec.c: ran = (sqrt(cn / (sample * train_words)) + 1) * (sample * train_words) / cn
  const word2vecC = (cn: number, trainWords: number, sample: number) =>
    (Math.sqrt(cn / (sample * trainWords)) + 1) * (sample * trainWords) / cn;
  for (const count of [5000, 20_000, 123_456]) {
    assert.ok(Math.abs(keepProbability(count, 1_000_000, 1e-3) - word2vecC(count, 1_000_000, 1e-3)) < 1e-12);
  }
  // Hand-worked: t = 1000; a word seen 10,000 times is kept with (sqrt(10) + 1) / 10 = 0.41623.
  assert.ok(Math.abs(keepProbability(10_000, 1_000_000, 1e-3) - 0.416228) < 1e-6);
  // Rare words are always kept (the formula exceeds 1), and sample 0 disables subsampling.
  assert.equal(keepProbability(1000, 1_000_000, 1e-3), 1);
  assert.equal(keepProbability(900_000, 1_000_000, 0), 1);
  assert.deepEqual([...keepThresholds([1000], 1_000_000, 1e-3)], [4294967296]);
});
