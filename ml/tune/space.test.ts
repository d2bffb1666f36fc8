import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_SPACE, PUBLISHED_MUSIC, candidateKey, drawCandidates, type Candidate } from "./space.ts";

const baseline: Candidate = { window: 10, epochs: 10, sample: 1e-3, nsExponent: 0.75, negative: 5, dim: 128, alpha: 0.025 };
const options = { space: DEFAULT_SPACE, baseline, maxTrainingWords: 100e6, wordsPerEpoch: 3.6e6, seed: 22 };

describe("drawCandidates", () => {
  it("starts with the default, then the published music settings at the most epochs the limit allows", () => {
    const [first, second] = drawCandidates(5, options);
    assert.deepEqual(first, baseline);
    // 100M words / 3.6M per epoch: 27 epochs at most, so 20 of the grid's epochs.
    assert.deepEqual(second, { ...baseline, ...PUBLISHED_MUSIC, epochs: 20 });
  });

  it("draws distinct candidates from the grid within the training-words limit", () => {
    const drawn = drawCandidates(40, options);
    assert.equal(drawn.length, 40);
    assert.equal(new Set(drawn.map(candidateKey)).size, 40);
    for (const c of drawn.slice(2)) {
      assert.ok(c.epochs * options.wordsPerEpoch <= options.maxTrainingWords, candidateKey(c));
      for (const key of Object.keys(DEFAULT_SPACE) as (keyof Candidate)[]) assert.ok(DEFAULT_SPACE[key].includes(c[key]), `${key} ${c[key]}`);
    }
  });

  it("is the same for the same seed, a prefix of any longer draw, and different for another seed", () => {
    assert.deepEqual(drawCandidates(12, options), drawCandidates(12, options));
    assert.deepEqual(drawCandidates(12, options), drawCandidates(30, options).slice(0, 12));
    assert.notDeepEqual(drawCandidates(12, options), drawCandidates(12, { ...options, seed: 23 }));
  });

  it("leaves out a default the limit cannot afford, and stops when nothing is affordable", () => {
    const tight = { ...options, maxTrainingWords: 4e6 }; // one epoch of 3.6M words: no grid epochs (5 and up) fit
    assert.deepEqual(drawCandidates(5, tight), []);
    const small = { ...options, wordsPerEpoch: 125_000 }; // the demo corpus: every grid value fits
    assert.equal(drawCandidates(5, small)[1]!.epochs, 120);
  });
});
