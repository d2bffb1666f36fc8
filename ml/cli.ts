// `mugle`: the command line (ARCHITECTURE.md, "Interfaces other tools rely on"): sample, import, build, tune, recommend, evaluate.
// Errors in the user's input print one line (file, record, field) and exit 1; Ctrl-C exits 130 and leaves
// every output file as it was.
import { Command, InvalidArgumentError, Option } from "commander";
import { catalogueFile } from "../lib/catalogue/location.ts";
import { openCatalogue, withCatalogue } from "../lib/catalogue/reader.ts";
import type { SongDocument } from "../lib/types.ts";
import { MODELS } from "../lib/types.ts";
import { NEUTRAL_DISCOVERY, documentAtDiscovery, parseDiscovery } from "../lib/discovery.ts";
import { loadConfig } from "./config.ts";
import { MIN_CATALOGUE_SONGS } from "./pipeline/catalogueSize.ts";
import { SAMPLE_PRESETS, VERSION_CHANGES, generateSample } from "./sample/index.ts";
import { DataError } from "./core/errors.ts";
import { describeFailure } from "./core/failure.ts";
import { stopOnSignals } from "./core/stop.ts";
import { formatReportTable } from "./pipeline/evaluate.ts";
import { BUILD_PROFILES, detectProfile } from "./pipeline/profile.ts";
import { ImportInterrupted, importLibrary } from "./import/importLibrary.ts";
import { parseDuration } from "./tune/budget.ts";
import { DEFAULT_FLOORS } from "./tune/objective.ts";
import { formatTuneTable } from "./tune/table.ts";
import { TUNE_DEFAULTS, tune } from "./tune/tune.ts";

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`"${value}" is not an integer`);
  return n;
}

function discoveryValue(value: string): number {
  const d = parseDiscovery(value);
  if (d === null) throw new InvalidArgumentError(`"${value}" is not a number from 0 to 1`);
  return d;
}

function durationValue(value: string): number {
  const seconds = parseDuration(value);
  if (seconds === null) throw new InvalidArgumentError(`"${value}" is not a duration such as 90s, 30m or 2h`);
  return seconds;
}

function collectIds(value: string, previous: number[] = []): number[] {
  return [...previous, integer(value)];
}

/** Writes one line to stdout, waiting when the reader is slower (`--all` streams the whole catalogue). */
function writeLine(line: string): Promise<void> | void {
  if (!process.stdout.write(`${line}\n`)) return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
}

// A reader that stops early (`mugle recommend --all | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

function printDocumentTable(doc: SongDocument, names: (id: number) => string): void {
  const s = doc.song;
  const out: string[] = [];
  out.push(`${s.name} — ${s.artists.join(", ")}  [${s.genres.join(", ")}]  ${s.album}${s.issueDate ? ` (${s.issueDate})` : ""}  #${s.id}`);
  for (const model of MODELS) {
    const top = doc.neighbors[model].slice(0, 3);
    out.push(`\n${model} top 3:${top.length ? "" : " (no vector for this song)"}`);
    // A Music2Vec playlist-mate's score is a prediction (input·output cosine), not a similarity: say which.
    for (const n of top) out.push(`  ${String(n.rank).padStart(2)}. ${names(n.id)}  ${n.kind === "together" ? "playlist-mate, score" : "cos"} ${n.score.toFixed(3)}`);
  }
  out.push("\nScore Total top 10:");
  doc.scoreTotal.forEach((item, i) => {
    const ranks = MODELS.map((m) => `${m} ${item.ranks[m] ?? "–"}`).join(", ");
    out.push(`  ${String(i + 1).padStart(2)}. ${names(item.id)}  score ${item.score.toFixed(3)}  (${ranks})`);
  });
  out.push("\nEach Embedding Top 3:");
  doc.eachTop3.forEach((item, i) => out.push(`  ${String(i + 1).padStart(2)}. ${names(item.id)}  from ${item.from.join(", ")}`));
  process.stdout.write(`${out.join("\n")}\n`);
}

const program = new Command()
  .name("mugle")
  .description("Mugle: similar songs from playlists (Music2Vec), audio (TCAE) and both (CEL).")
  .showHelpAfterError();

