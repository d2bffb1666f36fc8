// `mugle build`: the whole pipeline, one stage after another, data flowing one way:
// read → preprocess → split → Music2Vec → TCAE → CEL → top-50 → ensembles → evaluate → 2-D maps → write.
// Each stage lives in its own module; this file only wires them, times them and reports.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SCORE_TOTAL_DEPTH } from "../../lib/ranking.ts";
import { AUDIO_BASELINES, MODELS, type EvalMethod, type EvaluationReport, type Model } from "../../lib/types.ts";
import { SCHEMA_VERSION } from "../../lib/catalogue/schemaVersion.ts";
import { popularityBaseline, cooccurrenceBaseline } from "./baselines.ts";
import { audioBaselineEmbeddings, baselineSongs } from "./audioBaselines.ts";
import type { BuildConfig } from "../config.ts";
import { buildCooccurrence } from "./cooccurrence.ts";
import { loadDataset } from "../data/dataset.ts";
import { listMelIds, readMel } from "../data/mel.ts";
import { SAMPLE_TRUTH_FILE, type SampleTruth } from "../data/melon.ts";
import { neighborsOf, type EmbeddingSet, type NeighborLists } from "../core/embedding.ts";
import { Interrupted } from "../core/errors.ts";
import { evaluate, formatReportTable } from "./evaluate.ts";
import { trainCel } from "../models/cel.ts";
import { trainMusic2Vec } from "../models/music2vec.ts";
import { encodeTcae, saveTcae, trainTcae, type MelSource } from "../models/tcae.ts";
import { calibrateSameMelody, type SameMelodyCalibration } from "../models/sameMelody.ts";
import { timbreFacets } from "./timbre.ts";
import { applyPreprocess, preprocess } from "./preprocess.ts";
import { project2d } from "./projection.ts";
import { neighborListsBySong, rankSongs } from "./rank.ts";
import { cosineTopK } from "../compute/knn.ts";
import { splitPlaylists } from "./split.ts";
import { activeBackend } from "../compute/tf/backend.ts";
import { writeCatalogue, type CatalogueModel } from "../../lib/catalogue/writer.ts";
import { catalogueSongs } from "./songRows.ts";

export interface BuildOptions {
  dataDir: string;
  outFile: string;
  config: BuildConfig;
  progress?: boolean;
  signal?: AbortSignal;
  /** Where the stage log and the summary go (stderr by default, so stdout stays free). */
  log?: (line: string) => void;
}

export interface BuildSummary {
  outFile: string;
  songs: number;
  playlists: number;
  embeddings: Record<Model, number>;
  timings: Record<string, number>;
  metrics: EvaluationReport;
}

function readTruth(dataDir: string): Map<number, number> | undefined {
  const file = join(dataDir, SAMPLE_TRUTH_FILE);
  if (!existsSync(file)) return undefined;
  const truth = JSON.parse(readFileSync(file, "utf8")) as SampleTruth;
  return new Map(truth.songs.map((s) => [s.id, s.work]));
}

/** The first `k` entries of every row, as evaluation wants them. */
function topLists(lists: NeighborLists, k: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let row = 0; row < lists.ids.length; row++) out.set(lists.ids[row]!, neighborsOf(lists, row).slice(0, k));
  return out;
}

/** The first `k` entries of every row with their cosine. */
function scoredLists(lists: NeighborLists, k: number): Map<number, { id: number; score: number }[]> {
  const out = new Map<number, { id: number; score: number }[]>();
  for (let row = 0; row < lists.ids.length; row++) {
    out.set(lists.ids[row]!, neighborsOf(lists, row).slice(0, k).map((id, r) => ({ id, score: lists.scores[row * lists.k + r]! })));
  }
  return out;
}

