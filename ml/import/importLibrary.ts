// `mugle import`: a music folder and its playlists → a Melon-format dataset that `mugle build` turns into a
// catalogue. Scan the folder; decode only the files that are new or changed since the last run (worker threads,
// one ffmpeg each); then rebuild the dataset's JSON files from the import state. Bad files are skipped with one
// line each; Ctrl-C keeps every track decoded so far, and the next run resumes from there.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import type { Worker } from "node:worker_threads";
import { findFfmpeg } from "../audio/ffmpeg.ts";
import { EXCERPT_SECONDS, HOP, N_FFT, N_MELS, SAMPLE_RATE } from "../audio/melSpectrogram.ts";
import { isTemporaryName, writeFileAtomic } from "../core/atomicWrite.ts";
import { DataError, Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { startTypeScriptWorker } from "../core/workers.ts";
import { melRelativePath } from "../data/melon.ts";
import type { MelDtype } from "../sample/npyWriter.ts";
import { assignIds } from "./ids.ts";
import type { ImportResult, ImportTask, WorkerMessage } from "./importWorker.ts";
import { librarySongs, songAudio, writeLibraryDataset, type ImportMarker } from "./libraryDataset.ts";
import { LibraryPaths, findPlaylistFiles, libraryPlaylists } from "./playlistFiles.ts";
import { scanMusicFolder, type ScannedFile } from "./scan.ts";
import { isImported, readState, unchanged, writeState, type FileState, type ImportedFile } from "./state.ts";
import { PREVIEWS_FOLDER, browsersPlay, previewRelativePath } from "./preview.ts";

export interface ImportOptions {
  audioDir: string;
  playlists?: string[];
  outDir: string;
  /** Worker threads decoding at once (default: the number of cores, at most 8). */
  threads?: number;
  melDtype?: MelDtype;
  progress?: boolean;
  signal?: AbortSignal;
  /** Where problem lines and the summary go (stderr by default). */
  log?: (line: string) => void;
}

export interface ImportSummary {
  /** Songs in the dataset. */
  songs: number;
  /** Files decoded by this run. */
  decoded: number;
  /** Files unchanged since the last run (not decoded again). */
  unchanged: number;
  /** Files skipped (bad or unreadable), this run or before. */
  skipped: number;
  /** Songs of files that disappeared since the last run. */
  removed: number;
  playlists: number;
  playlistEntries: number;
  /** Playlist entries naming no file of the library. */
  unmatchedEntries: number;
  /** Wall time of the decoding, and tracks decoded per second of it. */
  decodeSeconds: number;
  tracksPerSecond: number;
}

/** Interrupted, after keeping `decoded` tracks in the import state. */
export class ImportInterrupted extends Interrupted {
  constructor(readonly decoded: number) {
    super();
  }
}

const STATE_SAVE_EVERY_MS = 5000;

export async function importLibrary(options: ImportOptions): Promise<ImportSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const audioDir = resolve(options.audioDir);
  const outDir = resolve(options.outDir);
  const melDtype = options.melDtype ?? "float16";
  let isDirectory = false;
  try {
    isDirectory = statSync(audioDir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new DataError(options.audioDir, null, "music folder not found");
  const playlistFiles = findPlaylistFiles(options.playlists ?? []);
  const ffmpeg = findFfmpeg();

  // scan, and compare with what the last run saw
  const scan = scanMusicFolder(audioDir);
  const state = readState(outDir);
  const previous = new Map(state);
  const melFiles = existingMelFiles(outDir);
  const todo: ScannedFile[] = [];
  const stillBad: string[] = [];
  let reused = 0;
  for (const file of scan.files) {
    const entry = previous.get(file.path);
    if (entry && unchanged(entry, file)) {
      if (!isImported(entry)) {
        stillBad.push(`${file.path}: skipped: ${entry.reason} (unchanged since the last run)`);
        continue;
      }
      // A file browsers cannot play needs its preview too (states from before previews have none).
      const previewDone = entry.preview === undefined ? browsersPlay({ path: entry.path, codec: entry.format.codec }) : entry.preview === null || existsSync(join(outDir, entry.preview));
      if (melFiles.has(entry.id) && previewDone) {
        reused++;
        continue;
      }
    }
    if (file.size === 0) {
      state.set(file.path, { path: file.path, size: 0, mtimeMs: file.mtimeMs, reason: "empty file (0 bytes)" });
      stillBad.push(`${file.path}: skipped: empty file (0 bytes)`);
      continue;
    }
    todo.push(file);
  }
  // Ids for the files to decode, fixed before decoding so that they do not depend on which worker is faster.
  const given = new Map<string, number>();
  for (const entry of state.values()) if (isImported(entry)) given.set(entry.path, entry.id);
  const ids = assignIds(todo.map((f) => f.path), given);
  log(`import: ${scan.files.length.toLocaleString()} audio files in ${audioDir}: ${todo.length.toLocaleString()} to decode, ${reused.toLocaleString()} unchanged`);
  for (const problem of scan.problems) log(`${problem.path}: skipped: ${problem.reason}`);
  for (const line of stillBad) log(line);

  // decode
  const t0 = performance.now();
  const decoded = await decodeFiles(todo, ids, { ...options, outDir, melDtype, log, state });
  const decodeSeconds = (performance.now() - t0) / 1000;

  // The state now describes the files that are there; songs of vanished files leave the dataset.
  const present = new Set(scan.files.map((f) => f.path));
  let removed = 0;
  for (const [path, entry] of state) {
    if (present.has(path)) continue;
    if (isImported(entry)) removed++;
    state.delete(path);
  }
  writeState(outDir, state.values());

  const imported = [...state.values()].filter(isImported);
  const library = librarySongs(imported);
  if (library.genreOverflow > 0) log(`import: ${library.genreOverflow} rare genre tags share the code named "Other" (no room for more codes)`);

  const { playlists, entries, unmatched } = libraryPlaylists(
    playlistFiles,
    new LibraryPaths([audioDir, scan.root], imported.map((f) => f.path)),
    new Map(imported.map((f) => [f.path, f.id])),
    log,
  );

  const marker: ImportMarker = {
    format: "mugle-import",
    version: 1,
    audio_root: audioDir,
    songs: library.songs.length,
    playlists: playlists.length,
    excerpt: `${EXCERPT_SECONDS} s centred on the middle of each track; the whole track when shorter`,
    mel: {
      sample_rate: SAMPLE_RATE, n_fft: N_FFT, hop_length: HOP, n_mels: N_MELS, mel_scale: "slaney", norm: "slaney",
      center: "reflect", db: "power_to_db(ref=1.0, amin=1e-10, top_db=80)", dtype: melDtype,
    },
    ffmpeg: ffmpeg.version,
  };
  writeLibraryDataset(outDir, { songs: library.songs, genres: library.genres, playlists, audio: songAudio(imported), marker });
  removeStaleMels(outDir, new Set(imported.map((f) => f.id)));
  removeStalePreviews(outDir, new Set(imported.flatMap((f) => (f.preview ? [f.preview] : []))));

  const skipped = [...state.values()].length - imported.length + scan.problems.length;
  const summary: ImportSummary = {
    songs: library.songs.length,
    decoded,
    unchanged: reused,
    skipped,
    removed,
    playlists: playlists.length,
    playlistEntries: entries,
    unmatchedEntries: unmatched,
    decodeSeconds: Math.round(decodeSeconds * 100) / 100,
    tracksPerSecond: decodeSeconds > 0 ? Math.round((decoded / decodeSeconds) * 100) / 100 : 0,
  };
  log(
    `✔ ${summary.songs.toLocaleString()} songs in ${outDir} (${decoded.toLocaleString()} decoded, ${reused.toLocaleString()} unchanged` +
      `${removed ? `, ${removed.toLocaleString()} removed` : ""}), ${skipped.toLocaleString()} skipped; ` +
      `${playlists.length.toLocaleString()} playlists, ${unmatched.toLocaleString()} of ${entries.toLocaleString()} entries not in the library; ` +
      (decoded > 0 ? `${summary.tracksPerSecond} tracks/s with ${plural(Math.min(threadCount(options.threads), todo.length), "thread")}` : "nothing to decode"),
  );
  return summary;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? "" : "s"}`;
}

/** Default: one per core, at most 8 (each thread holds a decoded excerpt and runs an ffmpeg; disks saturate first). */
function threadCount(threads: number | undefined): number {
  return Math.max(1, threads ?? Math.min(8, availableParallelism()));
}

/** Ids that have an arena_mel file (one listing per folder). */
function existingMelFiles(dataDir: string): Set<number> {
  const ids = new Set<number>();
  const root = join(dataDir, "arena_mel");
  let folders: string[];
  try {
    folders = readdirSync(root);
  } catch {
    return ids;
  }
  for (const folder of folders) {
    for (const name of readdirSync(join(root, folder))) {
      const match = /^(\d+)\.npy$/.exec(name);
      if (match) ids.add(Number(match[1]));
    }
  }
  return ids;
}

/**
 * Deletes the files of a two-level dataset folder (FOLDER/{id // 1000}/FILE) that `stale` picks, and every
 * sub-folder left empty.
 */
function removeFilesUnder(root: string, stale: (folder: string, name: string) => boolean): void {
  let folders: string[];
  try {
    folders = readdirSync(root);
  } catch {
    return;
  }
  for (const folder of folders) {
    const dir = join(root, folder);
    const names = readdirSync(dir);
    let left = names.length;
    for (const name of names) {
      if (stale(folder, name)) {
        rmSync(join(dir, name), { force: true });
        left--;
      }
    }
    if (left === 0) rmSync(dir, { recursive: true, force: true });
  }
}

/** Deletes mel files of songs no longer in the library, and temporary files an interrupted run left. */
function removeStaleMels(dataDir: string, keep: ReadonlySet<number>): void {
  removeFilesUnder(join(dataDir, "arena_mel"), (_folder, name) => {
    const match = /^(\d+)\.npy$/.exec(name);
    return (match !== null && !keep.has(Number(match[1]))) || isTemporaryName(name);
  });
}

/** Deletes previews no song of the library names any more (and temporary files an interrupted run left). */
function removeStalePreviews(dataDir: string, keep: ReadonlySet<string>): void {
  const root = join(dataDir, PREVIEWS_FOLDER);
  removeFilesUnder(root, (folder, name) => !keep.has(`${PREVIEWS_FOLDER}/${folder}/${name}`));
  if (keep.size === 0) rmSync(root, { recursive: true, force: true });
}

interface DecodeContext {
  outDir: string;
  melDtype: MelDtype;
  threads?: number;
  progress?: boolean;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Updated as results arrive. */
  state: Map<string, FileState>;
}

/** Decodes `files` in worker threads, writing each mel and recording each result in the state; returns how many. */
async function decodeFiles(files: readonly ScannedFile[], ids: ReadonlyMap<string, number>, context: DecodeContext): Promise<number> {
  if (files.length === 0) return 0;
  const { state, log, signal } = context;
  const progress = createProgress("import", files.length, { unit: "tracks", quiet: context.progress === false });
  const threads = Math.min(threadCount(context.threads), files.length);
  let next = 0;
  let finished = 0;
  let decoded = 0;
  let lastSave = performance.now();
  const workers: Worker[] = [];

  const record = (result: ImportResult) => {
    const file = files[result.index]!;
    if (result.ok) {
      const id = ids.get(file.path)!;
      writeFileAtomic(join(context.outDir, melRelativePath(id)), result.npy);
      const preview = result.preview ? previewRelativePath(id) : null;
      if (result.preview) writeFileAtomic(join(context.outDir, preview!), result.preview);
      const warnings: string[] = [];
      if (result.previewError) warnings.push(`browsers cannot play it and ${result.previewError}: it will have no play button`);
      if (result.tagError) warnings.push(`tags unreadable (${result.tagError}): names taken from the path`);
      if (result.decodedSeconds !== null && result.format.duration !== null && result.decodedSeconds < result.format.duration - 1) {
        warnings.push(`truncated: the header says ${result.format.duration.toFixed(1)} s, ${result.decodedSeconds.toFixed(1)} s decode; imported what decodes`);
      }
      const entry: ImportedFile = {
        path: file.path, size: file.size, mtimeMs: file.mtimeMs, id, tags: result.tags, format: result.format,
        excerptStart: result.excerptStart, decodedSeconds: result.decodedSeconds, frames: result.frames, preview,
        warning: warnings.length > 0 ? warnings.join("; ") : null,
      };
      state.set(file.path, entry);
      for (const warning of warnings) log(`${file.path}: ${warning}`);
      decoded++;
    } else {
      state.set(file.path, { path: file.path, size: file.size, mtimeMs: file.mtimeMs, reason: result.reason });
      log(`${file.path}: skipped: ${result.reason}`);
    }
    finished++;
    progress.tick(1);
    if (performance.now() - lastSave > STATE_SAVE_EVERY_MS) {
      writeState(context.outDir, state.values());
      lastSave = performance.now();
    }
  };

  try {
    await new Promise<void>((done, fail) => {
      const dispatch = (worker: Worker) => {
        if (signal?.aborted) return fail(new Interrupted());
        if (next >= files.length) return;
        const task: ImportTask = { index: next, absolute: files[next]!.absolute, path: files[next]!.path, melDtype: context.melDtype };
        next++;
        worker.postMessage({ task } satisfies WorkerMessage);
      };
      const onAbort = () => fail(new Interrupted());
      signal?.addEventListener("abort", onAbort, { once: true });
      for (let i = 0; i < threads; i++) {
        const worker = startTypeScriptWorker(new URL("./importWorker.ts", import.meta.url));
        workers.push(worker);
        worker.on("message", (result: ImportResult) => {
          try {
            record(result);
          } catch (error) {
            return fail(error);
          }
          if (finished === files.length) {
            signal?.removeEventListener("abort", onAbort);
            return done();
          }
          dispatch(worker);
        });
        worker.on("error", fail);
        dispatch(worker);
      }
    });
    progress.done(`${decoded.toLocaleString()} decoded, ${(files.length - decoded).toLocaleString()} skipped`);
    return decoded;
  } catch (error) {
    if (error instanceof Interrupted) {
      // Keep what is done: the next run decodes only the rest.
      writeState(context.outDir, state.values());
      throw new ImportInterrupted(decoded);
    }
    throw error;
  } finally {
    for (const worker of workers) worker.postMessage({ stop: true } satisfies WorkerMessage);
    await Promise.all(workers.map((worker) => new Promise((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), 2000);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    })));
  }
}

