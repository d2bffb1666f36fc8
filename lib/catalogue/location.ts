// Which catalogue file a command or the site uses when none is named: $MUGLE_DB, else db/mugle.sqlite, relative
// to the working directory. The CLI (build, recommend, evaluate), the scripts, Playwright, the benchmarks and the
// site all resolve it here, so setting MUGLE_DB once points every one of them at the same file.
import { resolve } from "node:path";

export const DEFAULT_CATALOGUE_FILE = "db/mugle.sqlite";

/** The catalogue file named by MUGLE_DB, or the default, as an absolute path. */
export function catalogueFile(env: NodeJS.ProcessEnv = process.env): string {
  // Any file may be named at run time: keep the bundler from tracing the whole project for it.
  return resolve(/*turbopackIgnore: true*/ process.cwd(), env.MUGLE_DB || DEFAULT_CATALOGUE_FILE);
}

/**
 * The folders a catalogue names by absolute path (the dataset it was built from, where the mel-spectrograms and
 * audio previews are; the music folder of an imported library) as seen by this machine: a catalogue copied to
 * another machine, or a dataset moved, is pointed at them by MUGLE_DATA_DIR and MUGLE_AUDIO_DIR.
 */
export function datasetFolder(recorded: string | null, env: NodeJS.ProcessEnv = process.env): string | null {
  return env.MUGLE_DATA_DIR ? resolve(/*turbopackIgnore: true*/ process.cwd(), env.MUGLE_DATA_DIR) : recorded;
}

export function musicFolder(recorded: string | null, env: NodeJS.ProcessEnv = process.env): string | null {
  return env.MUGLE_AUDIO_DIR ? resolve(/*turbopackIgnore: true*/ process.cwd(), env.MUGLE_AUDIO_DIR) : recorded;
}
