// Music2Vec: song embeddings from playlists by skip-gram with negative sampling (songs are words, playlists
// sentences), trained in plain TypeScript (ml/models/sgns.ts) on one or more threads.
//
// Threads and determinism. word2vec.c and gensim run Hogwild: threads update one weight matrix without
// locks, so the vectors depend on thread timing. The build promises that the same inputs and seed give the
// same rankings, so by default (deterministic: true) each thread trains a private copy of the weights on
// a fixed share of each round's playlists (dealt out in turn), a round being at most 2^18 words per thread
// and at most 1/16 of an epoch; then the threads merge the copies (ml/models/music2vecThreads.ts: each
// element moves by the sum of the threads' changes), at points fixed by the data alone. Each thread draws from its own seeded stream. Same seed and same
// `threads` give bit-identical vectors; a different `threads` gives different (equally good) vectors.
// The price, measured by bench/music2vec.ts (40k songs, 13.5k playlists, 1 epoch, dim 100, window 5):
// no measurable speed cost (29.3k vs 29.3k effective words/s; the merge pass and the wait for the slower
// thread are a few percent of a round), memory for one copy of the weights per thread, and hit-rate@10
// 0.248 vs Hogwild's 0.270 (gensim 0.285; 1,000 held-out queries, standard error ~0.014): threads read each
// other's updates a round late. `deterministic: false` selects plain Hogwild on shared weights.
import type { Worker } from "node:worker_threads";
import { computeBackend, requestedChoice, type ComputeChoice } from "../compute/backend.ts";
import { MAX_WASM_BYTES, arenaBytes, createArena, f32, f64, i32, type Arena } from "../compute/sharedArena.ts";
import { validateMusic2VecConfig } from "../config.ts";
import type { EmbeddingSet } from "../core/embedding.ts";
import { Interrupted, checkpoint } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { startTypeScriptWorker } from "../core/workers.ts";
import { buildCorpus, buildVocabulary, type SongVocabulary } from "./playlistCorpus.ts";
import { buildUnigramTable, keepThresholds, unigramTableSize } from "./sampling.ts";
import { SIGMOID_TABLE, learningRate, longestSentence, rowStride, type SgnsCorpus, type SgnsSettings } from "./sgns.ts";
import {
  arenaPlan,
  fillCopyTables,
  threadTrainer,
  weightNames,
  type SentenceLoop,
  type WorkerCommand,
  type WorkerInit,
  type WorkerReply,
} from "./music2vecThreads.ts";

export interface Music2VecConfig {
  /** Embedding dimension. */
  dim: number;
  /** Maximum distance between a song and its context songs (each centre draws a width in 1..window). */
  window: number;
  /** Negative songs per positive pair. */
  negative: number;
  epochs: number;
  /** Learning rate at the start; decays linearly over all epochs to minAlpha. */
  alpha: number;
  minAlpha: number;
  /** Frequent-song subsampling threshold (word2vec's `sample`); 0 disables it. */
  sample: number;
  /** Exponent of the counts in the negative-sampling distribution: 0.75 (word2vec), -0.5 (tuned for music). */
  nsExponent: number;
  /**
   * How many of a song's first neighbours come from skip-gram's own prediction of its playlist-mates (each
   * song's input vector against the others' output vectors: "played together", which leans to the songs
   * playlists agree on) before the rest from its input-vector cosine ("plays the same role": alike songs,
   * often less known). 0 gives the original's cosine list alone. Chosen by `mugle tune` (ml/models/music2vecLists.ts).
   */
  togetherSlots: number;
  /** Treat playlists as sets: repeated songs count once, and each playlist is shuffled before each epoch. */
  asSet: boolean;
  /** Songs occurring fewer times than this (once per playlist when asSet) get no vector. */
  minCount: number;
  threads: number;
  /** Threads train private copies merged at data-determined points (reproducible) instead of Hogwild. */
  deterministic: boolean;
  seed: number;
}

export interface Music2VecStats {
  /** The sentence loop that ran: the WebAssembly SIMD kernel, or the TypeScript reference. */
  loop: string;
  /** Words trained after subsampling, over all epochs (gensim's "effective words"). */
  effectiveWords: number;
  /** Training time (corpus preparation excluded). */
  seconds: number;
  wordsPerSecond: number;
  vocabulary: number;
}

export interface Music2VecResult {
  /** The input vectors (word2vec's syn0): the song's embedding, used by cosine, CEL and the map. */
  embedding: EmbeddingSet;
  /** The output vectors (syn1neg), same rows: what the input vectors predict ("played together"). */
  output: EmbeddingSet;
  stats: Music2VecStats;
}

export interface Music2VecOptions {
  progress?: boolean;
  signal?: AbortSignal;
  /** The compute backend to train on instead of MUGLE_COMPUTE's (the tests compare both). */
  compute?: ComputeChoice;
}

/**
 * Words each thread trains between two merges: at most ~2^18 (several seconds, so merging Melon-scale
 * weights costs a few percent), and at least 16 merges per epoch, so that on a small corpus the copies
 * never drift apart for a whole epoch (the merge adds the threads' changes, which must stay small).
 */
