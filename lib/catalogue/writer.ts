// Writes a catalogue into a NEW SQLite file next to the target and renames it over the target only once
// complete, so a failed or interrupted build leaves the old catalogue byte-identical and the site keeps serving
// it (rename is atomic on one filesystem; readers holding the old file keep it open). The only code that
// inserts into the catalogue: `mugle build` and the test fixtures both come through here.
//
// Stopping: rows are written in batches, and between batches (and once more just before the rename) the
// caller's `checkStop` may throw; the new file is then deleted. Nothing can stop the write between that last check
// and the rename, and `onCommitted` is called in the same synchronous step as the rename, so a caller always
// knows which of the two happened. The temporary file carries the writer's process id: one left behind by a
// killed build is removed by the next write into the same directory.
import Database from "better-sqlite3";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { searchText } from "../search.ts";
import { SCHEMA_FILE, genreParent, packIds, packScores, type CatalogueContents } from "./format.ts";

/** A progress display for the rows written (the pipeline passes its progress bar). */
export interface WriteProgress {
  tick(n?: number): void;
  done(): void;
}

export interface WriteOptions {
  /** Called once with the number of rows to write. */
  startProgress?: (totalRows: number) => WriteProgress;
  /**
   * Called between batches of rows and once more after the file is complete, before it replaces the target:
   * throwing (a stop was requested) discards the new file and leaves the old catalogue as it was.
   */
  checkStop?: () => void;
  /** Called right after the rename, before anything else can run: from here on the new catalogue is in place. */
  onCommitted?: () => void;
}

/** The target's directory cannot take the new catalogue (missing, read-only, full, not a file system). */
export class CatalogueWriteError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: cannot write the catalogue here (${detail})`);
    this.name = "CatalogueWriteError";
  }
}

/** SQLite's words for "the file system refused". */
const WRITE_FAILURES = /^SQLITE_(CANTOPEN|FULL|IOERR|READONLY|PERM)/;

/**
 * Fails now, with CatalogueWriteError, when `target` could not be written: a build checks this before it
 * trains for an hour. Creates and removes the temporary file the writer will use.
 */
export function checkWritable(target: string): void {
  const temp = temporaryFile(resolve(target));
  try {
    mkdirSync(dirname(temp), { recursive: true });
    closeSync(openSync(temp, "w"));
    rmSync(temp, { force: true });
  } catch (error) {
    throw new CatalogueWriteError(resolve(target), (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
}

/** Rows written between two chances to stop (a few milliseconds of work). */
const BATCH_ROWS = 2000;

/** The temporary file a process writes `target` through: `.NAME.tmp-PID` beside it. */
export function temporaryFile(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.tmp-${pid}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files (and any SQLite journal beside them) that builds of `target` which are no longer
 * running left behind: a build killed with SIGKILL or by a power cut cannot clean up after itself. Files of a
 * build still running (another process writing the same target) are left alone. Returns the names removed.
 */
export function removeStaleTemporaries(target: string): string[] {
  const dir = dirname(resolve(target));
  const prefix = `.${basename(target)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)(-journal|-wal|-shm)?$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

