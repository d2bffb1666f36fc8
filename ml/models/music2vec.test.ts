import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../core/random.ts";
import { DEFAULT_MUSIC2VEC } from "../config.ts";
import { planRounds, trainMusic2Vec, type Music2VecConfig } from "./music2vec.ts";
import { mergeRows } from "./music2vecThreads.ts";
import { buildCorpus, buildVocabulary } from "./playlistCorpus.ts";

/** Two communities that never share a playlist: songs 0-19 and songs 100-119. */
function twoCommunities(seed: number): number[][] {
  const random = new Random(seed, "two-communities");
  return Array.from({ length: 300 }, (_, p) => {
    const base = p % 2 === 0 ? 0 : 100;
    return Array.from({ length: 8 }, () => base + random.int(20));
  });
}

const SMALL: Music2VecConfig = { ...DEFAULT_MUSIC2VEC, dim: 16, window: 5, epochs: 10, sample: 0, threads: 1, seed: 5 };

function cosine(vectors: Float32Array, dim: number, a: number, b: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < dim; k++) {
    dot += vectors[a * dim + k]! * vectors[b * dim + k]!;
    na += vectors[a * dim + k]! ** 2;
    nb += vectors[b * dim + k]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

async function assertCommunitiesSeparate(config: Music2VecConfig): Promise<void> {
  const { embedding } = await trainMusic2Vec(twoCommunities(1), config, { progress: false });
  assert.equal(embedding.ids.length, 40);
  const community = (row: number) => (embedding.ids[row]! < 100 ? 0 : 1);
  for (let a = 0; a < 40; a++) {
    let within = 0;
    let across = 0;
    for (let b = 0; b < 40; b++) {
      if (b === a) continue;
      const similarity = cosine(embedding.vectors, embedding.dim, a, b);
      if (community(a) === community(b)) within += similarity / 19;
      else across += similarity / 20;
    }
    assert.ok(within > across + 0.2, `song ${embedding.ids[a]}: within ${within.toFixed(3)}, across ${across.toFixed(3)}`);
  }
}

test("songs end closer to their own community than to the other (one thread)", async () => {
  await assertCommunitiesSeparate(SMALL);
});

test("songs end closer to their own community than to the other (two threads, merged copies)", async () => {
  await assertCommunitiesSeparate({ ...SMALL, threads: 2 });
});

test("the same seed gives identical vectors, on one thread and on two", async () => {
  const playlists = twoCommunities(2);
  for (const threads of [1, 2]) {
    const config = { ...SMALL, sample: 1e-3, threads };
    const first = await trainMusic2Vec(playlists, config, { progress: false });
    const second = await trainMusic2Vec(playlists, config, { progress: false });
    assert.deepEqual(second.embedding.vectors, first.embedding.vectors, `threads ${threads}`);
    const other = await trainMusic2Vec(playlists, { ...config, seed: 6 }, { progress: false });
    assert.notDeepEqual(other.embedding.vectors, first.embedding.vectors);
  }
});

test("the WebAssembly kernel and the TypeScript reference train identical vectors, threads and merges included", async () => {
  const playlists = twoCommunities(3);
  for (const threads of [1, 2]) {
    const config = { ...SMALL, dim: 12, sample: 1e-3, epochs: 3, threads };
    const native = await trainMusic2Vec(playlists, config, { progress: false, compute: "native" });
    const reference = await trainMusic2Vec(playlists, config, { progress: false, compute: "reference" });
    assert.match(native.stats.loop, /wasm-simd/);
    assert.match(reference.stats.loop, /typescript/);
    assert.deepEqual(native.embedding.vectors, reference.embedding.vectors, `threads ${threads}`);
  }
});

test("the embedding lists songs by ascending id, drops songs under minCount and reports its work", async () => {
  const playlists = [[30, 10, 20], [10, 20, 40, 10], [20, 10]];
  const { embedding, stats } = await trainMusic2Vec(playlists, { ...SMALL, minCount: 2 }, { progress: false });
  assert.deepEqual([...embedding.ids], [10, 20]);
  assert.equal(embedding.vectors.length, 2 * SMALL.dim);
  assert.equal(stats.vocabulary, 2);
  // asSet: the repeated 10 counts once, so 6 words per epoch, none subsampled (sample 0).
  assert.equal(stats.effectiveWords, 6 * SMALL.epochs);
});

test("the vocabulary is most frequent first; as sets, a repeated song counts once per playlist", () => {
  const playlists = [[7, 3, 7], [3, 9], [3]];
  assert.deepEqual(buildVocabulary(playlists, 1, true), { ids: Int32Array.from([3, 7, 9]), counts: Int32Array.from([3, 1, 1]) });
  assert.deepEqual(buildVocabulary(playlists, 1, false).counts, Int32Array.from([3, 2, 1]));
  const corpus = buildCorpus(playlists, buildVocabulary(playlists, 2, false), false);
  assert.deepEqual([...corpus.words], [1, 0, 1, 0, 0]);
  assert.deepEqual([...corpus.offsets], [0, 3, 4, 5]);
  assert.throws(() => buildVocabulary([[1, -2]], 1, true), /playlist 0, song 1 is -2/);
});

test("merging adds up the threads' changes since the last merge and resets every copy", () => {
  const base = Float32Array.from([1, 1, 1]);
  const copyA = Float32Array.from([1.5, 1, 0]); // changed elements 0 and 2
  const copyB = Float32Array.from([2.5, 1, 1]); // changed element 0 only
  mergeRows(base, [copyA, copyB], 0, 3);
  assert.deepEqual([...base], [3, 1, 0]); // 1 + 0.5 + 1.5; untouched; 1 - 1
  assert.deepEqual([...copyA], [3, 1, 0]);
  assert.deepEqual([...copyB], [3, 1, 0]);
  const outside = Float32Array.from([1, 1]);
  mergeRows(outside, [Float32Array.from([2, 2])], 1, 2);
  assert.deepEqual([...outside], [1, 2], "only elements in [from, to) move");
});

test("rounds cut the corpus every ~N words at playlist boundaries", () => {
  assert.deepEqual(planRounds(Int32Array.from([0, 3, 6, 7, 12]), 5), [0, 2, 4]);
  assert.deepEqual(planRounds(Int32Array.from([0, 3]), 100), [0, 1]);
});

test("a bad option is refused with its name", async () => {
  await assert.rejects(trainMusic2Vec([[1, 2]], { ...SMALL, window: 0 }), /music2vec.window is 0 \(number\), expected a positive integer/);
});