const MAX_ROUND_WORDS_PER_THREAD = 1 << 18;
const MIN_ROUNDS_PER_EPOCH = 16;
/** On one thread nothing is merged: rounds only give the event loop a turn (Ctrl-C, progress). */
const ROUND_WORDS_SINGLE = 1 << 15;

/** Round boundaries (sentence indices, first 0, last the sentence count), cut every ~`words` words. */
export function planRounds(offsets: Int32Array, words: number): number[] {
  const sentences = offsets.length - 1;
  const cuts = [0];
  for (let i = 1; i <= sentences; i++) {
    if (i === sentences || offsets[i]! - offsets[cuts[cuts.length - 1]!]! >= words) cuts.push(i);
  }
  return cuts;
}

/** One weight matrix of the vocabulary (input or output vectors) as an EmbeddingSet, rows by ascending song id. */
function toEmbedding(vocabulary: SongVocabulary, syn0: Float32Array, dim: number, stride: number): EmbeddingSet {
  const rows = Array.from(vocabulary.ids.keys()).sort((a, b) => vocabulary.ids[a]! - vocabulary.ids[b]!);
  const ids = new Int32Array(rows.length);
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    ids[i] = vocabulary.ids[row]!;
    vectors.set(syn0.subarray(row * stride, row * stride + dim), i * dim);
  });
  return { ids, vectors, dim };
}

/**
 * The sentence loop for this run: the kernel when the backend offers it and the arena fits in WebAssembly's
 * 4 GiB (vocabulary × dimension × 2 matrices, times threads + 1 when deterministic), the reference otherwise.
 */
async function chooseLoop(config: Music2VecConfig, opts: Music2VecOptions, bytes: number): Promise<{ loop: SentenceLoop; note: string }> {
  const backend = await computeBackend({ threads: config.threads, choice: opts.compute ?? requestedChoice() });
  if (backend.sgns !== "wasm-simd") return { loop: "typescript", note: backend.sgnsDescription };
  if (bytes > MAX_WASM_BYTES) {
    return { loop: "typescript", note: `typescript reference (the weights need ${(bytes / 2 ** 30).toFixed(1)} GiB, more than WebAssembly's 4 GiB)` };
  }
  return { loop: "wasm-simd", note: backend.sgnsDescription };
}

export async function trainMusic2Vec(
  playlists: readonly (readonly number[])[],
  config: Music2VecConfig,
  opts: Music2VecOptions = {},
): Promise<Music2VecResult> {
  validateMusic2VecConfig(config);
  const { dim } = config;
  const stride = rowStride(dim);
  const vocabulary = buildVocabulary(playlists, config.minCount, config.asSet);
  const vocabularySize = vocabulary.ids.length;
  if (vocabularySize === 0) {
    const empty = { ids: new Int32Array(0), vectors: new Float32Array(0), dim };
    return { embedding: empty, output: empty, stats: { loop: "none", effectiveWords: 0, seconds: 0, wordsPerSecond: 0, vocabulary: 0 } };
  }
  const corpus = buildCorpus(playlists, vocabulary, config.asSet);
  const totalWords = corpus.words.length;
  const threads = Math.max(1, Math.min(config.threads, corpus.offsets.length - 1));
  const copies = config.deterministic && threads > 1;
  const tableSize = unigramTableSize(vocabularySize);
  const plan = arenaPlan(vocabularySize, stride, tableSize, threads, copies, longestSentence(corpus), config);
  const { loop, note } = await chooseLoop(config, opts, arenaBytes(plan));
  const arena = createArena(plan, loop === "wasm-simd");
  buildUnigramTable(vocabulary.counts, config.nsExponent, tableSize, i32(arena, "unigramTable"));
  f64(arena, "keepThresholds").set(keepThresholds(vocabulary.counts, totalWords, config.sample));
  f64(arena, "sigmoid").set(SIGMOID_TABLE);

  // word2vec.c's initialisation: input vectors uniform in [-0.5, 0.5) / dim, output vectors zero; the
  // padding of each row stays zero.
  const syn0 = f32(arena, "syn0");
  const init = new Random(config.seed, "music2vec-init");
  for (let row = 0; row < vocabularySize; row++) {
    for (let k = 0; k < dim; k++) syn0[row * stride + k] = (init.next() - 0.5) / dim;
  }
  if (copies) {
    for (let t = 0; t < threads; t++) f32(arena, weightNames(t).syn0).set(syn0);
    fillCopyTables(arena, threads);
  }

  const settings: SgnsSettings = {
    dim,
    window: config.window,
    negative: config.negative,
    epochs: config.epochs,
    alpha: config.alpha,
    minAlpha: config.minAlpha,
    asSet: config.asSet,
  };
  const progress = createProgress("music2vec", config.epochs * totalWords, { unit: "words", quiet: opts.progress === false });
  const run: TrainingRun = { corpus, settings, arena, loop, stride, threads, progress, signal: opts.signal };
  const started = performance.now();
  const effectiveWords = threads === 1 ? await trainOnMainThread(config, run) : await trainOnWorkers(config, run);
  const seconds = (performance.now() - started) / 1000;
  progress.done(`${Math.round(effectiveWords / seconds).toLocaleString()} effective words/s (${loop})`);
  return {
    embedding: toEmbedding(vocabulary, syn0, dim, stride),
    output: toEmbedding(vocabulary, f32(arena, "syn1neg"), dim, stride),
    stats: { loop: note, effectiveWords, seconds, wordsPerSecond: effectiveWords / seconds, vocabulary: vocabularySize },
  };
}