program
  .command("sample")
  .description("write a deterministic, Melon-format sample dataset (song_meta.json, genre_gn_all.json, train.json, arena_mel/, sample_truth.json)")
  .requiredOption("--out <dir>", "directory to write")
  .addOption(new Option("--preset <name>", "size preset").choices(Object.keys(SAMPLE_PRESETS)).default("demo"))
  .option("--songs <n>", "number of songs (overrides the preset)", integer)
  .option("--playlists <n>", "number of playlists (overrides the preset)", integer)
  .option("--mel-songs <n>", 'how many songs get a mel-spectrogram, or "all" (overrides the preset)', (v: string) => (v === "all" ? "all" : integer(v)))
  .option("--seed <s>", "random seed", integer, 22)
  .addOption(new Option("--mel-dtype <dtype>", "dtype of the .npy files").choices(["float16", "float32"]))
  .addOption(
    new Option("--versions <changes>", "how far versions drift from their original: standard, or hard (other key, tempo, instruments, excerpt start, EQ, noise)")
      .choices([...VERSION_CHANGES])
      .default("standard"),
  )
  .action(async (opts) => {
    const preset = SAMPLE_PRESETS[opts.preset as keyof typeof SAMPLE_PRESETS];
    // An explicit --songs rescales the rest (playlists, mel songs) unless those are given too.
    const summary = await generateSample({
      ...(opts.songs === undefined && preset),
      out: opts.out,
      seed: opts.seed,
      ...(opts.songs !== undefined && { songs: opts.songs }),
      ...(opts.playlists !== undefined && { playlists: opts.playlists }),
      ...(opts.melSongs !== undefined && { melSongs: opts.melSongs }),
      ...(opts.melDtype !== undefined && { melDtype: opts.melDtype }),
      versions: opts.versions,
      signal: stopOnSignals().signal,
    });
    process.stderr.write(`${JSON.stringify(summary)}\n`);
  });

program
  .command("import")
  .description("turn a folder of music and its playlists into a Melon-format dataset for `mugle build` (re-runs decode only new or changed files)")
  .requiredOption("--audio <dir>", "music folder, searched recursively")
  .option("--playlists <paths...>", "M3U/M3U8, PLS or XSPF playlists, or folders holding them")
  .requiredOption("--out <dir>", "dataset directory to write or update")
  .option("--threads <n>", "files decoded at once (default: the number of cores, at most 8)", integer)
  .addOption(new Option("--mel-dtype <dtype>", "dtype of the .npy files").choices(["float16", "float32"]).default("float16"))
  .option("--quiet", "no progress bar")
  .action(async (opts) => {
    try {
      const summary = await importLibrary({
        audioDir: opts.audio,
        playlists: opts.playlists ?? [],
        outDir: opts.out,
        threads: opts.threads,
        melDtype: opts.melDtype,
        progress: !opts.quiet,
        signal: stopOnSignals().signal,
      });
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } catch (error) {
      if (!(error instanceof ImportInterrupted)) throw error;
      process.stderr.write(`interrupted: the ${error.decoded} tracks decoded so far are kept; run the same command again to resume\n`);
      process.exit(130);
    }
  });

program
  .command("build")
  .description("build the catalogue database from a Melon-format dataset directory")
  .requiredOption("--data <dir>", "dataset directory (song_meta.json, genre_gn_all.json, train.json, arena_mel/)")
  .option("--out <file>", "catalogue file to write (replaced atomically; default $MUGLE_DB or db/mugle.sqlite)", catalogueFile())
  .option("--config <file>", "JSON file overriding any option of the build config (see README)")
  .option("--seed <s>", "random seed for every stage", integer)
  .addOption(new Option("--tcae-preset <name>", "TCAE size: cpu (fast default) or okm (the original's sizes)").choices(["cpu", "okm"]))
  .option("--max-playlists <n>", "use only the first N playlists of train.json (a slice of the real dataset)", integer)
  .addOption(new Option("--profile <name>", "defaults for Melon data, or for a music library (default: library when the data was written by mugle import)").choices(BUILD_PROFILES))
  .option("--albums-as-playlists", "also train Music2Vec on each album as a playlist (for a library without playlists)")
  .option("--allow-shrink", `write the catalogue even when it holds fewer than ${MIN_CATALOGUE_SONGS} songs (Melon data) or under half the songs of the one it replaces`)
  .option("--quiet", "no progress bars")
  .action(async (opts) => {
    const config = loadConfig(opts.config, opts.seed, opts.tcaePreset, opts.profile, detectProfile(opts.data));
    if (opts.maxPlaylists !== undefined) config.maxPlaylists = opts.maxPlaylists;
    if (opts.albumsAsPlaylists) config.albumsAsPlaylists = true;
    const stop = stopOnSignals();
    // Loaded here so that `recommend` and `evaluate` start without the pipeline's modules.
    const { build } = await import("./pipeline/build.ts");
    await build({
      dataDir: opts.data, outFile: opts.out, config, progress: !opts.quiet, signal: stop.signal,
      allowShrink: Boolean(opts.allowShrink), onCommitted: stop.committed,
    });
  });

