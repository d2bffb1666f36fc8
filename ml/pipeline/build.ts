// `mugle build`: the whole pipeline, one stage after another, data flowing one way:
// read → preprocess → split → Music2Vec → TCAE → CEL → top-50 → ensembles → evaluate → 2-D maps → write.
// Each stage lives in its own module; this file only wires them, times them and reports.
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { SCORE_TOTAL_DEPTH } from "../../lib/ranking.ts";
import { AUDIO_BASELINES, MODELS, type EvalMethod, type EvaluationReport, type Model } from "../../lib/types.ts";
import { popularityBaseline, cooccurrenceBaseline } from "./baselines.ts";
import { audioBaselineEmbeddings, baselineSongs } from "./audioBaselines.ts";
import type { BuildConfig } from "../config.ts";
import { buildCooccurrence } from "./cooccurrence.ts";
import { continuationLists } from "./continuation.ts";
import { discoveryCurve } from "./discoveryCurve.ts";
import { loadDataset } from "../data/dataset.ts";
import { findMels, readMel } from "../data/mel.ts";
import { listsBySong, neighborsOf, type EmbeddingSet, type NeighborLists } from "../core/embedding.ts";
import { DataError, Interrupted } from "../core/errors.ts";
import { formatBytes, peakMemory, resetPeakMemory } from "../core/memory.ts";
import { evaluate, formatReportTable } from "./evaluate.ts";
import type { MelSource } from "../models/tcae.ts";
import type { SameMelodyCalibration } from "../models/sameMelody.ts";
import { timbreFacets } from "./timbre.ts";
import { playlistSlice, preparePlaylists } from "./prepare.ts";
import { neighborListsBySong, rankSongs } from "./rank.ts";
import type { ModelEntry } from "../../lib/catalogue/format.ts";
import { checkWritable, removeStaleTemporaries, writeCatalogue } from "../../lib/catalogue/writer.ts";
import { libraryAudio } from "../import/catalogueAudio.ts";
import { createProgress } from "../core/progress.ts";
import { catalogueSongs } from "./songRows.ts";
import { catalogueSongCount, checkCatalogueSize, minimumSongs } from "./catalogueSize.ts";
import { StageCache, buildKey } from "./stageCache.ts";

export interface BuildOptions {
  dataDir: string;
  outFile: string;
  config: BuildConfig;
  progress?: boolean;
  signal?: AbortSignal;
  /** Where the stage log and the summary go (stderr by default, so stdout stays free). */
  log?: (line: string) => void;
  /** Write a catalogue even when it is nearly empty or under half the size of the one it replaces. */
  allowShrink?: boolean;
  /** Called the moment the new catalogue has replaced the old one (a stop after this cannot undo it). */
  onCommitted?: () => void;
}

export interface BuildSummary {
  outFile: string;
  songs: number;
  playlists: number;
  embeddings: Record<Model, number>;
  /** Wall seconds per stage. */
  timings: Record<string, number>;
  /** Peak resident memory per stage, bytes. */
  peakMemory: Record<string, number>;
  /** Stages taken from a stopped build's cache instead of computed. */
  resumed: string[];
  /** What computed it (compute backend choices, as stored with the run). */
  compute: string;
  metrics: EvaluationReport;
  /** Input problems that did not stop the build, one line per kind with a count. */
  warnings: string[];
}

/** The first `k` entries of every row with their cosine. */
function scoredLists(lists: NeighborLists, k: number): Map<number, { id: number; score: number }[]> {
  const out = new Map<number, { id: number; score: number }[]>();
  for (let row = 0; row < lists.ids.length; row++) {
    out.set(lists.ids[row]!, neighborsOf(lists, row).slice(0, k).map((id, r) => ({ id, score: lists.scores[row * lists.k + r]! })));
  }
  return out;
}

