// One tuning trial: train Music2Vec with one configuration on the tune-train playlists, take every song's
// top 50 as the build does (ml/models/music2vecLists.ts), and measure it on the tune-validation playlists with
// the build's own evaluation (ml/pipeline/evaluate.ts: the @10 figures on the first 10, playlist continuation
// on all 50), so a figure in the tuning table means what the same figure means after a build. How many
// "played together" songs lead the list costs no training, so each trial measures every choice of
// TOGETHER_SLOT_CHOICES on the one trained model and keeps the best by the tuner's objective.
import { SCORE_TOTAL_DEPTH } from "../../lib/ranking.ts";
import type { MethodMetrics } from "../../lib/types.ts";
import { listsBySong } from "../core/embedding.ts";
import { cosineTopK, pairedTopK } from "../compute/knn.ts";
import type { SongMeta } from "../data/melon.ts";
import { trainMusic2Vec, type Music2VecConfig } from "../models/music2vec.ts";
import { mergeTogetherAndAlike } from "../models/music2vecLists.ts";
import { cooccurrenceBaseline, cooccurrenceRanker, popularityBaseline } from "../pipeline/baselines.ts";
import { buildCooccurrence } from "../pipeline/cooccurrence.ts";
import { evaluate, type EvaluationSong } from "../pipeline/evaluate.ts";
import { rankResults, type Floors } from "./objective.ts";

/** Recommendations per query the tuner judges, as the build's table. */
export const TUNE_K = 10;

/** The `togetherSlots` each trial measures (0: the cosine list alone). */
export const TOGETHER_SLOT_CHOICES: readonly number[] = [0, 1, 2, 3, 4];

/** One level of fidelity: the playlists trials train on and are judged on, and the catalogue they imply. */
export interface TuneData {
  /** Tune-train playlists (song ids). */
  train: number[][];
  /** Tune-validation playlists (song ids); songs outside the catalogue are ignored by evaluation. */
  validation: number[][];
  /** Songs in at least one tune-train playlist, with their tune-train playlist counts (popularity). */
  songs: EvaluationSong[];
  /** Words of one training epoch (song occurrences in the tune-train playlists). */
  words: number;
  seed: number;
}

/** The catalogue a set of tune-train playlists implies: every song they hold, popularity counted on them. */
export function tuneData(train: number[][], validation: number[][], songs: readonly SongMeta[], seed: number): TuneData {
  const cooccurrence = buildCooccurrence(train);
  const catalogue: EvaluationSong[] = [];
  for (const song of songs) {
    const playlistCount = cooccurrence.playlistCount(song.id);
    if (playlistCount > 0) catalogue.push({ id: song.id, artistIds: song.artist_id_basket, genres: song.song_gn_gnr_basket, playlistCount });
  }
  let words = 0;
  for (const playlist of train) words += playlist.length;
  return { train, validation, songs: catalogue, words, seed };
}

export interface TrialResult {
  /** The figures of the best `togetherSlots` for this model. */
  metrics: MethodMetrics;
  togetherSlots: number;
  /** Seconds training, and seconds for the top-k and evaluation. */
  trainSeconds: number;
  evaluateSeconds: number;
  /** Effective words per second of training (after subsampling), for projecting a build's time. */
  wordsPerSecond: number;
  /** Share of the corpus words kept by subsampling, averaged over epochs. */
  keptShare: number;
}

export interface TrialOptions {
  /** Threads for the top-k. */
  threads: number;
  /** What makes one `togetherSlots` better than another (the tuner's objective). */
  floors: Floors;
  signal?: AbortSignal;
}

function judge(data: TuneData, lists: Map<number, number[]>): MethodMetrics {
  const report = evaluate({
    songs: data.songs,
    recommendations: { music2vec: lists },
    heldOut: data.validation,
    k: TUNE_K,
    seed: data.seed,
    continuation: { music2vec: (song) => lists.get(song) },
  });
  return report.methods.music2vec!;
}

export async function runTrial(data: TuneData, config: Music2VecConfig, options: TrialOptions): Promise<TrialResult> {
  const t0 = performance.now();
  const { embedding, output, stats } = await trainMusic2Vec(data.train, config, { progress: false, signal: options.signal });
  const t1 = performance.now();
  const topK = { threads: options.threads, progress: false, signal: options.signal };
  const alike = await cosineTopK(embedding, SCORE_TOTAL_DEPTH, topK);
  const together = await pairedTopK(embedding, output, Math.max(...TOGETHER_SLOT_CHOICES), topK);
  const judged = TOGETHER_SLOT_CHOICES.map((slots) => {
    const neighbors = slots === 0 ? alike : mergeTogetherAndAlike(together, alike, slots);
    return { slots, metrics: judge(data, listsBySong(neighbors)) };
  });
  const best = judged[rankResults(judged.map((j) => j.metrics), options.floors)[0]!]!;
  const t2 = performance.now();
  return {
    metrics: best.metrics,
    togetherSlots: best.slots,
    trainSeconds: (t1 - t0) / 1000,
    evaluateSeconds: (t2 - t1) / 1000,
    wordsPerSecond: stats.wordsPerSecond,
    keptShare: data.words > 0 ? stats.effectiveWords / (config.epochs * data.words) : 0,
  };
}

/** The two baselines on the same data: the bar every configuration is read against. */
export function baselineMetrics(data: TuneData): { popularity: MethodMetrics; cooccurrence: MethodMetrics } {
  const ids = data.songs.map((s) => s.id);
  const counts = data.songs.map((s) => s.playlistCount);
  const cooccurrence = buildCooccurrence(data.train);
  const popular = popularityBaseline(ids, counts, SCORE_TOTAL_DEPTH);
  const report = evaluate({
    songs: data.songs,
    recommendations: { popularity: popular, cooccurrence: cooccurrenceBaseline(ids, cooccurrence, TUNE_K) },
    heldOut: data.validation,
    k: TUNE_K,
    seed: data.seed,
    continuation: { popularity: (song) => popular.get(song), cooccurrence: cooccurrenceRanker(ids, cooccurrence, SCORE_TOTAL_DEPTH) },
  });
  return { popularity: report.methods.popularity!, cooccurrence: report.methods.cooccurrence! };
}
