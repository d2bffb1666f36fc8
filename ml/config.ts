// The build's configuration, all in one place: every default of every stage, the rule every option must
// satisfy, and the overlay of a JSON file (`mugle build --config FILE`) and command-line flags on top.
// Each model's file says what its options mean (its config type); this file says what they are by default.
// The effective config is stored with the build run and shown on the About page.
import { basename } from "node:path";
import { DataError, describeValue } from "./core/errors.ts";
import { GENRE_CODE } from "./data/fields.ts";
import { readJsonFileSync } from "./data/jsonStream.ts";
import type { CelConfig } from "./models/cel.ts";
import type { Music2VecConfig } from "./models/music2vec.ts";
import type { TcaeAugment, TcaeConfig } from "./models/tcae.ts";
import { pooledLength } from "./models/tcaeInput.ts";
import { GRID_STEPS } from "./models/tcaePitch.ts";
import type { PreprocessConfig } from "./pipeline/preprocess.ts";
import { BUILD_PROFILES, type BuildProfile } from "./pipeline/profile.ts";

/** The seed of every random choice when none is given (the build, the sample generator, the benchmarks). */
export const DEFAULT_SEED = 22;

export interface BuildConfig {
  /** Seeds every random choice of the build; each stage derives its own stream from it. */
  seed: number;
  /** Read only the first N playlists of train.json (a slice of the real dataset); 0 = all. */
  maxPlaylists: number;
  preprocess: PreprocessConfig;
  /** Share of playlists kept out of Music2Vec's training for the co-playlist metrics. */
  heldOutFraction: number;
  music2vec: Music2VecConfig;
  tcae: TcaeConfig;
  cel: CelConfig;
  /** Threads for the cosine top-k. */
  threads: number;
  /** Compute the 2-D maps for the /map page. */
  projection: boolean;
  /** Whose defaults these are: Melon's (OK Mugle's preprocessing) or an imported music library's (ml/pipeline/profile.ts). */
  profile: BuildProfile;
  /** Add each album of 2+ songs as a training playlist (for a library without playlists). */
  albumsAsPlaylists: boolean;
  /**
   * Most songs the training-free audio baselines of the evaluation table are computed on (a seeded sample
   * when more songs have a mel; their pooled frames take 90 kB per song); 0 = every song with a mel.
   */
  audioBaselineSongs: number;
}

/** OK Mugle's preprocessing of Melon: each filter can be switched off. */
export const DEFAULT_PREPROCESS: PreprocessConfig = {
  keepPlaylistSongsOnly: true,
  mergeDuplicates: true,
  dropVariousArtists: true,
  // Classical, new age, children's, religious, traditional, ... (not what a pop recommender is asked about).
  dropGenres: ["GN1600", "GN1800", "GN1900", "GN2000", "GN2100", "GN2200", "GN2300", "GN2400", "GN2600", "GN2700", "GN2800", "GN2900"],
  dropTitlePatterns: ["Instrumental", "inst.", "(MR)", "ASMR"],
  minPlaylists: 3,
};

/**
 * The library profile's preprocessing: nothing is filtered. OK Mugle's filters suit 700k songs of a streaming
 * service, not someone's music library, where every file is a song the owner wants neighbours for; two files of
 * one song (an album track and its compilation copy) are both the owner's, so both stay.
 */
export const LIBRARY_PREPROCESS: PreprocessConfig = {
  keepPlaylistSongsOnly: false,
  mergeDuplicates: false,
  dropVariousArtists: false,
  dropGenres: [],
  dropTitlePatterns: [],
  minPlaylists: 0,
};

/**
 * Skip-gram as word2vec.c, except epochs = 10, for the sample the demo builds (3,000 playlists of 46 songs over
 * 4,000 songs: about 125k training words per epoch, so a song occurs about 30 times per pass). word2vec's 5 passes
 * suit corpora of millions of words; on a corpus this small, rare songs need more passes to move away from their
 * random start, and 10 passes still cost only about 1.3M words (tens of seconds on 2 cores).
 */