/**
 * Each stage's wall time and peak resident memory, and the totals, as the summary prints them. A stage run
 * beside others (`beside`: its name → theirs) is marked so; the total is then the build's own wall time
 * (`wall`), less than the sum of the rows.
 */
export function formatStageTable(
  timings: Record<string, number>,
  peaks: Record<string, number>,
  resumed: readonly string[],
  beside: Readonly<Record<string, string>> = {},
  wall?: number,
): string {
  const rows = Object.keys(timings).map((name) => [
    `${name}${beside[name] ? ` (beside ${beside[name]})` : ""}${resumed.includes(name) ? " (resumed)" : ""}`,
    `${timings[name]!.toFixed(1)} s`,
    formatBytes(peaks[name] ?? 0),
  ]);
  const total = wall ?? Object.values(timings).reduce((a, b) => a + b, 0);
  rows.push(["total", `${total.toFixed(1)} s`, formatBytes(Math.max(0, ...Object.values(peaks)))]);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return ["  stage".padEnd(width + 4) + "    wall   peak memory", ...rows.map(([name, time, memory]) => `  ${name!.padEnd(width + 2)}${time!.padStart(10)}   ${memory}`)].join("\n");
}

export async function build(options: BuildOptions): Promise<BuildSummary> {
  const { config, signal } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = resolve(options.dataDir);
  const startedAt = new Date();
  const timings: Record<string, number> = {};
  const peaks: Record<string, number> = {};
  const resumed: string[] = [];
  // The long stages' results are kept until the catalogue is written, so a stopped build resumes after them.
  // Opened once the inputs are checked: the key reads the dataset directory, which may be anything until then.
  let cache: StageCache | null = null;
  const beside: Record<string, string> = {};
  const started = performance.now();
  /**
   * Runs one stage: from the cache when a stopped build left it there (`resumable`), else `work`. A stage run
   * `besideOthers` (named) shares the machine with them: it leaves the peak-memory window to them (its own
   * peak is what it saw since their last reset; the build's peak is still the maximum of every row).
   */
  const stage = async <T>(name: string, work: () => Promise<T> | T, resumable = false, besideOthers?: string): Promise<T> => {
    if (signal?.aborted) throw new Interrupted();
    if (besideOthers) beside[name] = besideOthers;
    else resetPeakMemory();
    const t0 = performance.now();
    const kept = resumable ? cache?.load<T>(name) : undefined;
    if (kept !== undefined) resumed.push(name);
    log(`\n▶ ${name}${besideOthers ? `, beside ${besideOthers}` : ""}${kept !== undefined ? " (taken from the stopped build's cache)" : ""}`);
    const result = kept ?? (await work());
    if (resumable && kept === undefined) cache?.save(name, result);
    timings[name] = Math.round((performance.now() - t0) / 100) / 10;
    peaks[name] = peakMemory();
    if (besideOthers) log(`  ${name} finished beside ${besideOthers} in ${timings[name]!.toFixed(1)} s`);
    return result;
  };
  const progress = options.progress;
  if (existsSync(options.outFile) && !statSync(options.outFile).isFile()) {
    throw new DataError(basename(options.outFile), null, `${resolve(options.outFile)} is not a file, expected a catalogue to replace (or nothing)`);
  }
  for (const name of removeStaleTemporaries(options.outFile)) log(`  removed ${name}, left by a build that was killed`);
  checkWritable(options.outFile);
  const sizeCheck = {
    outFile: options.outFile, replacing: catalogueSongCount(options.outFile), allowShrink: options.allowShrink ?? false,
    minSongs: minimumSongs(config.profile),
  };

  // read: every input is checked here and before training (mel headers below), so bad data stops the build at once
  const dataset = await stage("read", () => loadDataset(dataDir, { progress, signal }));
  const playlistsIn = playlistSlice(dataset.playlists, config.maxPlaylists);
  log(`  ${dataset.songs.length.toLocaleString()} songs, ${playlistsIn.length.toLocaleString()} playlists, ${dataset.genres.size} genres`);
  for (const warning of dataset.warnings) log(`  ⚠ ${warning}`);

  // split, then preprocess on the training playlists (and albums) only (ml/pipeline/prepare.ts says why)
  const { pre, train: trainLists, heldOut, albumCount } = await stage("preprocess", () => preparePlaylists(dataset.songs, playlistsIn, config));
  if (config.profile !== "melon" || albumCount > 0) {
    log(`  ${config.profile} profile${albumCount > 0 ? `, ${albumCount.toLocaleString()} albums as training playlists` : ""}`);
  }
  for (const s of pre.steps) log(`  ${s.step.padEnd(34)} −${s.removed.toLocaleString().padStart(9)}  → ${s.remaining.toLocaleString()}`);
  log(`  ${trainLists.length.toLocaleString()} training playlists, ${heldOut.length.toLocaleString()} held out for evaluation`);
  const playlistsRead = playlistsIn.length < dataset.playlists.length
    ? `the first ${plural(playlistsIn.length, "playlist")} of train.json's ${dataset.playlists.length.toLocaleString("en-US")} (--max-playlists)`
    : `train.json holds ${plural(playlistsIn.length, "playlist")}`;
  // The catalogue can only lose songs from here (those left without an embedding): refuse a tiny one before training.
  checkCatalogueSize({ ...sizeCheck, songs: pre.songs.length, because: `${playlistsRead}; preprocessing kept ${pre.songs.length.toLocaleString("en-US")} of ${dataset.songs.length.toLocaleString("en-US")} songs` });

  // TCAE's input: only songs with a mel file (many real downloads hold only some of the 40 archives), every
  // file's header checked now rather than when training reaches it.
  const melIds = Int32Array.from(await stage("mel headers", () => findMels(dataDir, pre.songs.map((s) => s.id), { progress, signal })));

  // The training stages load TensorFlow.js and worker code (seconds): only once the inputs are known to be good.
  const { trainMusic2Vec } = await import("../models/music2vec.ts");
  const { encodeTcae, trainTcae } = await import("../models/tcae.ts");
  const { calibrateSameMelody, MIN_CALIBRATION_SONGS } = await import("../models/sameMelody.ts");
  const { trainCel } = await import("../models/cel.ts");
  const { describeCompute } = await import("../compute/backend.ts");
  const { cosineTopK } = await import("../compute/knn.ts");
  const { music2vecNeighbors } = await import("../models/music2vecLists.ts");
  const { project2d } = await import("./projection.ts");
  cache = new StageCache(options.outFile, buildKey(dataDir, config));
  cache.removeStale();

  // Music2Vec
  const m2v = await stage("music2vec", () => trainMusic2Vec(trainLists, config.music2vec, { progress, signal }), true);
  log(`  ${m2v.embedding.ids.length.toLocaleString()} songs embedded, ${Math.round(m2v.stats.wordsPerSecond).toLocaleString()} effective words/s`);
  const mels: MelSource = {
    ids: melIds,
    read: (id) => {
      const mel = readMel(dataDir, id);
      if (!mel) throw new Error(`mel of song ${id} disappeared during the build`);
      return mel;
    },
  };
  log(`  ${melIds.length.toLocaleString()} of ${pre.songs.length.toLocaleString()} songs have a mel-spectrogram`);
  const backend = await describeCompute({ threads: config.threads, training: melIds.length >= 2 });
  log(`  compute: ${backend}`);
  let tcae: EmbeddingSet | null = null;
  let sameMelody: SameMelodyCalibration | null = null;
  let cel: EmbeddingSet | null = null;
  const music2vecTopK = (threads: number, besideOthers?: string, stop = signal) =>
    stage(`top-${SCORE_TOTAL_DEPTH} music2vec`, () =>
      music2vecNeighbors(m2v.embedding, m2v.output, SCORE_TOTAL_DEPTH, config.music2vec.togetherSlots, {
        threads, progress: besideOthers ? false : progress, signal: stop, label: "music2vec", offMainThread: besideOthers !== undefined,
      }), true, besideOthers);
  // Music2Vec's top 50 needs nothing from the audio models, and their training runs TensorFlow.js on one core:
  // with more than one thread, the top 50 runs beside them on the threads training leaves free (a Melon-size
  // build spends minutes there with a core idle). Exact either way: the lists do not depend on the timing.
  const besideAudio = new AbortController();
  signal?.addEventListener("abort", () => besideAudio.abort(), { once: true });
  const music2vecLists: Promise<NeighborLists> | null =
    melIds.length >= 2 && config.threads > 1 && m2v.embedding.ids.length > 0
      ? music2vecTopK(config.threads - 1, "the audio models", besideAudio.signal)
      : null;
  // Settled either way, so a failure of the audio stages below is reported rather than an unhandled rejection.
  music2vecLists?.catch(() => undefined);
  // Training's matrix products get the threads the top 50 beside them leaves free.
  const trainingThreads = music2vecLists ? 1 : config.threads;
  let timbre: EmbeddingSet | null = null;
  const audioBaselineLists: Partial<Record<EvalMethod, Map<number, number[]>>> = {};
  const embeddings: Partial<Record<Model, EmbeddingSet>> = {};
  let keptSongs: typeof pre.songs = [];
  try {
    if (melIds.length >= 2) {
      ({ embedding: tcae, sameMelody } = await stage("tcae", async () => {
        const model = await trainTcae(mels, config.tcae, { progress, signal, trainingThreads });
        const embedding = await encodeTcae(model, mels, { progress, signal, threads: config.threads });
        const calibrated = embedding.ids.length >= MIN_CALIBRATION_SONGS;
        return { embedding, sameMelody: calibrated ? await calibrateSameMelody(model, mels, embedding, config.seed, { progress, signal, threads: config.threads }) : null };
      }, true));
      if (sameMelody) {
        log(
          `  same melody at cosine ≥ ${sameMelody.threshold.toFixed(3)} (version-like copies: 10 % below ${sameMelody.copies.low.toFixed(3)}, ` +
            `median ${sameMelody.copies.median.toFixed(3)}; random pairs: median ${sameMelody.pairs.median.toFixed(3)}, ${(100 * (1 - sameMelody.pairs.quantile)).toPrecision(2)} % above ${sameMelody.pairs.high.toFixed(3)})`,
        );
      } else {
        log(`  no "another version" label: ${tcae.ids.length} songs with a mel, the calibration needs ${MIN_CALIBRATION_SONGS}`);
      }
      // CEL, on the songs that have both inputs (an imported library's songs in no playlist have a mel only).
      const tcaeEmbedding = tcae;
      const inMusic2Vec = new Set(m2v.embedding.ids);
      const both = tcaeEmbedding.ids.filter((id) => inMusic2Vec.has(id)).length;
      if (both >= 2) {
        const trained = await stage("cel", async () => {
          const result = await trainCel(tcaeEmbedding, m2v.embedding, config.cel, { progress, signal, threads: config.threads, trainingThreads });
          return { embedding: result.embedding, meanCosine: result.stats.meanCosine };
        }, true);
        cel = trained.embedding;
        // Whether the joint embedding keeps both of its inputs (the loss weights' balance).
        log(`  mean cosine of CEL to its inputs: TCAE ${trained.meanCosine.tcae.toFixed(3)}, Music2Vec ${trained.meanCosine.music2vec.toFixed(3)}`);
      } else {
        log(`  ${both} song(s) have both a mel and a Music2Vec vector: CEL needs 2, skipped`);
      }
    } else {
      log("  fewer than 2 songs have a mel: TCAE and CEL skipped, Music2Vec only");
    }

    // Where timbre lives now that TCAE hears melody: the timbre facet of every song with a mel. Then the
    // training-free audio baselines on the same songs, for the evaluation table only.
    timbre = melIds.length >= 2 ? await stage("timbre", () => timbreFacets(melIds, mels.read, { progress, signal })) : null;
    if (melIds.length >= 2) {
      await stage("audio baselines", async () => {
        const ids = baselineSongs(melIds, config.audioBaselineSongs, config.seed);
        if (ids.length < melIds.length) log(`  on a sample of ${ids.length.toLocaleString()} of the ${melIds.length.toLocaleString()} songs with a mel`);
        const sets = audioBaselineEmbeddings(ids, mels.read, { progress, signal });
        for (const baseline of AUDIO_BASELINES) {
          const lists = await cosineTopK(sets[baseline], 10, { threads: config.threads, progress, signal, label: baseline });
          audioBaselineLists[baseline] = listsBySong(lists, 10);
        }
      });
    }

    // The catalogue: songs with at least one embedding (a song whose playlists were all held out and that has
    // no mel has nothing to recommend from).
    // No playlists (or none left for training) means no Music2Vec: the catalogue then has the audio embeddings only.
    if (m2v.embedding.ids.length > 0) embeddings.music2vec = m2v.embedding;
    if (tcae) embeddings.tcae = tcae;
    if (cel) embeddings.cel = cel;
    const embedded = new Set<number>();
    for (const set of Object.values(embeddings)) for (const id of set.ids) embedded.add(id);
    keptSongs = pre.songs.filter((s) => embedded.has(s.id));
    log(`  ${(pre.songs.length - keptSongs.length).toLocaleString()} songs without any embedding left out; catalogue: ${keptSongs.length.toLocaleString()} songs`);
    checkCatalogueSize({ ...sizeCheck, songs: keptSongs.length, because: `${playlistsRead}; ${keptSongs.length.toLocaleString("en-US")} of the ${pre.songs.length.toLocaleString("en-US")} songs kept by preprocessing have an embedding` });
  } catch (error) {
    // Stop the top 50 running beside the audio stages before an error of theirs (or a refused catalogue) leaves the build.
    besideAudio.abort();
    await music2vecLists?.catch(() => undefined);
    throw error;
  }

  // top-50 per embedding
  const neighbors: Partial<Record<Model, NeighborLists>> = {};
  for (const model of MODELS) {
    const set = embeddings[model];
    if (!set) continue;
    neighbors[model] = model === "music2vec"
      ? await (music2vecLists ?? music2vecTopK(config.threads))
      : await stage(`top-${SCORE_TOTAL_DEPTH} ${model}`, () => cosineTopK(set, SCORE_TOTAL_DEPTH, { threads: config.threads, progress, signal, label: model }), true);
  }

  // ensembles
  const cooccurrence = buildCooccurrence(trainLists);
  const songIds = keptSongs.map((s) => s.id);
  const listsOf = neighborListsBySong(neighbors);
  const rankings = await stage("ensembles", () => rankSongs(songIds, listsOf, (a, b) => cooccurrence.count(a, b)));

  // evaluate
  const songsWithMel = new Set(melIds);
  const songs = catalogueSongs(keptSongs, cooccurrence.playlistCount, songsWithMel);
  const metrics = await stage("evaluate", () => {
    const k = 10;
    const recommendations: Partial<Record<EvalMethod, Map<number, number[]>>> = {};
    for (const model of MODELS) {
      const lists = neighbors[model];
      if (lists) recommendations[model] = listsBySong(lists, k);
    }
    Object.assign(recommendations, audioBaselineLists);
    recommendations.eachTop3 = new Map(rankings.map((r) => [r.songId, r.eachTop3.map((x) => x.id).slice(0, k)]));
    recommendations.scoreTotal = new Map(rankings.map((r) => [r.songId, r.scoreTotal.map((x) => x.id)]));
    recommendations.popularity = popularityBaseline(songIds, songs.map((s) => s.playlistCount), k);
    recommendations.cooccurrence = cooccurrenceBaseline(songIds, cooccurrence, k);
    const evaluated = songs.map((s) => ({ id: s.id, artistIds: s.artistIds, genres: s.genreCodes, playlistCount: s.playlistCount }));
    const playlistCounts = songs.map((s) => s.playlistCount);
    const report = evaluate({
      songs: evaluated,
      recommendations,
      heldOut,
      works: dataset.works,
      audioSongs: songsWithMel,
      k,
      seed: config.seed,
      continuation: continuationLists({ music2vec: neighbors.music2vec, listsOf, songIds, playlistCounts, cooccurrence }),
      ...(sameMelody && neighbors.tcae && { versionLabel: { neighbors: scoredLists(neighbors.tcae, k), threshold: sameMelody.threshold } }),
    });
    const popularityPct = new Map(songs.map((s) => [s.id, s.popularityPct]));
    report.discovery = discoveryCurve({ listsOf, songs: evaluated, popularityPct, heldOut, k, seed: config.seed, neutral: report });
    return report;
  });

  // 2-D maps
  const projections: Partial<Record<Model, Float32Array>> = {};
  if (config.projection) {
    for (const model of MODELS) {
      const set = embeddings[model];
      if (set) projections[model] = await stage(`map ${model}`, () => project2d(set, { seed: config.seed, progress, signal, threads: config.threads }), true);
    }
  }

  // write
  const models: ModelEntry[] = MODELS.flatMap((model) => {
    const set = embeddings[model];
    if (!set) return [];
    const modelConfig = model === "music2vec" ? config.music2vec : model === "tcae" ? config.tcae : config.cel;
    return [{ model, dim: set.dim, config: modelConfig, neighbors: neighbors[model]!, projection: projections[model] ?? null }];
  });
  // An imported library: the music folder and which songs can be heard, for the site's player.
  const audio = libraryAudio(dataDir, new Set(songIds));
  const finishedAt = new Date();
  await stage("write", () =>
    writeCatalogue(options.outFile, {
      genres: dataset.genres,
      songs,
      models,
      rankings,
      timbre,
      meta: {
        ...(sameMelody && { tcae_same_melody_threshold: String(sameMelody.threshold) }),
        built_at: finishedAt.toISOString(),
        data_dir: dataDir,
        songs: String(songs.length),
        playlists: String(trainLists.length + heldOut.length),
        ...(audio && { audio_root: audio.audioRoot }),
      },
      audio: audio?.rows ?? [],
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
    }, {
      startProgress: (total) => createProgress("write", total, { unit: "rows", quiet: progress === false }),
      checkStop: () => {
        if (signal?.aborted) throw new Interrupted();
      },
      ...(options.onCommitted && { onCommitted: options.onCommitted }),
    }),
  );

  cache.clear();

  const summary: BuildSummary = {
    outFile: resolve(options.outFile),
    songs: songs.length,
    playlists: trainLists.length + heldOut.length,
    embeddings: Object.fromEntries(MODELS.map((m) => [m, embeddings[m]?.ids.length ?? 0])) as Record<Model, number>,
    timings,
    peakMemory: peaks,
    resumed,
    compute: backend,
    metrics,
    warnings: dataset.warnings,
  };
  log(`\n✔ catalogue written to ${summary.outFile}`);
  log(`  ${songs.length.toLocaleString()} songs · ${MODELS.map((m) => `${m} ${summary.embeddings[m].toLocaleString()}`).join(" · ")}`);
  log(`  compute: ${backend}`);
  log(formatStageTable(timings, peaks, resumed, beside, Math.round((performance.now() - started) / 100) / 10));
  for (const warning of dataset.warnings) log(`  ⚠ ${warning}`);
  log(`\n${formatReportTable(metrics)}`);
  return summary;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