program
  .command("tune")
  .description("search Music2Vec's hyper-parameters on the build's training playlists and write the best as a build config file")
  .requiredOption("--data <dir>", "dataset directory, as for build")
  .option("--out <file>", "config file to write (for `mugle build --config`)", "music2vec-tuned.json")
  .option("--config <file>", "the build config to start from (seed, slice, held-out fraction, preprocessing)")
  .option("--seed <s>", "random seed (the build must use the same one: the written file records it)", integer)
  .option("--max-playlists <n>", "use only the first N playlists of train.json", integer)
  .option("--budget <duration>", "time for the whole search, e.g. 90s, 30m, 2h", durationValue, durationValue("30m"))
  .option("--configs <n>", "try exactly N configurations (the same table on any machine) instead of sizing by the budget", integer)
  .option("--validation-fraction <f>", "share of the build's training playlists the search chooses on", Number, TUNE_DEFAULTS.validationFraction)
  .option("--min-coverage <f>", "a configuration must recommend at least this share of the catalogue", Number, DEFAULT_FLOORS.coverage)
  .option("--min-genre <f>", "a configuration must reach this genre precision@10", Number, DEFAULT_FLOORS.genrePrecision)
  .option("--max-training-words <n>", "never try configurations training on more words than this at full size (build time)", Number, TUNE_DEFAULTS.maxTrainingWords)
  .option("--quiet", "no progress bars")
  .action(async (opts) => {
    const base = loadConfig(opts.config, opts.seed, undefined, undefined, detectProfile(opts.data));
    if (opts.maxPlaylists !== undefined) base.maxPlaylists = opts.maxPlaylists;
    if (opts.configs !== undefined && opts.configs < 1) throw new InvalidArgumentError("--configs must be at least 1");
    for (const [flag, value] of [["--validation-fraction", opts.validationFraction], ["--min-coverage", opts.minCoverage], ["--min-genre", opts.minGenre]] as const) {
      if (!(value >= 0 && value < 1)) throw new InvalidArgumentError(`${flag} must be a number in [0, 1)`);
    }
    if (!(opts.maxTrainingWords > 0)) throw new InvalidArgumentError("--max-training-words must be a positive number");
    const result = await tune({
      dataDir: opts.data,
      outFile: opts.out,
      base,
      budgetSeconds: opts.budget,
      candidates: opts.configs,
      validationFraction: opts.validationFraction,
      floors: { coverage: opts.minCoverage, genrePrecision: opts.minGenre },
      maxTrainingWords: opts.maxTrainingWords,
      progress: !opts.quiet,
      signal: stopOnSignals().signal,
    });
    process.stdout.write(`${formatTuneTable(result.rows, result.baselines)}\n\nchosen (#${result.chosen.index + 1}), written to ${result.configFile}:\n${JSON.stringify(result.config, null, 2)}\n`);
  });

program
  .command("recommend")
  .description("print the song document (neighbours per embedding, Each Embedding Top 3, Score Total Top 10)")
  .option("--db <file>", "catalogue file (default $MUGLE_DB or db/mugle.sqlite)", catalogueFile())
  .option("--song <id>", "song id (repeatable)", collectIds)
  .option("--all", "every song, one JSON document per line")
  .option("--json", "JSON output (one document; JSON Lines with several songs)")
  .option("--discovery <d>", "re-rank every list from 0 (familiar) to 1 (hidden gems); 0.5 is as ranked", discoveryValue, NEUTRAL_DISCOVERY)
  .action(async (opts) => {
    const ids: number[] = opts.song ?? [];
    if (!opts.all && ids.length === 0) throw new InvalidArgumentError("give --song ID (repeatable) or --all");
    const catalogue = openCatalogue(opts.db);
    try {
      const label = (id: number) => {
        const s = catalogue.song(id);
        return s ? `${s.name} — ${s.artists.join(", ")} #${id}` : `#${id}`;
      };
      for (const id of opts.all ? catalogue.songIds() : ids) {
        const doc = documentAtDiscovery(catalogue, id, opts.discovery);
        if (!doc) throw new DataError(opts.db, `song ${id}`, "not in the catalogue (unknown id, or removed by preprocessing)");
        if (opts.json) await writeLine(JSON.stringify(doc));
        else printDocumentTable(doc, label);
      }
    } finally {
      catalogue.close();
    }
  });

program
  .command("evaluate")
  .description("print the metrics stored with the catalogue's latest build")
  .option("--db <file>", "catalogue file (default $MUGLE_DB or db/mugle.sqlite)", catalogueFile())
  .option("--json", "print the metrics as JSON")
  .action((opts) => {
    withCatalogue(opts.db, (catalogue) => {
      const run = catalogue.latestRun();
      if (!run) throw new DataError(opts.db, null, "no build run recorded");
      process.stdout.write(opts.json ? `${JSON.stringify(run.metrics, null, 2)}\n` : `${formatReportTable(run.metrics)}\n`);
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const failure = describeFailure(error);
  if (failure) {
    process.stderr.write(`${failure.line}\n`);
    process.exit(failure.status);
  }
  // A bug: the stack, for a report. Printed here, because once TensorFlow.js is loaded its handler for uncaught
  // exceptions would print a line of its own minified source with it.
  process.stderr.write(`mugle: internal error (please report): ${(error as Error).stack ?? String(error)}\n`);
  process.exit(70);
}
