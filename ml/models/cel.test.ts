import assert from "node:assert/strict";
import { test } from "node:test";
import type { EmbeddingSet } from "../core/embedding.ts";
import { Random } from "../core/random.ts";
import { DEFAULT_CEL } from "../config.ts";
import { encodeCel, trainCel, type CelConfig } from "./cel.ts";

/** Random unit-free vectors for the given ids. */
function randomSet(ids: number[], dim: number, seed: number): EmbeddingSet {
  const rng = new Random(seed, "cel-test");
  return { ids: Int32Array.from(ids), vectors: Float32Array.from({ length: ids.length * dim }, () => rng.normal()), dim };
}

const TINY: CelConfig = { ...DEFAULT_CEL, hidden: 16, joint: 32, embeddingDim: 8, epochs: 60, batchSize: 16, learningRate: 1e-2, seed: 5 };
// 60 songs with a TCAE vector, 60 with a Music2Vec one; 40 have both (ids 20..59).
const tcae = randomSet(Array.from({ length: 60 }, (_, i) => i), 8, 1);
const music2vec = randomSet(Array.from({ length: 60 }, (_, i) => i + 20), 8, 2);

test("training raises the output's cosine to both inputs; only songs having both are embedded", async () => {
  const untrained = await trainCel(tcae, music2vec, { ...TINY, epochs: 0 });
  const trained = await trainCel(tcae, music2vec, TINY);
  assert.deepEqual(Array.from(trained.embedding.ids), Array.from({ length: 40 }, (_, i) => i + 20));
  assert.equal(trained.embedding.vectors.length, 40 * 8);
  assert.equal(trained.stats.songs, 40);
  // Independent random inputs: the best single vector for both sits between them, at cosine ~0.7 to each.
  assert.ok(trained.stats.meanCosine.tcae > untrained.stats.meanCosine.tcae + 0.3, JSON.stringify([untrained.stats, trained.stats.meanCosine]));
  assert.ok(trained.stats.meanCosine.music2vec > untrained.stats.meanCosine.music2vec + 0.3);
  assert.ok(trained.stats.meanCosine.tcae > 0.5 && trained.stats.meanCosine.music2vec > 0.5, JSON.stringify(trained.stats.meanCosine));
  const history = trained.stats.lossHistory;
  assert.ok(history[history.length - 1]! < history[0]!);
});

test("the same seed gives the same weights; stored weights reproduce the embedding exactly", async () => {
  const config = { ...TINY, epochs: 3 };
  const a = await trainCel(tcae, music2vec, config);
  const b = await trainCel(tcae, music2vec, config);
  assert.deepEqual(a.weights, b.weights);
  assert.deepEqual(a.embedding.vectors, b.embedding.vectors);
  const again = await encodeCel(a.weights, tcae, music2vec);
  assert.deepEqual(again.ids, a.embedding.ids);
  assert.deepEqual(again.vectors, a.embedding.vectors);
});

test("an output dimension other than the inputs' is refused (the loss compares them)", async () => {
  await assert.rejects(trainCel(tcae, music2vec, { ...TINY, embeddingDim: 4 }), /must equal/);
  assert.equal(DEFAULT_CEL.embeddingDim, 128);
  assert.equal(DEFAULT_CEL.hidden, 128);
  assert.equal(DEFAULT_CEL.joint, 256);
});