export const DEFAULT_MUSIC2VEC: Music2VecConfig = {
  dim: 128,
  window: 10,
  negative: 5,
  epochs: 10,
  alpha: 0.025,
  minAlpha: 0.0001,
  sample: 1e-3,
  nsExponent: 0.75,
  togetherSlots: 4,
  asSet: true,
  minCount: 1,
  threads: 2,
  deterministic: true,
  seed: DEFAULT_SEED,
};

/**
 * The invariance term's view changes, matching what versions of a work change in real catalogues
 * (ml/models/tcaeAugment.ts): a key change up to 2.5 semitones, tempo ±15 %, EQ tilt and resonances, a noise
 * floor 40–70 dB below the peak, gain, and for a change of instruments and arrangement a reverb tail, added
 * percussion and another song mixed 6–18 dB underneath. Without the last three, version recall@10 on the hard
 * sample fell from 0.18 to 0.12 (12 epochs, same architecture).
 */
export const VERSION_AUGMENT: TcaeAugment = {
  keySemitones: 2.5,
  tempo: 0.15,
  eqTiltDb: 0.25,
  eqBumpDb: 6,
  noiseDb: [-70, -40],
  gainDb: 6,
  reverbDbPerSecond: [20, 60],
  drumsDb: [-30, 0],
  mixDb: [-18, -6],
};