export async function writeCatalogue(outFile: string, contents: CatalogueContents, options: WriteOptions = {}): Promise<void> {
  const target = resolve(outFile);
  mkdirSync(dirname(target), { recursive: true });
  removeStaleTemporaries(target);
  const temp = temporaryFile(target);
  const discard = () => {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${temp}${suffix}`, { force: true });
  };
  discard();
  try {
    await fillDatabase(temp, contents, options);
    // Filling ends with synchronous work (the last rows, ANALYZE): give a stop signal that arrived meanwhile its
    // turn (signal handlers run between event-loop turns), then check one last time.
    await new Promise((resolve) => setImmediate(resolve));
    options.checkStop?.();
    // Flush the file's pages before the rename so a crash right after cannot expose an empty catalogue.
    const fd = openSync(temp, "r");
    fsyncSync(fd);
    closeSync(fd);
  } catch (error) {
    discard();
    const code = String((error as { code?: unknown }).code ?? "");
    if (WRITE_FAILURES.test(code) || ["ENOSPC", "EROFS", "EACCES", "EDQUOT", "EIO"].includes(code)) {
      throw new CatalogueWriteError(target, `${code}: ${(error as Error).message}`);
    }
    throw error;
  }
  // No await from the last check to here: a stop signal is handled only after the rename and onCommitted.
  renameSync(temp, target);
  options.onCommitted?.();
  syncDirectory(dirname(target));
}

/** Makes the rename itself durable (best effort: not every filesystem lets a directory be opened). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The rename is done either way; only its durability across a power cut is at stake.
  }
}

/** A row's count of predicted playlist-mates, checked: more than the list holds would mislabel alike songs. */
function togetherCount(together: number, listed: number, model: string, songId: number): number {
  if (!Number.isInteger(together) || together < 0 || together > listed) {
    throw new Error(`${model} neighbours of song ${songId}: ${together} predicted playlist-mates in a list of ${listed}`);
  }
  return together;
}

async function fillDatabase(file: string, contents: CatalogueContents, options: WriteOptions): Promise<void> {
  const db = new Database(file);
  try {
    // The file is private until renamed, so durability per statement buys nothing: one fsync at the end.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.exec(readFileSync(SCHEMA_FILE, "utf8"));
    const total =
      contents.songs.length + contents.rankings.length + contents.models.reduce((sum, m) => sum + m.neighbors.ids.length, 0);
    const progress = options.startProgress?.(total);
    let sinceBreak = 0;
    /** After every BATCH_ROWS rows: commit, give signal handlers their turn, let the caller stop, go on. */
    const row = async () => {
      progress?.tick();
      if (++sinceBreak < BATCH_ROWS) return;
      sinceBreak = 0;
      db.exec("COMMIT");
      await new Promise((resolve) => setImmediate(resolve));
      options.checkStop?.();
      db.exec("BEGIN");
    };

    db.exec("BEGIN");
    const meta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    for (const [key, value] of Object.entries(contents.meta)) meta.run(key, value);

    const genre = db.prepare("INSERT INTO genres (code, name, parent) VALUES (?, ?, ?)");
    for (const [code, name] of contents.genres) genre.run(code, name, genreParent(code));

    const song = db.prepare(
      `INSERT INTO songs (id, name, album, album_id, artists, artist_ids, genre_codes, detail_codes, issue_date, year,
                          playlist_count, popularity_pct, has_mel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const text = db.prepare("INSERT INTO song_search_text (song_id, search_text) VALUES (?, ?)");
    for (const s of contents.songs) {
      song.run(
        s.id, s.name, s.album, s.albumId, JSON.stringify(s.artists), JSON.stringify(s.artistIds),
        JSON.stringify(s.genreCodes), JSON.stringify(s.detailCodes), s.issueDate, s.year,
        s.playlistCount, s.popularityPct, s.hasMel ? 1 : 0,
      );
      text.run(s.id, searchText(s.name, s.artists, s.album));
      await row();
    }

    const audio = db.prepare(
      `INSERT INTO song_audio (song_id, folder, path, mime, duration, excerpt_start, copyright, license)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const a of contents.audio ?? []) {
      audio.run(a.songId, a.folder, a.path, a.mime, a.duration, a.excerptStart, a.copyright, a.license);
    }

    const model = db.prepare("INSERT INTO models (model, dim, songs, config) VALUES (?, ?, ?, ?)");
    const neighbor = db.prepare("INSERT INTO neighbors (model, song_id, ids, scores, together) VALUES (?, ?, ?, ?, ?)");
    const point = db.prepare("INSERT INTO projections (model, song_id, x, y) VALUES (?, ?, ?, ?)");
    for (const m of contents.models) {
      const { ids, k, neighborIds, scores, togetherCounts } = m.neighbors;
      model.run(m.model, m.dim, ids.length, JSON.stringify(m.config));
      for (let r = 0; r < ids.length; r++) {
        let count = 0;
        while (count < k && neighborIds[r * k + count]! >= 0) count++;
        neighbor.run(
          m.model, ids[r]!,
          packIds(neighborIds.subarray(r * k, r * k + count)),
          packScores(scores.subarray(r * k, r * k + count)),
          togetherCount(togetherCounts?.[r] ?? 0, count, m.model, ids[r]!),
        );
        if (m.projection) point.run(m.model, ids[r]!, m.projection[r * 2]!, m.projection[r * 2 + 1]!);
        await row();
      }
    }

    if (contents.timbre) {
      const { ids, vectors, dim } = contents.timbre;
      const timbre = db.prepare("INSERT INTO timbre (song_id, vector) VALUES (?, ?)");
      for (let r = 0; r < ids.length; r++) timbre.run(ids[r]!, packScores(vectors.subarray(r * dim, (r + 1) * dim)));
    }

    const ensemble = db.prepare(
      `INSERT INTO ensembles (song_id, method, position, neighbor_id, score, detail, co_playlists)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of contents.rankings) {
      r.scoreTotal.forEach((item, i) =>
        ensemble.run(r.songId, "scoreTotal", i + 1, item.id, item.score, JSON.stringify({ ranks: item.ranks }), r.coPlaylists.get(item.id) ?? 0),
      );
      r.eachTop3.forEach((item, i) =>
        ensemble.run(r.songId, "eachTop3", i + 1, item.id, null, JSON.stringify({ from: item.from }), r.coPlaylists.get(item.id) ?? 0),
      );
      await row();
    }

    const run = contents.run;
    db.prepare(
      `INSERT INTO build_runs (started_at, finished_at, data_dir, seed, config, preprocess, timings, metrics, backend)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      run.startedAt, run.finishedAt, run.dataDir, run.seed, JSON.stringify(run.config), JSON.stringify(run.preprocess),
      JSON.stringify(run.timings), JSON.stringify(run.metrics), run.backend,
    );
    db.exec("COMMIT");
    db.exec("ANALYZE");
    progress?.done();
  } finally {
    db.close();
  }
}