export async function build(options: BuildOptions): Promise<BuildSummary> {
  const { config, signal } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = resolve(options.dataDir);
  const startedAt = new Date();
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    if (signal?.aborted) throw new Interrupted();
    log(`\n▶ ${name}`);
    const t0 = performance.now();
    const result = await work();
    timings[name] = Math.round((performance.now() - t0) / 100) / 10;
    return result;
  };
  const progress = options.progress;

  // read
  const dataset = await stage("read", () => loadDataset(dataDir, { progress, signal }));
  const playlistsIn = config.maxPlaylists > 0 ? dataset.playlists.slice(0, config.maxPlaylists) : dataset.playlists;
  log(`  ${dataset.songs.length.toLocaleString()} songs, ${playlistsIn.length.toLocaleString()} playlists, ${dataset.genres.size} genres`);

  // split, then preprocess on the training playlists only: held-out playlists must not decide which songs enter
  // the catalogue (a song reaching minPlaylists only through them would leak evaluation into training).
  const split = splitPlaylists(playlistsIn, config.heldOutFraction, config.seed);
  const pre = await stage("preprocess", () => preprocess(dataset.songs, split.train, config.preprocess));
  for (const s of pre.steps) log(`  ${s.step.padEnd(34)} −${s.removed.toLocaleString().padStart(9)}  → ${s.remaining.toLocaleString()}`);
  const trainLists = pre.playlists.map((p) => p.songs);
  const heldOut = applyPreprocess(split.heldOut, pre).map((p) => p.songs);
  log(`  ${trainLists.length.toLocaleString()} training playlists, ${heldOut.length.toLocaleString()} held out for evaluation`);

  // Music2Vec
  const m2v = await stage("music2vec", () => trainMusic2Vec(trainLists, config.music2vec, { progress, signal }));
  log(`  ${m2v.embedding.ids.length.toLocaleString()} songs embedded, ${Math.round(m2v.stats.wordsPerSecond).toLocaleString()} effective words/s`);

  // TCAE: only songs with a mel file (many real downloads hold only some of the 40 archives).
  const melIds = Int32Array.from(listMelIds(dataDir, pre.songs.map((s) => s.id)));
  const mels: MelSource = {
    ids: melIds,
    read: (id) => {
      const mel = readMel(dataDir, id);
      if (!mel) throw new Error(`mel of song ${id} disappeared during the build`);
      return mel;
    },
  };
  log(`  ${melIds.length.toLocaleString()} of ${pre.songs.length.toLocaleString()} songs have a mel-spectrogram`);
  const backend = melIds.length > 0 ? await activeBackend() : "none";
  let tcae: { embedding: EmbeddingSet; weights: Uint8Array; sameMelody: SameMelodyCalibration } | null = null;
  let cel: { embedding: EmbeddingSet; weights: Uint8Array } | null = null;
  if (melIds.length >= 2) {
    tcae = await stage("tcae", async () => {
      const model = await trainTcae(mels, config.tcae, { progress, signal });
      const embedding = await encodeTcae(model, mels, { progress, signal });
      const sameMelody = await calibrateSameMelody(model, mels, embedding, config.seed, { progress, signal });
      log(
        `  same melody at cosine ≥ ${sameMelody.threshold.toFixed(3)} (version-like copies: 10 % below ${sameMelody.copies.low.toFixed(3)}, ` +
          `median ${sameMelody.copies.median.toFixed(3)}; random pairs: median ${sameMelody.pairs.median.toFixed(3)}, 0.1 % above ${sameMelody.pairs.high.toFixed(3)})`,
      );
      return { embedding, weights: saveTcae(model), sameMelody };
    });
    // CEL
    cel = await stage("cel", async () => {
      const result = await trainCel(tcae!.embedding, m2v.embedding, config.cel, { progress, signal });
      return { embedding: result.embedding, weights: result.weights };
    });
  } else {
    log("  fewer than 2 songs have a mel: TCAE and CEL skipped, Music2Vec only");
  }

  // Where timbre lives now that TCAE hears melody: the timbre facet of every song with a mel. Then the
  // training-free audio baselines on the same songs, for the evaluation table only.
  const timbre = melIds.length >= 2 ? await stage("timbre", () => timbreFacets(melIds, mels.read, { progress, signal })) : null;
  const audioBaselineLists: Partial<Record<EvalMethod, Map<number, number[]>>> = {};
  if (melIds.length >= 2) {
    await stage("audio baselines", async () => {
      const ids = baselineSongs(melIds, config.audioBaselineSongs, config.seed);
      if (ids.length < melIds.length) log(`  on a sample of ${ids.length.toLocaleString()} of the ${melIds.length.toLocaleString()} songs with a mel`);
      const sets = audioBaselineEmbeddings(ids, mels.read, { progress, signal });
      for (const baseline of AUDIO_BASELINES) {
        const lists = await cosineTopK(sets[baseline], 10, { threads: config.threads, progress, signal, label: baseline });
        audioBaselineLists[baseline] = topLists(lists, 10);
      }
    });
  }

  // The catalogue: songs with at least one embedding (a song whose playlists were all held out and that has
  // no mel has nothing to recommend from).
  const embeddings: Partial<Record<Model, EmbeddingSet>> = { music2vec: m2v.embedding };
  if (tcae) embeddings.tcae = tcae.embedding;
  if (cel) embeddings.cel = cel.embedding;
  const embedded = new Set<number>();
  for (const set of Object.values(embeddings)) for (const id of set.ids) embedded.add(id);
  const keptSongs = pre.songs.filter((s) => embedded.has(s.id));
  log(`  ${(pre.songs.length - keptSongs.length).toLocaleString()} songs without any embedding left out; catalogue: ${keptSongs.length.toLocaleString()} songs`);

  // top-50 per embedding
  const neighbors: Partial<Record<Model, NeighborLists>> = {};
  for (const model of MODELS) {
    const set = embeddings[model];
    if (!set) continue;
    neighbors[model] = await stage(`top-${SCORE_TOTAL_DEPTH} ${model}`, () =>
      cosineTopK(set, SCORE_TOTAL_DEPTH, { threads: config.threads, progress, signal, label: model }),
    );
  }

  // ensembles
  const cooccurrence = buildCooccurrence(trainLists);
  const songIds = keptSongs.map((s) => s.id);
  const rankings = await stage("ensembles", () =>
    rankSongs(songIds, neighborListsBySong(neighbors), (a, b) => cooccurrence.count(a, b)),
  );

  // evaluate
  const songs = catalogueSongs(keptSongs, cooccurrence.playlistCount, new Set(melIds));
  const metrics = await stage("evaluate", () => {
    const k = 10;
    const recommendations: Partial<Record<EvalMethod, Map<number, number[]>>> = {};
    for (const model of MODELS) {
      const lists = neighbors[model];
      if (lists) recommendations[model] = topLists(lists, k);
    }
    Object.assign(recommendations, audioBaselineLists);
    recommendations.eachTop3 = new Map(rankings.map((r) => [r.songId, r.eachTop3.map((x) => x.id).slice(0, k)]));
    recommendations.scoreTotal = new Map(rankings.map((r) => [r.songId, r.scoreTotal.map((x) => x.id)]));
    recommendations.popularity = popularityBaseline(songIds, songs.map((s) => s.playlistCount), k);
    recommendations.cooccurrence = cooccurrenceBaseline(songIds, cooccurrence, k);
    return evaluate({
      songs: songs.map((s) => ({ id: s.id, artistIds: s.artistIds, genres: s.genreCodes, playlistCount: s.playlistCount })),
      recommendations,
      heldOut,
      works: readTruth(dataDir),
      k,
      seed: config.seed,
      ...(tcae && neighbors.tcae && { versionLabel: { neighbors: scoredLists(neighbors.tcae, k), threshold: tcae.sameMelody.threshold } }),
    });
  });

  // 2-D maps
  const projections: Partial<Record<Model, Float32Array>> = {};
  if (config.projection) {
    for (const model of MODELS) {
      const set = embeddings[model];
      if (set) projections[model] = await stage(`map ${model}`, () => project2d(set, { seed: config.seed, progress, signal }));
    }
  }

  // write
  const models: CatalogueModel[] = MODELS.flatMap((model) => {
    const set = embeddings[model];
    if (!set) return [];
    const weights = model === "tcae" ? tcae?.weights : model === "cel" ? cel?.weights : undefined;
    return [{
      model,
      embedding: set,
      config: model === "music2vec" ? config.music2vec : model === "tcae" ? config.tcae : config.cel,
      weights: weights ?? null,
      weightsFormat: weights ? "mugle-tensors-v1" : null,
      neighbors: neighbors[model]!,
      projection: projections[model] ?? null,
    }];
  });
  const finishedAt = new Date();
  await stage("write", () =>
    writeCatalogue(options.outFile, {
      genres: dataset.genres,
      songs,
      models,
      rankings,
      timbre,
      meta: {
        ...(tcae && { tcae_same_melody_threshold: String(tcae.sameMelody.threshold) }),
        schema_version: String(SCHEMA_VERSION),
        built_at: finishedAt.toISOString(),
        data_dir: dataDir,
        songs: String(songs.length),
        playlists: String(trainLists.length + heldOut.length),
      },
      run: {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        dataDir,
        seed: config.seed,
        config,
        preprocess: pre.steps,
        timings,
        metrics,
        backend,
      },
    }, { progress, signal }),
  );

  const summary: BuildSummary = {
    outFile: resolve(options.outFile),
    songs: songs.length,
    playlists: trainLists.length + heldOut.length,
    embeddings: Object.fromEntries(MODELS.map((m) => [m, embeddings[m]?.ids.length ?? 0])) as Record<Model, number>,
    timings,
    metrics,
  };
  log(`\n✔ catalogue written to ${summary.outFile}`);
  log(`  ${songs.length.toLocaleString()} songs · ${MODELS.map((m) => `${m} ${summary.embeddings[m].toLocaleString()}`).join(" · ")}`);
  log(`  time: ${Object.entries(timings).map(([k, v]) => `${k} ${v}s`).join(", ")}`);
  log(`\n${formatReportTable(metrics)}`);
  return summary;
}