export const TCAE_PRESETS: Record<TcaeConfig["preset"], TcaeConfig> = {
  // The original's architecture and sizes (a plain autoencoder, dense bottleneck over the whole excerpt), for a
  // native backend: ~25 samples/s on 16 CPU cores in PyTorch, 3,400 on an H100.
  okm: {
    preset: "okm",
    channels: [512, 256, 128, 64, 32, 16, 8],
    dilations: [1, 2, 4, 8, 16, 32, 64],
    embeddingDim: 128,
    frames: 1876,
    pool: 1,
    centerSongs: false,
    centerFrames: false,
    whitenBands: 0,
    peaks: false,
    transpositionKernel: 0,
    whitenEmbedding: false,
    whitenRemoveTop: 0,
    head: "dense",
    invariance: 0,
    temperature: 0.1,
    pairJitterSeconds: 2,
    augment: { ...VERSION_AUGMENT },
    epochs: 10,
    batchSize: 32,
    learningRate: 1e-3,
    // Training songs are held in memory (1876 x 48 float32, 360 kB each): 10,000 is 3.6 GB; every song is still encoded.
    trainSongs: 10000,
    seed: DEFAULT_SEED,
  },
  // The melody TCAE, sized for the demo on the wasm backend (one core): it trains on at most 1,500 songs with a
  // mel. Each choice measured on the demo sample (seed 22) and the hard-versions sample (seed 5), with the
  // demo preset's 1,500 mels of that time; the ablation table is in the README. Version recall@10 / genre
  // precision@10 of TCAE:
  // - the original plain autoencoder at these sizes (dense head, pool 4): 0.13 / 0.43 on the demo sample;
  // - meanMax head (mean and max of the last conv layer over time, a song encoded whole): 0.21 / 0.52;
  // - centerSongs (each band's mean over the song removed: a recording's static EQ and timbre): 0.24 / 0.30;
  // - the invariance term (two augmented views per song, NT-Xent, views starting within 2 s of each other),
  //   pool 8, 4 × 64 channels: 0.46 / 0.32 after 6 epochs, 0.48 / 0.34 after 12 (0.31 / 0.31 on the hard
  //   sample); percussion, reverb and a mixed-in song among the view changes: 0.18 against 0.12 without on
  //   the hard sample; views anywhere in the song (pairJitterSeconds 30) 0.39 / 0.41: they share the recording's
  //   sound more than a passage;
  // - whitenBands 2 and centerFrames raised demo recall to 0.59 and 0.63 (12 epochs) but cost genre precision
  //   (0.18, 0.24), and on the hard sample gained little recall for as much genre (0.20 / 0.22 and 0.19 / 0.28
  //   against 0.18 / 0.37 at that stage); with views paired within 2 s, centerFrames at 12 epochs 0.30 on the
  //   hard sample against 0.31 without, and in full builds at 6 epochs TCAE 0.49 against 0.42 on the demo
  //   sample but 0.18 against 0.28 on the hard one (CEL 0.36 against 0.44): not kept;
  // - 12 epochs: in full builds TCAE 0.53 against 0.42 after 6 on the demo sample and 0.30 against 0.28 on the
  //   hard one (CEL 0.58 against 0.53, Score Total 0.37 against 0.32, genre precision held); with the per-tap
  //   conv step (ml/compute/tf/layers.ts) 12 epochs cost about what 6 did before it.
  // - 24 epochs: in full builds TCAE 0.58 against 0.52 after 12 on the demo sample and 0.37 against 0.29 on the
  //   hard one (CEL 0.60 against 0.58 and 0.49 against 0.42; genre precision and co-playlist metrics held;
  //   36 epochs: 0.59, CEL 0.58); with training's products on ONNX Runtime's GEMM (tf/nativeGemm.ts) 24 epochs
  //   cost about what 12 did before.
  // - transpositionKernel 12 (the transposition-invariant front, ml/models/tcaePitch.ts): in a 12-epoch harness
  //   0.39 against 0.30 on the hard sample and 0.55 against 0.48 on the demo one; in full builds at 24 epochs
  //   0.42 against 0.37 and 0.69 against 0.58 (CEL and Score Total held; TCAE's own genre precision 0.27 and
  //   0.29 against 0.32 and 0.34: timbre has its own facet). On by default since the front runs fused on ONNX
  //   Runtime (tf/bandConvMaxNative.ts): on TensorFlow.js ops it took 3.7 times as long to train, now 1.5.
  // - whitenEmbedding (ml/models/whitening.ts, Ledoit–Wolf shrinkage): in full builds TCAE 0.82 against 0.69 on
  //   the demo sample and 0.58 against 0.42 on the hard one, CEL 0.74 against 0.59 and 0.60 against 0.48 (genre
  //   precision 0.94 and 0.93), Score Total on songs with a mel 0.68 and 0.54 against 0.55 and 0.43, its
  //   co-playlist metrics above Music2Vec's; no training, 0.2 s per build on the demo sample.
  // - 36 epochs, with the front and the whitening (before them 36 gave little): in full builds TCAE 0.86 against
  //   0.82 on the demo sample and 0.65 against 0.58 on the hard one, CEL 0.74 and 0.64 (genre 0.95 and 0.93),
  //   Score Total on songs with a mel 0.71 and 0.58, its co-playlist metrics still above Music2Vec's; TCAE's
  //   stage takes half as long again.
  // - whitenRemoveTop 2 (the whitening also removes the catalogue's 2 directions of largest variance): on the
  //   same trained vectors, TCAE +0.006 to +0.020 on six samples of the 3,400-mel preset and the issue's shape
  //   (1: −0.002 to +0.014; 3 and 4: mixed); TCAE's genre precision −0.02 to −0.03. Full builds in the README.
  // - Not adopted: Adam's step size on a cosine decay to 0 (TCAE 0.537 against 0.619 on the hard sample, seed 5;
  //   0.489 against 0.595, seed 9: the constant step's noise is part of what generalises to unseen songs);
  //   a step of 4e-3 (0.621); less Ledoit–Wolf shrinkage (0 to 0.001: +0.04 on one hard sample, −0.02 on a
  //   demo one).
  // Timbre and mood are not lost: they live in the timbre facet (ml/pipeline/timbre.ts) and in Music2Vec.
  cpu: {
    preset: "cpu",
    channels: [64, 64, 64, 64],
    dilations: [1, 2, 4, 8],
    embeddingDim: 128,
    frames: 512,
    pool: 8,
    centerSongs: true,
    centerFrames: false,
    whitenBands: 0,
    peaks: false,
    transpositionKernel: 12,
    whitenEmbedding: true,
    whitenRemoveTop: 2,
    head: "meanMax",
    invariance: 1,
    temperature: 0.1,
    pairJitterSeconds: 2,
    augment: { ...VERSION_AUGMENT },
    epochs: 36,
    batchSize: 32,
    learningRate: 2e-3,
    trainSongs: 1500,
    seed: DEFAULT_SEED,
  },
};