interface TrainingRun {
  corpus: SgnsCorpus;
  settings: SgnsSettings;
  arena: Arena;
  loop: SentenceLoop;
  stride: number;
  threads: number;
  progress: ReturnType<typeof createProgress>;
  signal: AbortSignal | undefined;
}

function alphaInfo(config: Music2VecConfig, epoch: number, wordsDone: number, totalWords: number): string {
  const alpha = learningRate(config.alpha, config.minAlpha, (epoch * totalWords + wordsDone) / (config.epochs * totalWords));
  return `epoch ${epoch + 1}/${config.epochs}  alpha ${alpha.toFixed(4)}`;
}

async function trainOnMainThread(config: Music2VecConfig, run: TrainingRun): Promise<number> {
  const { corpus } = run;
  const trainer = threadTrainer({ ...run, seed: config.seed }, 0, null);
  const rounds = planRounds(corpus.offsets, ROUND_WORDS_SINGLE);
  const totalWords = corpus.words.length;
  let effective = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    for (let r = 0; r + 1 < rounds.length; r++) {
      if (run.signal?.aborted) throw new Interrupted();
      const counts = trainer.trainSentences(epoch, rounds[r]!, rounds[r + 1]!, 1);
      effective += counts.effective;
      run.progress.tick(counts.raw, alphaInfo(config, epoch, corpus.offsets[rounds[r + 1]!]!, totalWords));
      await checkpoint(run.signal);
    }
  }
  return effective;
}

async function trainOnWorkers(config: Music2VecConfig, run: TrainingRun): Promise<number> {
  const { corpus, threads, arena } = run;
  const workers = Array.from({ length: threads }, (_, index) => {
    const init: WorkerInit = {
      index,
      threads,
      deterministic: config.deterministic,
      loop: run.loop,
      arena,
      words: corpus.words.buffer as SharedArrayBuffer,
      offsets: corpus.offsets.buffer as SharedArrayBuffer,
      settings: run.settings,
      stride: run.stride,
      seed: config.seed,
    };
    return startTypeScriptWorker(new URL("./music2vec.worker.ts", import.meta.url), { workerData: init });
  });

  // Every worker answers each command once; a crash rejects the pending round.
  let failure: Error | null = null;
  let stopping = false;
  const waiting = new Map<Worker, (reply: WorkerReply) => void>();
  for (const worker of workers) {
    worker.on("message", (reply: WorkerReply) => waiting.get(worker)?.(reply));
    const fail = (error: Error) => {
      failure ??= error;
      for (const resolve of waiting.values()) resolve({ type: "merged" });
    };
    worker.on("error", fail);
    // A worker killed without an "error" event (out of memory, say) must not leave a round waiting forever.
    worker.on("exit", (code) => {
      if (!stopping) fail(new Error(`music2vec: a training thread stopped (exit code ${code}) before the end`));
    });
  }
  const all = async (command: (index: number) => WorkerCommand): Promise<WorkerReply[]> => {
    if (failure) throw failure;
    const replies = await Promise.all(
      workers.map(
        (worker, index) =>
          new Promise<WorkerReply>((resolve) => {
            waiting.set(worker, resolve);
            worker.postMessage(command(index));
          }),
      ),
    );
    if (failure) throw failure;
    return replies;
  };

  const roundWords = Math.min(MAX_ROUND_WORDS_PER_THREAD * threads, Math.ceil(corpus.words.length / MIN_ROUNDS_PER_EPOCH));
  const rounds = planRounds(corpus.offsets, roundWords);
  const totalWords = corpus.words.length;
  const elements = arena.arrays.syn0!.length;
  let effective = 0;
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      for (let r = 0; r + 1 < rounds.length; r++) {
        if (run.signal?.aborted) throw new Interrupted();
        const replies = await all(() => ({ type: "train", epoch, first: rounds[r]!, end: rounds[r + 1]! }));
        let raw = 0;
        for (const reply of replies) {
          if (reply.type !== "trained") continue;
          raw += reply.raw;
          effective += reply.effective;
        }
        if (config.deterministic) {
          // Each worker merges a contiguous slice of the rows (same slice of syn0 and syn1neg).
          const slice = Math.ceil(elements / threads / run.stride) * run.stride;
          await all((index) => ({ type: "merge", from: Math.min(elements, index * slice), to: Math.min(elements, (index + 1) * slice) }));
        }
        run.progress.tick(raw, alphaInfo(config, epoch, corpus.offsets[rounds[r + 1]!]!, totalWords));
      }
    }
  } finally {
    stopping = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return effective;
}
