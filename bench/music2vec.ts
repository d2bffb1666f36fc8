// `npm run bench -- music2vec [--corpus FILE] [--playlists N --songs N] [--dim 128 --window 10 --negative 5
//   --sample 1e-3 --epochs 1 --threads 2 --ns-exponent 0.75 --seed 22] [--queries 5000]
//   [--modes deterministic,hogwild]`
//
// Trains Music2Vec on a Melon-scale corpus (by default the sample generator's melon preset without mels,
// 115,071 playlists over 707,989 songs, made once and cached under .bench/; or any Melon-format train.json
// given with --corpus) and prints effective words/s (words left after subsampling, per second of training,
// as gensim counts them) and wall time for each threading mode. When Debian's python3-gensim is installed,
// bench/reference/gensim_w2v.py trains gensim's Word2Vec on the same training playlists with the same
// hyper-parameters and threads, and the ratio of ours to it is printed. Quality, ours and gensim's on the
// same queries: co-playlist hit-rate@10 on held-out playlists (10% split off before training): does any of
// a seed song's 10 nearest neighbours (cosine) appear in the rest of its playlist? Its standard error is
// printed beside it, so "within noise" can be read off. The machine may be shared: compare the figures of
// one run, not across runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseNpy } from "npyjs";
import { hitAtK } from "../lib/metrics.ts";
import { describeCompute } from "../ml/compute/backend.ts";
import { nearestRows } from "../ml/compute/knn.ts";
import { rowIndex, type EmbeddingSet } from "../ml/core/embedding.ts";
import { DEFAULT_MUSIC2VEC } from "../ml/config.ts";
import { trainMusic2Vec, type Music2VecConfig } from "../ml/models/music2vec.ts";
import { splitPlaylists } from "../ml/pipeline/split.ts";
import { cachedSampleCorpus, corpusFromFile, writeMelonTrain } from "./lib/music2vecCorpus.ts";
import { pythonHas, runReference } from "./lib/python.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = join(root, ".bench", "music2vec");
const HELD_OUT = 0.1;
const K = 10;

