// The sample generator's public entry point (`mugle sample`); the orchestration lives in generate.ts.
export {
  DEFAULT_SAMPLE_SEED,
  SAMPLE_PRESETS,
  generateSample,
  resolveSampleOptions,
  type SampleOptions,
  type SampleSummary,
} from "./generate.ts";
export type { MelDtype } from "./npyWriter.ts";
export { VERSION_CHANGES, type VersionChanges } from "./versionChanges.ts";
