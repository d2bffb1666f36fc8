// `mugle tune`: a hyper-parameter search for Music2Vec on the build's own training playlists, ending with a
// config file `mugle build --config` takes.
//
// Honest held-out metrics. The build holds out a seeded share of the playlists (ml/pipeline/prepare.ts) and
// reports every metric on them. The tuner starts from exactly the same split (same seed, held-out fraction and
// slice of train.json, which the written config file records) and never reads the held-out playlists: it
// splits the build's training playlists again, into tune-train and tune-validation (another random stream of
// the same seed), trains on tune-train and chooses on tune-validation. So the figures a build prints with the
// chosen config are measured on playlists no choice was made on.
//
// The search: candidates drawn from a grid (ml/tune/space.ts), successive halving over the size of tune-train
// (ml/tune/halving.ts), the finalists at full size, the best by ml/tune/objective.ts. Everything is seeded and
// Music2Vec trains deterministically, so a fixed number of candidates (`--configs`) gives the same table and
// choice on any machine; with a time budget alone, that number is sized from the speed of the first trial
// (and printed, so the run can be repeated exactly).
import { rename, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { MethodMetrics } from "../../lib/types.ts";
import type { BuildConfig } from "../config.ts";
import { Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { Random } from "../core/random.ts";
import { loadDataset } from "../data/dataset.ts";
import type { Music2VecConfig } from "../models/music2vec.ts";
import { keepProbability } from "../models/sampling.ts";
import { formatDuration } from "./budget.ts";
import { halvingPlan, planCost, type Rung } from "./halving.ts";
import { rankResults, shortfall, type Floors } from "./objective.ts";
import { tunePlaylists } from "./split.ts";
import { DEFAULT_SPACE, TUNED_KEYS, drawCandidates, type Candidate, type SearchSpace } from "./space.ts";
import type { TuneRow } from "./table.ts";
import { baselineMetrics, runTrial, tuneData, type TrialResult, type TuneData } from "./trial.ts";

export interface TuneOptions {
  dataDir: string;
  /** The config file to write. */
  outFile: string;
  /** The build config the search starts from (seed, slice, held-out fraction, preprocessing, threads). */
  base: BuildConfig;
  /** Seconds the whole search should take. */
  budgetSeconds: number;
  /** Exactly this many candidates (reproducible anywhere); otherwise sized from the budget. */
  candidates?: number;
  /** Share of the build's training playlists held out for choosing. */
  validationFraction: number;
  floors: Floors;
  /** Candidates costing more training words than this at full size are never drawn (the build must stay affordable). */
  maxTrainingWords: number;
  space?: SearchSpace;
  /** Data sizes of successive halving and the factor between them. */
  rungs?: number;
  eta?: number;
  progress?: boolean;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface TuneResult {
  rows: TuneRow[];
  chosen: TuneRow;
  baselines: { popularity: MethodMetrics; cooccurrence: MethodMetrics };
  /** The config file written (absolute). */
  configFile: string;
  /** The config it holds. */
  config: Record<string, unknown>;
  plan: Rung[];
  seconds: number;
}

export const TUNE_DEFAULTS = {
  /** A tenth of the build's training playlists to choose on, as the build holds out a tenth to report on. */
  validationFraction: 0.1,
  /**
   * 100M training words: at Melon scale (3.6M words per epoch) about 28 epochs, which keeps Music2Vec within
   * about a third of the 30-minute build on 2 cores with the SIMD kernel.
   */
  maxTrainingWords: 100e6,
};

/** Most candidates a budget may buy: beyond this the grid is sampled thinly enough. */
const MAX_CANDIDATES = 81;

/** Nested seeded slices of tune-train: the slice of share f is the first f of one fixed shuffle, in file order. */
function sliceOf(train: number[][], order: readonly number[], fraction: number): number[][] {
  if (fraction >= 1) return train;
  const count = Math.max(1, Math.round(order.length * fraction));
  return order.slice(0, count).sort((a, b) => a - b).map((i) => train[i]!);
}

/** Share of a corpus's words subsampling keeps at threshold `sample` (what a candidate's training will cost). */
function keptShare(counts: readonly number[], words: number, sample: number): number {
  let kept = 0;
  for (const c of counts) kept += c * keepProbability(c, words, sample);
  return words > 0 ? kept / words : 1;
}

/**
 * The cost model the budget is planned with: training seconds proportional to the skip-gram work (epochs ×
 * kept words × context pairs per word × (negatives + 1) × dimension), evaluation seconds to vocabulary² ×
 * dimension (the exact top-k), each scaled by what the first trial measured.
 */
class CostModel {
  private trainRate = 0;
  private evalRate = 0;

  constructor(private readonly shapes: Map<number, { words: number; vocabulary: number; meanLength: number; counts: number[] }>) {}

  private work(c: Candidate, fraction: number): { train: number; evaluate: number } {
    const s = this.shapes.get(fraction)!;
    const pairs = Math.min(c.window + 1, Math.max(1, s.meanLength - 1));
    return {
      train: c.epochs * s.words * keptShare(s.counts, s.words, c.sample) * pairs * (c.negative + 1) * c.dim,
      evaluate: s.vocabulary * s.vocabulary * c.dim,
    };
  }

  calibrate(c: Candidate, fraction: number, trial: TrialResult): void {
    const w = this.work(c, fraction);
    this.trainRate = trial.trainSeconds / w.train;
    this.evalRate = trial.evaluateSeconds / w.evaluate;
  }

  seconds(c: Candidate, fraction: number): number {
    const w = this.work(c, fraction);
    return w.train * this.trainRate + w.evaluate * this.evalRate;
  }
}

function shapeOf(train: number[][]): { words: number; vocabulary: number; meanLength: number; counts: number[] } {
  const counts = new Map<number, number>();
  let words = 0;
  for (const playlist of train) {
    words += playlist.length;
    for (const song of playlist) counts.set(song, (counts.get(song) ?? 0) + 1);
  }
  return { words, vocabulary: counts.size, meanLength: train.length > 0 ? words / train.length : 0, counts: [...counts.values()] };
}

/**
 * The written config: the split the search respected, and every Music2Vec option as the chosen trial trained
 * with it (the grid's choice over the base config's other options), so the build trains exactly that.
 */
function chosenConfig(base: BuildConfig, chosen: Candidate, togetherSlots: number): Record<string, unknown> {
  const { seed: _seed, ...others } = base.music2vec;
  const music2vec = { ...others, ...chosen, togetherSlots };
  const config: Record<string, unknown> = {
    seed: base.seed,
    maxPlaylists: base.maxPlaylists,
    heldOutFraction: base.heldOutFraction,
    // The preprocessing and albums the search saw decide the catalogue and the training playlists: the build
    // must use the same.
    albumsAsPlaylists: base.albumsAsPlaylists,
    preprocess: base.preprocess,
    music2vec,
  };
  // CEL compares its output with both inputs, so all three embeddings share one dimension.
  if (chosen.dim !== base.tcae.embeddingDim) config.tcae = { embeddingDim: chosen.dim };
  if (chosen.dim !== base.cel.embeddingDim) config.cel = { embeddingDim: chosen.dim };
  return config;
}

async function writeAtomically(file: string, text: string, signal?: AbortSignal): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  if (signal?.aborted) throw new Interrupted();
  await rename(temporary, file);
}

export async function tune(options: TuneOptions): Promise<TuneResult> {
  const { base, signal } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const space = options.space ?? DEFAULT_SPACE;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  // The build's split and preprocessing; its held-out playlists are dropped here, unread.
  const dataset = await loadDataset(resolve(options.dataDir), { progress: options.progress, signal });
  const { build: prepared, tuneTrain, tuneValidation } = tunePlaylists(dataset.songs, dataset.playlists, base, options.validationFraction);
  log(
    `  ${prepared.train.length.toLocaleString()} training playlists of the build (its ${prepared.heldOut.length.toLocaleString()} held-out ones set aside, never read)` +
      ` → tune-train ${tuneTrain.length.toLocaleString()}, tune-validation ${tuneValidation.length.toLocaleString()}`,
  );

  // Rungs: nested seeded slices of tune-train.
  const rungs = options.rungs ?? 3;
  const eta = options.eta ?? 3;
  const fractions = Array.from({ length: rungs }, (_, r) => eta ** (r - (rungs - 1)));
  const order = new Random(base.seed, "tune-slices").shuffle(tuneTrain.map((_, i) => i));
  const slices = new Map(fractions.map((f) => [f, sliceOf(tuneTrain, order, f)]));
  const shapes = new Map(fractions.map((f) => [f, shapeOf(slices.get(f)!)]));
  const full = shapes.get(1)!;
  const data = new Map<number, TuneData>();
  const dataAt = (f: number) => {
    let d = data.get(f);
    if (!d) data.set(f, (d = tuneData(slices.get(f)!, tuneValidation, prepared.pre.songs, base.seed)));
    return d;
  };

  // What the build would train with (the defaults, or the --config file's) comes first: the search can only
  // improve on it. Options outside the grid keep its values.
  const baseline = Object.fromEntries(TUNED_KEYS.map((k) => [k, base.music2vec[k]])) as Candidate;
  const draw = (count: number) =>
    drawCandidates(count, { space, baseline, maxTrainingWords: options.maxTrainingWords, wordsPerEpoch: full.words, seed: base.seed });
  const configOf = (c: Candidate): Music2VecConfig => ({ ...base.music2vec, ...c, seed: base.seed });

  const rows: TuneRow[] = [];
  const cost = new CostModel(shapes);
  const run = async (c: Candidate, index: number, fraction: number): Promise<TuneRow> => {
    if (signal?.aborted) throw new Interrupted();
    const trial = await runTrial(dataAt(fraction), configOf(c), { threads: base.threads, floors: options.floors, signal });
    const row: TuneRow = { index, candidate: c, fraction, trial, verdict: "" };
    rows.push(row);
    return row;
  };

  // Plan: a fixed number of candidates, or as many as the budget buys at the speed of the first trial.
  let plan: Rung[];
  let first: TuneRow | null = null;
  if (options.candidates !== undefined) {
    plan = halvingPlan(Math.min(options.candidates, draw(options.candidates).length), rungs, eta);
  } else {
    const smallest = fractions[0]!;
    log(`  sizing the search: first trial (the default for this corpus) on ${(smallest * 100).toFixed(0)}% of tune-train…`);
    first = await run(baseline, 0, smallest);
    cost.calibrate(baseline, smallest, first.trial);
    const affordable = (n: number) => {
      const candidates = draw(n);
      const mean = (f: number) => candidates.reduce((s, c) => s + cost.seconds(c, f), 0) / candidates.length;
      return planCost(halvingPlan(candidates.length, rungs, eta), mean) <= options.budgetSeconds;
    };
    let n = 1;
    while (n < MAX_CANDIDATES && draw(n + 1).length > n && affordable(n + 1)) n++;
    plan = halvingPlan(n, rungs, eta);
    // With so few candidates that they all go straight to full size, the sizing trial is not part of the search.
    if (plan[0]!.fraction !== smallest) first.verdict = "sizing";
  }
  const candidates = draw(plan[0]!.size);
  const meanCost = (f: number) => candidates.reduce((s, c) => s + cost.seconds(c, f), 0) / candidates.length;
  const plannedSeconds = planCost(plan, meanCost);
  log(
    `  plan: ${plan.map((r) => `${r.size} on ${(r.fraction * 100).toFixed(r.fraction < 0.1 ? 1 : 0)}%`).join(" → ")} of tune-train` +
      `${first ? `, about ${formatDuration(plannedSeconds)}` : ""} (repeat exactly with --configs ${plan[0]!.size} --seed ${base.seed})`,
  );

  // Successive halving.
  // Progress in planned seconds of work when the plan was sized (later rungs' trials are longer), else in trials.
  const workOf = (c: Candidate, f: number) => (first ? cost.seconds(c, f) : 1);
  const progress = createProgress("tune", first ? plannedSeconds : plan.reduce((s, r) => s + r.size, 0), {
    unit: first ? "s of work" : "trials",
    quiet: options.progress === false,
  });
  let alive = candidates.map((c, index) => ({ c, index }));
  let lastRung: TuneRow[] = [];
  for (let r = 0; r < plan.length; r++) {
    const rung = plan[r]!;
    alive = alive.slice(0, rung.size);
    const results: TuneRow[] = [];
    for (const { c, index } of alive) {
      const reuse = first && r === 0 && index === 0 && first.fraction === rung.fraction ? first : null;
      const row = reuse ?? (await run(c, index, rung.fraction));
      results.push(row);
      const best = rankResults(results.map((x) => x.trial.metrics), options.floors)[0]!;
      const m = results[best]!.trial.metrics;
      progress.tick(workOf(c, rung.fraction), `rung ${r + 1}/${plan.length}  best nDCG@10 ${(m.coPlaylistNdcgAt10 ?? 0).toFixed(4)} hit@10 ${(m.coPlaylistHitRateAt10 ?? 0).toFixed(3)}`);
    }
    const ranked = rankResults(results.map((x) => x.trial.metrics), options.floors);
    const next = plan[r + 1]?.size ?? 1;
    ranked.forEach((i, place) => (results[i]!.verdict = r + 1 < plan.length ? (place < next ? "promoted" : "") : ""));
    alive = ranked.map((i) => ({ c: results[i]!.candidate, index: results[i]!.index }));
    lastRung = ranked.map((i) => results[i]!);
    // A search sized by the budget stops rather than run far past it: if the machine turned out slower than the
    // first trial promised, the rest of the plan is projected at the speed seen so far.
    if (first && r + 1 < plan.length) {
      const done = plan.slice(0, r + 1).reduce((s, x) => s + x.size * meanCost(x.fraction), 0);
      const rest = plan.slice(r + 1).reduce((s, x) => s + x.size * meanCost(x.fraction), 0);
      const projected = elapsed() + rest * (elapsed() / done);
      if (projected > options.budgetSeconds * 1.5) {
        log(`  the rest of the plan would end at ${formatDuration(projected)}, past 1.5 × the budget: choosing among this rung`);
        break;
      }
    }
  }
  progress.done();
  const chosen = lastRung[0]!;
  chosen.verdict = "chosen";
  for (const row of rows) if (row.verdict === "" && shortfall(row.trial.metrics, options.floors) > 0) row.verdict = "below floor";

  const baselines = baselineMetrics(dataAt(chosen.fraction));
  const config = chosenConfig(base, chosen.candidate, chosen.trial.togetherSlots);
  const configFile = resolve(options.outFile);
  await writeAtomically(configFile, `${JSON.stringify(config, null, 2)}\n`, signal);
  log(`  chosen configuration written to ${configFile} (search took ${formatDuration(elapsed())})`);
  return { rows, chosen, baselines, configFile, config, plan, seconds: elapsed() };
}