/** gensim_w2v.py --save output: vectors in vocabulary order plus their song ids, as an ascending-id set. */
function readGensimVectors(npyFile: string): EmbeddingSet {
  const bytes = readFileSync(npyFile);
  const npy = parseNpy(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ids = JSON.parse(readFileSync(npyFile.replace(/\.npy$/, ".ids.json"), "utf8")) as number[];
  const dim = npy.shape[1]!;
  const data = npy.data as Float32Array;
  const order = ids.map((_, row) => row).sort((a, b) => ids[a]! - ids[b]!);
  const vectors = new Float32Array(ids.length * dim);
  order.forEach((row, i) => vectors.set(data.subarray(row * dim, (row + 1) * dim), i * dim));
  return { ids: Int32Array.from(order, (row) => ids[row]!), vectors, dim };
}

interface Query {
  seed: number;
  rest: Set<number>;
}

/** One query per held-out playlist: its first song every compared embedding knows, against the rest. */
function makeQueries(heldOut: readonly (readonly number[])[], embeddings: readonly EmbeddingSet[], limit: number): Query[] {
  const indexes = embeddings.map((e) => rowIndex(e.ids));
  const queries: Query[] = [];
  for (const songs of heldOut) {
    if (queries.length >= limit) break;
    const seed = songs.find((id) => indexes.every((index) => index.has(id)));
    if (seed === undefined || songs.length < 2) continue;
    queries.push({ seed, rest: new Set(songs.filter((id) => id !== seed)) });
  }
  return queries;
}

/** Co-playlist hit-rate@K with exact cosine neighbours of each query's seed over the whole vocabulary. */
async function coPlaylistHitRate(embedding: EmbeddingSet, queries: readonly Query[]): Promise<{ rate: number; standard_error: number }> {
  const { dim, ids } = embedding;
  const index = rowIndex(ids);
  const seeds = new Float32Array(queries.length * dim);
  queries.forEach((q, i) => {
    const row = index.get(q.seed)!;
    seeds.set(embedding.vectors.subarray(row * dim, (row + 1) * dim), i * dim);
  });
  // K + 1: the seed finds itself (removed below wherever it ranks).
  const found = await nearestRows({ ids: new Int32Array(queries.length), vectors: seeds, dim }, embedding, K + 1, { progress: false });
  let hits = 0;
  queries.forEach((q, i) => {
    const neighbours = Array.from(found.columns.subarray(i * (K + 1), (i + 1) * (K + 1)), (row) => ids[row]!).filter((id) => id !== q.seed);
    hits += hitAtK(neighbours, q.rest, K);
  });
  const rate = queries.length > 0 ? hits / queries.length : 0;
  return { rate: round(rate, 4), standard_error: round(Math.sqrt((rate * (1 - rate)) / Math.max(1, queries.length)), 4) };
}

const round = (x: number, digits = 0) => Number(x.toFixed(digits));

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      playlists: { type: "string", default: "115071" },
      songs: { type: "string", default: "707989" },
      dim: { type: "string", default: String(DEFAULT_MUSIC2VEC.dim) },
      window: { type: "string", default: String(DEFAULT_MUSIC2VEC.window) },
      negative: { type: "string", default: String(DEFAULT_MUSIC2VEC.negative) },
      sample: { type: "string", default: String(DEFAULT_MUSIC2VEC.sample) },
      epochs: { type: "string", default: "1" },
      threads: { type: "string", default: "2" },
      "ns-exponent": { type: "string", default: String(DEFAULT_MUSIC2VEC.nsExponent) },
      seed: { type: "string", default: "22" },
      queries: { type: "string", default: "5000" },
      modes: { type: "string", default: "deterministic,hogwild" },
      /** A Melon-format train.json to use instead of the synthesised corpus (e.g. a `mugle sample` dataset's). */
      corpus: { type: "string" },
    },
  });
  const num = (key: keyof typeof values) => Number(values[key]);
  const shape = { playlists: num("playlists"), songs: num("songs"), seed: num("seed") };
  const config: Music2VecConfig = {
    ...DEFAULT_MUSIC2VEC,
    dim: num("dim"),
    window: num("window"),
    negative: num("negative"),
    sample: num("sample"),
    epochs: num("epochs"),
    threads: num("threads"),
    nsExponent: num("ns-exponent"),
    seed: shape.seed,
    asSet: true,
  };

  let started = performance.now();
  const corpus = values.corpus ? corpusFromFile(values.corpus) : await cachedSampleCorpus(CACHE, shape);
  const { train, heldOut } = splitPlaylists(corpus.playlists, HELD_OUT, shape.seed);
  mkdirSync(CACHE, { recursive: true });
  const trainFile = join(CACHE, `train-${corpus.playlists.length}-${shape.seed}.json`);
  if (!existsSync(trainFile)) writeMelonTrain(trainFile, train);
  const words = train.reduce((sum, p) => sum + p.length, 0);
  const compute = await describeCompute({ threads: config.threads, training: false });
  process.stderr.write(`corpus ${corpus.file}: ${train.length} training playlists (${words} songs), ${heldOut.length} held out, ${((performance.now() - started) / 1000).toFixed(1)} s; ${compute}\n`);

  const runs: Record<string, Record<string, number | string>> = {};
  const embeddings: Record<string, EmbeddingSet> = {};
  for (const mode of values.modes!.split(",")) {
    if (mode !== "deterministic" && mode !== "hogwild") throw new Error(`--modes: unknown mode "${mode}"`);
    started = performance.now();
    const result = await trainMusic2Vec(train, { ...config, deterministic: mode === "deterministic" });
    runs[mode] = {
      effective_words_per_s: round(result.stats.wordsPerSecond),
      train_s: round(result.stats.seconds, 1),
      wall_s: round((performance.now() - started) / 1000, 1),
      effective_words: result.stats.effectiveWords,
      vocabulary: result.stats.vocabulary,
      loop: result.stats.loop,
    };
    embeddings[mode] = result.embedding;
    process.stderr.write(`${mode}: ${JSON.stringify(runs[mode])}\n`);
  }

  let reference: Record<string, unknown> | null = null;
  if (pythonHas("gensim", "numpy")) {
    // Overwritten by each run: at Melon scale the vectors are ~240 MB.
    const save = join(CACHE, "gensim-vectors.npy");
    reference = runReference("gensim_w2v.py", [
      "--train", trainFile, "--dim", values.dim!, "--window", values.window!, "--negative", values.negative!, "--epochs", values.epochs!,
      "--sample", values.sample!, "--ns-exponent", values["ns-exponent"]!, "--min-count", String(config.minCount),
      "--threads", values.threads!, "--seed", values.seed!, "--as-set", "--save", save,
    ]);
    embeddings.gensim = readGensimVectors(save);
  } else process.stderr.write("gensim: /usr/bin/python3 cannot import gensim (apt-get install python3-gensim): no reference\n");

  const queries = makeQueries(heldOut, Object.values(embeddings), num("queries"));
  const hitRate: Record<string, unknown> = { queries: queries.length };
  for (const [name, embedding] of Object.entries(embeddings)) hitRate[name] = await coPlaylistHitRate(embedding, queries);
  process.stderr.write(`hit-rate@${K} over ${queries.length} held-out playlists: ${JSON.stringify(hitRate)}\n`);

  const headline = runs.deterministic ?? Object.values(runs)[0]!;
  const figures: Record<string, unknown> = {
    effective_words_per_s: headline.effective_words_per_s,
    wall_s: headline.wall_s,
    threads: config.threads,
    compute,
    corpus: { file: corpus.file, training_playlists: train.length, training_songs: words, held_out: heldOut.length },
    params: { dim: config.dim, window: config.window, negative: config.negative, sample: config.sample, epochs: config.epochs, ns_exponent: config.nsExponent },
    modes: runs,
    hit_rate_at_10: hitRate,
    reference,
  };
  const theirs = reference?.effective_words_per_s as number | undefined;
  if (theirs) {
    for (const [mode, run] of Object.entries(runs)) figures[`${mode}_ratio_to_reference`] = round((run.effective_words_per_s as number) / theirs, 2);
  }
  figures.load_average = round(loadavg()[0]!, 1);
  return figures;
}