/** The joint network of the original. */
export const DEFAULT_CEL: CelConfig = {
  hidden: 128,
  joint: 256,
  embeddingDim: 128,
  // Music2Vec's vector norms follow how often a song was played; TCAE's are unit length: normalised, neither
  // input drives the first layers harder because of its units.
  normalizeInputs: true,
  tcaeWeight: 1,
  music2vecWeight: 1,
  epochs: 40,
  batchSize: 64,
  learningRate: 1e-3,
  seed: DEFAULT_SEED,
};

export function defaultConfig(seed = DEFAULT_SEED, profile: BuildProfile = "melon"): BuildConfig {
  return {
    seed,
    maxPlaylists: 0,
    preprocess: structuredClone(profile === "library" ? LIBRARY_PREPROCESS : DEFAULT_PREPROCESS),
    heldOutFraction: 0.1,
    music2vec: { ...DEFAULT_MUSIC2VEC, seed },
    tcae: { ...structuredClone(TCAE_PRESETS.cpu), seed },
    cel: { ...DEFAULT_CEL, seed },
    threads: 2,
    projection: true,
    profile,
    albumsAsPlaylists: false,
    audioBaselineSongs: 5000,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Rules. Every option of every section has one; a violation reads `<section.key> is <value>, expected <what>`,
// the wording of every data error.

/** What a value must be, or null when it is fine. */
type Rule = (value: unknown) => string | null;

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
const positiveInt: Rule = (v) => (isInt(v) && v >= 1 ? null : "a positive integer");
const nonNegativeInt: Rule = (v) => (isInt(v) && v >= 0 ? null : "a non-negative integer");
const positive: Rule = (v) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? null : "a positive number");
const nonNegative: Rule = (v) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? null : "a number >= 0");
const finite: Rule = (v) => (typeof v === "number" && Number.isFinite(v) ? null : "a finite number");
const boolean: Rule = (v) => (typeof v === "boolean" ? null : "true or false");
const fraction: Rule = (v) => (typeof v === "number" && v >= 0 && v < 1 ? null : "a number in [0, 1)");
const oneOf = (...values: string[]): Rule => (v) => (values.includes(v as string) ? null : values.map((x) => JSON.stringify(x)).join(" or "));
const nonEmptyArrayOf = (item: Rule, what: string): Rule => (v) =>
  Array.isArray(v) && v.length > 0 && v.every((x) => item(x) === null) ? null : `a non-empty array of ${what}`;
const integer: Rule = (v) => (isInt(v) ? null : "an integer");
/** An array whose items ITEM_RULES checks one by one, so the message can name the index. */
const array: Rule = (v) => (Array.isArray(v) ? null : "an array");
const genreCode: Rule = (v) => (typeof v === "string" && GENRE_CODE.test(v) ? null : 'a genre code like "GN1600"');
const object: Rule = (v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? null : "an object");
const range: Rule = (v) =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x)) ? null : "[low, high], two finite numbers";
const nonEmptyString: Rule = (v) => (typeof v === "string" && v !== "" ? null : "a non-empty string");

type Rules<T> = { [K in keyof T]-?: Rule };

