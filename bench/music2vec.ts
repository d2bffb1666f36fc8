// `npm run bench -- music2vec [--playlists N --songs N --dim 100 --window 5 --negative 5 --sample 1e-3
//   --epochs 1 --threads 2 --ns-exponent 0.75 --queries 1000 --modes deterministic,hogwild --corpus FILE]`
//
// Trains Music2Vec on a Melon-scale corpus (the sample generator's melon preset: 115,071 playlists of ~46
// songs, popularity skewed over 707,989 songs; bench/music2vecCorpus.ts)
// and prints effective words/s (words left after subsampling, per second of training, as gensim reports)
// and wall time, for each threading mode. When /usr/bin/python3 has gensim, runs
// ../shared/bench/gensim_w2v.py on the same train.json with the same hyper-parameters as `reference`.
// Quality: co-playlist hit-rate@10 on held-out playlists (10% split off before training), ours and gensim's
// on the same queries: does any of the seed song's 10 nearest neighbours (cosine) appear in the rest of
// its playlist? The machine is shared with other work: compare the figures of one run, not across runs.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseNpy } from "npyjs";
import { hitAtK } from "../lib/metrics.ts";
import { rowIndex, type EmbeddingSet } from "../ml/core/embedding.ts";
import { DEFAULT_MUSIC2VEC, trainMusic2Vec, type Music2VecConfig } from "../ml/models/music2vec.ts";
import { normalizeRows, BlockTopK } from "../ml/compute/topk.ts";
import { splitPlaylists } from "../ml/pipeline/split.ts";
import { cachedSampleCorpus, corpusFromFile, writeMelonTrain } from "./lib/music2vecCorpus.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = join(root, ".bench", "music2vec");
const GENSIM_SCRIPT = join(root, "..", "shared", "bench", "gensim_w2v.py");
const PYTHON = "/usr/bin/python3";
const HELD_OUT = 0.1;
const K = 10;

function gensimAvailable(): boolean {
  if (!existsSync(PYTHON) || !existsSync(GENSIM_SCRIPT)) return false;
  return spawnSync(PYTHON, ["-c", "import gensim"], { stdio: "ignore" }).status === 0;
}

/** gensim_w2v.py --save output: vectors in vocabulary order plus their song ids. */
function readGensimVectors(npyFile: string): EmbeddingSet {
  const bytes = readFileSync(npyFile);
  const npy = parseNpy(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const ids = JSON.parse(readFileSync(npyFile.replace(/\.npy$/, ".ids.json"), "utf8")) as number[];
  return { ids: Int32Array.from(ids), vectors: Float32Array.from(npy.data as Float32Array), dim: npy.shape[1]! };
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

/** Co-playlist hit-rate@K: exact cosine neighbours of each query's seed over the whole vocabulary. */
function coPlaylistHitRate(embedding: EmbeddingSet, queries: readonly Query[]): number {
  const { dim, ids } = embedding;
  const rows = ids.length;
  const unit = normalizeRows(embedding.vectors, dim);
  const index = rowIndex(ids);
  const scores = new Float32Array(rows);
  const topK = new BlockTopK(1, K);
  const neighbourIds = new Int32Array(K);
  const neighbourScores = new Float32Array(K);
  let hits = 0;
  for (const query of queries) {
    const q = index.get(query.seed)! * dim;
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let k = 0, base = r * dim; k < dim; k++) dot += unit[q + k]! * unit[base + k]!;
      scores[r] = dot;
    }
    topK.reset(1);
    topK.scanTile(scores, rows, 0, q / dim);
    topK.writeTo(neighbourIds, neighbourScores, 0, ids);
    hits += hitAtK([...neighbourIds], query.rest, K);
  }
  return queries.length > 0 ? hits / queries.length : 0;
}

const round = (x: number, digits = 0) => Number(x.toFixed(digits));

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      playlists: { type: "string", default: "115071" },
      songs: { type: "string", default: "707989" },
      dim: { type: "string", default: "100" },
      window: { type: "string", default: "5" },
      negative: { type: "string", default: "5" },
      sample: { type: "string", default: "1e-3" },
      epochs: { type: "string", default: "1" },
      threads: { type: "string", default: "2" },
      "ns-exponent": { type: "string", default: "0.75" },
      seed: { type: "string", default: "22" },
      queries: { type: "string", default: "1000" },
      modes: { type: "string", default: "deterministic,hogwild" },
      /** A Melon-format train.json to use instead of the synthesised corpus (e.g. the sample generator's). */
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
  const trainFile = corpus.file.replace(/\.json$/, `.train-${shape.seed}.json`);
  if (!existsSync(trainFile)) writeMelonTrain(trainFile, train);
  const words = train.reduce((sum, p) => sum + p.length, 0);
  const corpusSeconds = (performance.now() - started) / 1000;
  process.stderr.write(`corpus ${corpus.file}: ${train.length} training playlists (${words} songs), ${heldOut.length} held out, ${corpusSeconds.toFixed(1)} s\n`);

  const runs: Record<string, Record<string, number>> = {};
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
    };
    embeddings[mode] = result.embedding;
    process.stderr.write(`${mode}: ${JSON.stringify(runs[mode])}\n`);
  }

  let reference: Record<string, unknown> | null = null;
  if (gensimAvailable()) {
    // Overwritten by each run: at Melon scale the vectors are ~240 MB.
    const save = join(CACHE, "gensim-vectors.npy");
    const args = [GENSIM_SCRIPT, "--train", trainFile, "--dim", values.dim!, "--window", values.window!, "--negative", values.negative!,
      "--epochs", values.epochs!, "--sample", values.sample!, "--ns-exponent", values["ns-exponent"]!, "--min-count", String(config.minCount),
      "--threads", values.threads!, "--seed", values.seed!, "--as-set", "--save", save];
    process.stderr.write(`gensim: ${PYTHON} ${args.join(" ")}\n`);
    started = performance.now();
    const gensim = spawnSync(PYTHON, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
    const wall = (performance.now() - started) / 1000;
    const line = gensim.stdout.trim().split("\n").pop();
    if (gensim.status !== 0 || !line) throw new Error(`gensim_w2v.py failed with status ${gensim.status}`);
    reference = { ...(JSON.parse(line) as Record<string, unknown>), wall_s: round(wall, 1) };
    embeddings.gensim = readGensimVectors(save);
  } else process.stderr.write("gensim: not importable by /usr/bin/python3, reference: null\n");

  started = performance.now();
  const queries = makeQueries(heldOut, Object.values(embeddings), num("queries"));
  const hitRate: Record<string, number> = {};
  for (const [name, embedding] of Object.entries(embeddings)) hitRate[name] = round(coPlaylistHitRate(embedding, queries), 4);
  process.stderr.write(`hit-rate@${K} over ${queries.length} held-out playlists: ${JSON.stringify(hitRate)} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);

  const headline = runs.deterministic ?? Object.values(runs)[0]!;
  if (reference) reference.hit_rate_at_10 = hitRate.gensim;
  return {
    effective_words_per_s: headline.effective_words_per_s,
    wall_s: headline.wall_s,
    threads: config.threads,
    corpus: { file: corpus.file, training_playlists: train.length, training_songs: words, held_out: heldOut.length },
    params: { dim: config.dim, window: config.window, negative: config.negative, sample: config.sample, epochs: config.epochs, ns_exponent: config.nsExponent },
    modes: runs,
    hit_rate_at_10: { queries: queries.length, ...hitRate },
    reference,
  };
}
