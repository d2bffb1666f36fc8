import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../core/random.ts";
import { learningRate, referenceKernel, SgnsTrainer, sgnsLoss, sgnsStep, tableSigmoid } from "./sgns.ts";

test("one SGNS step moves every row by minus the gradient of the loss (finite differences)", () => {
  const dim = 8;
  const random = new Random(7, "gradient-check");
  const syn0 = Float32Array.from({ length: 4 * dim }, () => random.range(-0.5, 0.5));
  const syn1neg = Float32Array.from({ length: 4 * dim }, () => random.range(-0.5, 0.5));
  const input = 0;
  const targets = [1, 2, 3]; // positive, then two negatives

  // Central differences of the exact loss, in float64 copies.
  const h = 1e-3;
  const gradient = (weights: Float32Array, k: number): number => {
    const saved = weights[k]!;
    weights[k] = saved + h;
    const plus = sgnsLoss(syn0, syn1neg, dim, input, targets);
    weights[k] = saved - h;
    const minus = sgnsLoss(syn0, syn1neg, dim, input, targets);
    weights[k] = saved;
    return (plus - minus) / (2 * h);
  };
  const expected0 = Array.from({ length: dim }, (_, c) => -gradient(syn0, input * dim + c));
  const expected1 = targets.flatMap((t) => Array.from({ length: dim }, (_, c) => -gradient(syn1neg, t * dim + c)));

  const after0 = syn0.slice();
  const after1 = syn1neg.slice();
  sgnsStep(after0, after1, dim, input, targets, 1);
  // alpha = 1: the step is the negative gradient itself, up to the sigmoid table's resolution (12/1000 wide
  // cells, so σ is off by at most ~0.003) and float32 rounding.
  for (let c = 0; c < dim; c++) assert.ok(Math.abs(after0[c]! - syn0[c]! - expected0[c]!) < 5e-3, `input row, dim ${c}`);
  targets.forEach((t, i) => {
    for (let c = 0; c < dim; c++) {
      const moved = after1[t * dim + c]! - syn1neg[t * dim + c]!;
      assert.ok(Math.abs(moved - expected1[i * dim + c]!) < 5e-3, `target ${t}, dim ${c}: ${moved} vs ${expected1[i * dim + c]}`);
    }
  });
  // And the step lowers the loss.
  assert.ok(sgnsLoss(after0, after1, dim, input, targets) < sgnsLoss(syn0, syn1neg, dim, input, targets));
});

test("the trainer's sentence loop makes exactly the checked steps, pair by pair", () => {
  const dim = 8;
  const start = new Random(8, "trainer-vs-step");
  const syn0 = Float32Array.from({ length: 3 * dim }, () => start.range(-0.5, 0.5));
  const syn1neg = Float32Array.from({ length: 3 * dim }, () => start.range(-0.5, 0.5));
  const expected0 = syn0.slice();
  const expected1 = syn1neg.slice();
  const trainerStart1 = syn1neg.slice();
  // One playlist [0, 1], window 1, one negative always drawn as song 2, nothing subsampled, constant alpha:
  // the trainer trains (input 1 → target 0, negative 2), then (input 0 → target 1, negative 2).
  const random = new Random(1, "trainer");
  const settings = { dim, window: 1, negative: 1, epochs: 1, alpha: 0.3, minAlpha: 0.3, asSet: false };
  const kernel = referenceKernel(
    { syn0, syn1neg, stride: dim, unigramTable: new Int32Array(4).fill(2), window: 1, negative: 1, neu1e: new Float32Array(dim), random },
    2,
  );
  const trainer = new SgnsTrainer({ words: Int32Array.from([0, 1]), offsets: Int32Array.from([0, 2]) }, new Float64Array(3).fill(4294967296), settings, random, kernel);
  assert.deepEqual(trainer.trainSentences(0, 0, 1, 1), { raw: 2, effective: 2 });
  sgnsStep(expected0, expected1, dim, 1, [0, 2], 0.3);
  sgnsStep(expected0, expected1, dim, 0, [1, 2], 0.3);
  assert.deepEqual(syn0, expected0);
  assert.deepEqual(syn1neg, expected1);
  assert.ok(expected1.some((v, k) => Math.abs(v - trainerStart1[k]!) > 1e-3), "the steps did move the weights");
});

test("the sigmoid table agrees with 1 / (1 + e^-x) and saturates beyond ±6", () => {
  for (let x = -5.99; x < 6; x += 0.137) assert.ok(Math.abs(tableSigmoid(x) - 1 / (1 + Math.exp(-x))) < 4e-3, `x = ${x}`);
  assert.equal(tableSigmoid(6), 1);
  assert.equal(tableSigmoid(-7), 0);
});

test("the learning rate decays linearly from alpha to minAlpha over all epochs", () => {
  assert.equal(learningRate(0.025, 0.0001, 0), 0.025);
  assert.ok(Math.abs(learningRate(0.025, 0.0001, 0.5) - 0.01255) < 1e-12);
  assert.ok(Math.abs(learningRate(0.025, 0.0001, 1) - 0.0001) < 1e-12);
  // Equal steps in progress give equal drops.
  const drop1 = learningRate(0.025, 0.0001, 0.2) - learningRate(0.025, 0.0001, 0.3);
  const drop2 = learningRate(0.025, 0.0001, 0.7) - learningRate(0.025, 0.0001, 0.8);
  assert.ok(Math.abs(drop1 - drop2) < 1e-12);
  assert.ok(Math.abs(learningRate(0.025, 0.0001, 1.5) - 0.0001) < 1e-12, "never below minAlpha");
});
