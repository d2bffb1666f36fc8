// The build's configuration: every stage's defaults in one object, overridable by a JSON file
// (`mugle build --config FILE`) and by command-line flags. The effective config is stored with the build run.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { DataError, describeValue } from "./core/errors.ts";
import { DEFAULT_CEL, checkCelConfig, type CelConfig } from "./models/cel.ts";
import { DEFAULT_MUSIC2VEC, validateMusic2VecConfig, type Music2VecConfig } from "./models/music2vec.ts";
import { TCAE_PRESETS, checkTcaeConfig, type TcaeConfig } from "./models/tcae.ts";
import { DEFAULT_PREPROCESS, checkPreprocessConfig, type PreprocessConfig } from "./pipeline/preprocess.ts";

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
  /**
   * Most songs the training-free audio baselines of the evaluation table are computed on (a seeded sample
   * when more songs have a mel; their pooled frames take 90 kB per song); 0 = every song with a mel.
   */
  audioBaselineSongs: number;
}

export const DEFAULT_SEED = 22;

export function defaultConfig(seed = DEFAULT_SEED): BuildConfig {
  return {
    seed,
    maxPlaylists: 0,
    preprocess: structuredClone(DEFAULT_PREPROCESS),
    heldOutFraction: 0.1,
    music2vec: { ...DEFAULT_MUSIC2VEC, seed },
    tcae: { ...structuredClone(TCAE_PRESETS.cpu), seed },
    cel: { ...DEFAULT_CEL, seed },
    threads: 2,
    projection: true,
    audioBaselineSongs: 5000,
  };
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
 * from the command line, which wins) switches the TCAE defaults before the file's other tcae keys apply.
 */
export function loadConfig(file: string | undefined, seed: number | undefined, tcaePreset?: "cpu" | "okm"): BuildConfig {
  let raw: Record<string, unknown> = {};
  const name = file ? basename(file) : "config";
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new DataError(name, null, `cannot read ${file}`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new DataError(name, null, `not valid JSON (${(error as Error).message})`);
    }
  }
  const effectiveSeed = seed ?? (typeof raw.seed === "number" ? raw.seed : DEFAULT_SEED);
  const base = defaultConfig(effectiveSeed);
  const tcae = raw.tcae as Record<string, unknown> | undefined;
  if (tcaePreset && tcae) tcae.preset = tcaePreset;
  const preset = tcaePreset ?? tcae?.preset;
  if (preset !== undefined) {
    if (preset !== "cpu" && preset !== "okm") throw new DataError(name, null, `tcae.preset is ${describeValue(preset)}, expected "cpu" or "okm"`);
    base.tcae = { ...structuredClone(TCAE_PRESETS[preset]), seed: effectiveSeed };
  }
  const config = overlay(base, { ...raw, seed: effectiveSeed }, name);
  validate(config, name);
  return config;
}

function validate(config: BuildConfig, file: string): void {
  const check = (ok: boolean, detail: string) => {
    if (!ok) throw new DataError(file, null, detail);
  };
  check(config.heldOutFraction >= 0 && config.heldOutFraction < 1, `heldOutFraction must be in [0, 1), got ${config.heldOutFraction}`);
  check(Number.isInteger(config.threads) && config.threads >= 1, `threads must be a positive integer, got ${config.threads}`);
  check(Number.isInteger(config.maxPlaylists) && config.maxPlaylists >= 0, `maxPlaylists must be a non-negative integer, got ${config.maxPlaylists}`);
  check(Number.isInteger(config.audioBaselineSongs) && config.audioBaselineSongs >= 0, `audioBaselineSongs must be a non-negative integer, got ${config.audioBaselineSongs}`);
  config.preprocess = checkPreprocessConfig(config.preprocess, file);
  // The models check their own options; here their complaints become one line naming the config file,
  // before anything has trained rather than after.
  const checkModel = (model: string, checkOptions: () => void) => {
    try {
      checkOptions();
    } catch (error) {
      throw new DataError(file, null, `${model}: ${(error as Error).message.replace(/^(music2vec|tcae config|cel): /, "")}`);
    }
  };
  checkModel("music2vec", () => validateMusic2VecConfig(config.music2vec));
  checkModel("tcae", () => checkTcaeConfig(config.tcae));
  checkModel("cel", () => checkCelConfig(config.cel));
  const dims = { "music2vec.dim": config.music2vec.dim, "tcae.embeddingDim": config.tcae.embeddingDim, "cel.embeddingDim": config.cel.embeddingDim };
  check(
    new Set(Object.values(dims)).size === 1,
    `${Object.entries(dims).map(([k, v]) => `${k} ${v}`).join(", ")}: must be equal, since CEL's loss compares its output with both inputs`,
  );
}
