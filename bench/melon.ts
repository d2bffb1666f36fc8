// `npm run bench -- melon [--data DIR] [--mel-songs 30000] [--out FILE] [--stop-at STAGE]`
// The scale build: `mugle build` with the default configuration on a Melon-size dataset (707,989 songs,
// 115,071 playlists; mels for --mel-songs of them), by default the sample generator's melon preset made once
// under .bench/melon-MELSONGS (about 5 minutes and 6 GB with 30,000 mels), or any Melon-format directory
// given with --data. Prints each stage's wall time and peak resident memory, the total against the
// 30-minute budget and the peak against 8 GiB. With --stop-at STAGE the build is stopped when that stage
// starts, as Ctrl-C would stop it, then run again: the figures are the resumed run's, which lists the stages
// it took from the stopped build's cache.
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { defaultConfig } from "../ml/config.ts";
import { Interrupted } from "../ml/core/errors.ts";
import { build } from "../ml/pipeline/build.ts";
import { SAMPLE_PRESETS, generateSample } from "../ml/sample/index.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUDGET_S = 30 * 60;
const MEMORY_BUDGET = 8 * 2 ** 30;
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      "mel-songs": { type: "string", default: "30000" },
      out: { type: "string" },
      "stop-at": { type: "string" },
    },
  });
  const melSongs = Number(values["mel-songs"]);
  const data = values.data ?? join(root, ".bench", `melon-${melSongs}`);
  // song_meta.json is the generator's last file: without it the dataset is unfinished.
  if (!values.data && !existsSync(join(data, "song_meta.json"))) {
    process.stderr.write(`melon bench: generating the melon sample with ${melSongs} mels into ${data} (once)…\n`);
    await generateSample({ ...SAMPLE_PRESETS.melon, out: data, melSongs });
  }
  const outFile = values.out ?? join(root, ".bench", "melon.sqlite");
  const config = defaultConfig();
  let stoppedAt: string | null = null;
  if (values["stop-at"]) {
    const stopAt = values["stop-at"];
    const controller = new AbortController();
    const log = (line: string) => {
      process.stderr.write(`${line}\n`);
      if (line.startsWith(`\n▶ ${stopAt}`)) controller.abort();
    };
    try {
      await build({ dataDir: data, outFile, config, signal: controller.signal, log });
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      stoppedAt = stopAt;
      process.stderr.write(`melon bench: stopped at "${stopAt}"; running the build again to resume\n`);
    }
  }
  const started = performance.now();
  const summary = await build({ dataDir: data, outFile, config });
  const wall = (performance.now() - started) / 1000;
  const peak = Math.max(...Object.values(summary.peakMemory));
  return {
    data,
    songs: summary.songs,
    playlists: summary.playlists,
    embeddings: summary.embeddings,
    compute: summary.compute,
    stages: Object.fromEntries(Object.keys(summary.timings).map((stage) => [stage, { wall_s: summary.timings[stage], peak_rss_gib: round(summary.peakMemory[stage]! / 2 ** 30, 2) }])),
    wall_s: round(wall),
    within_30_min: wall < BUDGET_S,
    peak_rss_gib: round(peak / 2 ** 30, 2),
    within_8_gib: peak < MEMORY_BUDGET,
    stopped_at: stoppedAt,
    resumed_stages: summary.resumed,
    load_average: round(loadavg()[0]!),
    reference: null,
  };
}