const PREPROCESS_RULES: Rules<PreprocessConfig> = {
  keepPlaylistSongsOnly: boolean,
  mergeDuplicates: boolean,
  dropVariousArtists: boolean,
  dropGenres: array,
  dropTitlePatterns: array,
  minPlaylists: nonNegativeInt,
};
const ITEM_RULES: Partial<Record<string, Rule>> = { "preprocess.dropGenres": genreCode, "preprocess.dropTitlePatterns": nonEmptyString };

const MUSIC2VEC_RULES: Rules<Music2VecConfig> = {
  dim: positiveInt,
  window: positiveInt,
  negative: nonNegativeInt,
  epochs: positiveInt,
  alpha: positive,
  minAlpha: nonNegative,
  sample: nonNegative,
  nsExponent: finite,
  togetherSlots: nonNegativeInt,
  asSet: boolean,
  minCount: positiveInt,
  threads: positiveInt,
  deterministic: boolean,
  seed: integer,
};

const TCAE_RULES: Rules<TcaeConfig> = {
  preset: oneOf("cpu", "okm"),
  channels: nonEmptyArrayOf(positiveInt, "positive integers"),
  dilations: nonEmptyArrayOf(positiveInt, "positive integers"),
  embeddingDim: positiveInt,
  frames: positiveInt,
  pool: positiveInt,
  centerSongs: boolean,
  centerFrames: boolean,
  whitenBands: nonNegativeInt,
  peaks: boolean,
  transpositionKernel: nonNegativeInt,
  whitenEmbedding: boolean,
  whitenRemoveTop: nonNegativeInt,
  head: oneOf("dense", "meanMax"),
  invariance: nonNegative,
  temperature: positive,
  pairJitterSeconds: nonNegative,
  augment: object,
  epochs: positiveInt,
  batchSize: positiveInt,
  learningRate: positive,
  trainSongs: nonNegativeInt,
  seed: integer,
};

/** Each range is [low, high]; a range whose high is not above its low switches that change off. */
const AUGMENT_RULES: Rules<TcaeAugment> = {
  keySemitones: nonNegative,
  tempo: fraction,
  eqTiltDb: nonNegative,
  eqBumpDb: nonNegative,
  noiseDb: range,
  gainDb: nonNegative,
  reverbDbPerSecond: range,
  drumsDb: range,
  mixDb: range,
};

const CEL_RULES: Rules<CelConfig> = {
  hidden: positiveInt,
  joint: positiveInt,
  embeddingDim: positiveInt,
  normalizeInputs: boolean,
  tcaeWeight: nonNegative,
  music2vecWeight: nonNegative,
  // 0 encodes with the initial weights: the untrained baseline the CEL tests compare against.
  epochs: nonNegativeInt,
  batchSize: positiveInt,
  learningRate: positive,
  seed: integer,
};

const TOP_RULES: Record<"seed" | "maxPlaylists" | "heldOutFraction" | "threads" | "projection" | "profile" | "albumsAsPlaylists" | "audioBaselineSongs", Rule> = {
  seed: integer,
  maxPlaylists: nonNegativeInt,
  heldOutFraction: fraction,
  threads: positiveInt,
  projection: boolean,
  profile: oneOf(...BUILD_PROFILES),
  albumsAsPlaylists: boolean,
  audioBaselineSongs: nonNegativeInt,
};

/** One complaint about a config: where (`music2vec.window`) and what was expected. */
export class ConfigProblem extends Error {
  constructor(readonly path: string, readonly value: unknown, readonly expected: string) {
    super(`${path} is ${describeValue(value)}, expected ${expected}`);
    this.name = "ConfigProblem";
  }
}

function checkSection(section: string, value: object, rules: Record<string, Rule>): void {
  for (const [key, rule] of Object.entries(rules)) {
    const v = (value as Record<string, unknown>)[key];
    const path = `${section}.${key}`;
    const expected = rule(v);
    if (expected !== null) throw new ConfigProblem(path, v, expected);
    const item = ITEM_RULES[path];
    if (item && Array.isArray(v)) {
      v.forEach((x, i) => {
        const itemExpected = item(x);
        if (itemExpected !== null) throw new ConfigProblem(`${path}[${i}]`, x, itemExpected);
      });
    }
  }
}

/** Music2Vec's options, each and together. Throws ConfigProblem. */
export function validateMusic2VecConfig(config: Music2VecConfig): void {
  checkSection("music2vec", config, MUSIC2VEC_RULES);
  if (config.minAlpha > config.alpha) throw new ConfigProblem("music2vec.minAlpha", config.minAlpha, `at most music2vec.alpha (${config.alpha})`);
}

/** TCAE's options, each and together. Throws ConfigProblem. */
export function validateTcaeConfig(config: TcaeConfig): void {
  checkSection("tcae", config, TCAE_RULES);
  if (config.dilations.length !== config.channels.length)
    throw new ConfigProblem("tcae.dilations", config.dilations, `one dilation per entry of tcae.channels (${config.channels.length})`);
  if (config.whitenRemoveTop >= config.embeddingDim) throw new ConfigProblem("tcae.whitenRemoveTop", config.whitenRemoveTop, `below tcae.embeddingDim (${config.embeddingDim})`);
  if (config.transpositionKernel > GRID_STEPS) throw new ConfigProblem("tcae.transpositionKernel", config.transpositionKernel, `at most ${GRID_STEPS} (the semitone grid's steps)`);
  if (config.frames % config.pool !== 0) throw new ConfigProblem("tcae.frames", config.frames, `a multiple of tcae.pool (${config.pool})`);
  const longest = pooledLength(config.pool) * config.pool;
  if (config.frames > longest) throw new ConfigProblem("tcae.frames", config.frames, `at most ${longest} (a whole mel-spectrogram)`);
  checkSection("tcae.augment", config.augment, AUGMENT_RULES);
  // The invariance term tells each view's twin from the other songs of the batch: it needs other songs.
  if (config.invariance > 0 && config.batchSize < 2) throw new ConfigProblem("tcae.batchSize", config.batchSize, "2 or more when tcae.invariance is above 0");
}

/** CEL's options. Throws ConfigProblem. */
export function validateCelConfig(config: CelConfig): void {
  checkSection("cel", config, CEL_RULES);
  if (config.tcaeWeight + config.music2vecWeight === 0) throw new ConfigProblem("cel.music2vecWeight", config.music2vecWeight, "above 0 when cel.tcaeWeight is 0");
}

/** Preprocessing's options. Throws ConfigProblem. */
export function validatePreprocessConfig(config: PreprocessConfig): void {
  checkSection("preprocess", config, PREPROCESS_RULES);
}

/** Every section and the checks across sections. Throws ConfigProblem. */
export function validateBuildConfig(config: BuildConfig): void {
  checkSection("config", config, TOP_RULES);
  validatePreprocessConfig(config.preprocess);
  validateMusic2VecConfig(config.music2vec);
  validateTcaeConfig(config.tcae);
  validateCelConfig(config.cel);
  const dims = { "music2vec.dim": config.music2vec.dim, "tcae.embeddingDim": config.tcae.embeddingDim, "cel.embeddingDim": config.cel.embeddingDim };
  if (new Set(Object.values(dims)).size !== 1) {
    throw new ConfigProblem(
      "cel.embeddingDim",
      config.cel.embeddingDim,
      `equal to music2vec.dim and tcae.embeddingDim (${Object.entries(dims).map(([k, v]) => `${k} ${v}`).join(", ")}), since CEL's loss compares its output with both inputs`,
    );
  }
}

/**
 * Overlays `overrides` on `defaults`, key by key. Unknown keys and values of another type are errors naming
 * the file and the key path, so a typo in a config file never silently falls back to a default.
 */
export function overlay<T>(defaults: T, overrides: unknown, file: string, path = ""): T {
  if (overrides === undefined) return defaults;
  const fail = (detail: string) => {
    throw new DataError(file, null, detail);
  };
  if (Array.isArray(defaults)) {
    if (!Array.isArray(overrides)) fail(`${path || "config"} is ${describeValue(overrides)}, expected an array`);
    const sample = (defaults as unknown[])[0];
    (overrides as unknown[]).forEach((value, i) => {
      if (sample !== undefined && typeof value !== typeof sample)
        fail(`${path}[${i}] is ${describeValue(value)}, expected a ${typeof sample}`);
    });
    return overrides as T;
  }
  if (defaults !== null && typeof defaults === "object") {
    if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides))
      fail(`${path || "config"} is ${describeValue(overrides)}, expected an object`);
    const result: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (!(key in result)) fail(`unknown option "${keyPath}" (known: ${Object.keys(result).join(", ")})`);
      result[key] = overlay(result[key], value, file, keyPath);
    }
    return result as T;
  }
  if (typeof overrides !== typeof defaults) fail(`${path} is ${describeValue(overrides)}, expected a ${typeof defaults}`);
  if (typeof overrides === "number" && !Number.isFinite(overrides)) fail(`${path} must be a finite number`);
  return overrides as T;
}

/**
 * Reads a config file as a partial BuildConfig. The TCAE preset (`tcae.preset` in the file, or `tcaePreset`
 * from the command line, which wins) switches the TCAE defaults before the file's other tcae keys apply. The
 * profile (`profile` from the command line, else `profile` in the file, else the one detected from the dataset)
 * switches the preprocessing defaults the same way.
 * Every problem is one DataError naming the file and the option, raised before anything trains.
 */
export function loadConfig(
  file: string | undefined,
  seed: number | undefined,
  tcaePreset?: TcaeConfig["preset"],
  profile?: BuildProfile,
  detectedProfile?: BuildProfile,
): BuildConfig {
  let raw: Record<string, unknown> = {};
  const name = file ? basename(file) : "config";
  if (file) {
    // The dataset's JSON reader: UTF-8 checked, errors located by line and column.
    raw = readJsonFileSync(file) as Record<string, unknown>;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new DataError(name, null, `config is ${describeValue(raw)}, expected an object`);
  }
  const effectiveSeed = seed ?? (typeof raw.seed === "number" ? raw.seed : DEFAULT_SEED);
  const chosenProfile = profile ?? raw.profile ?? detectedProfile ?? "melon";
  if (!BUILD_PROFILES.includes(chosenProfile as BuildProfile)) {
    throw new DataError(name, null, `profile is ${describeValue(chosenProfile)}, expected ${BUILD_PROFILES.map((p) => `"${p}"`).join(" or ")}`);
  }
  const base = defaultConfig(effectiveSeed, chosenProfile as BuildProfile);
  delete raw.profile;
  const tcae = raw.tcae as Record<string, unknown> | undefined;
  if (tcae !== undefined && (tcae === null || typeof tcae !== "object" || Array.isArray(tcae))) {
    throw new DataError(name, null, `tcae is ${describeValue(tcae)}, expected an object`);
  }
  if (tcaePreset && tcae) tcae.preset = tcaePreset;
  const preset = tcaePreset ?? tcae?.preset;
  if (preset !== undefined) {
    if (preset !== "cpu" && preset !== "okm") throw new DataError(name, null, `tcae.preset is ${describeValue(preset)}, expected "cpu" or "okm"`);
    base.tcae = { ...structuredClone(TCAE_PRESETS[preset]), seed: effectiveSeed };
  }
  const config = overlay(base, { ...raw, seed: effectiveSeed }, name);
  try {
    validateBuildConfig(config);
  } catch (error) {
    if (error instanceof ConfigProblem) throw new DataError(name, null, error.message.replace(/^config\./, ""));
    throw error;
  }
  return config;
}
