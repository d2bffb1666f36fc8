// Writes a catalogue into a NEW SQLite file next to the target and renames it over the target only once
// complete, so a failed or interrupted build leaves the old catalogue byte-identical and the site keeps serving
// it (rename is atomic on one filesystem; readers holding the old file keep it open). The only code that
// inserts into the catalogue: `mugle build` and the test fixtures both come through here.
import Database from "better-sqlite3";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pairTokens, searchText } from "../search.ts";
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
   * Called after the file is complete and before it replaces the target: throwing here (a stop requested
   * while the rows were written) discards the new file and leaves the old catalogue as it was.
   */
  beforeCommit?: () => void;
}

export async function writeCatalogue(outFile: string, contents: CatalogueContents, options: WriteOptions = {}): Promise<void> {
  const target = resolve(outFile);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(temp, { force: true });
  try {
    fillDatabase(temp, contents, options);
    // Filling is synchronous, so a stop signal that arrived meanwhile is only delivered now: give it its turn.
    await new Promise((resolve) => setImmediate(resolve));
    options.beforeCommit?.();
    // Flush the file's pages before the rename so a crash right after cannot expose an empty catalogue.
    const fd = openSync(temp, "r");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function fillDatabase(file: string, contents: CatalogueContents, options: WriteOptions): void {
  const db = new Database(file);
  try {
    // The file is private until renamed, so durability per statement buys nothing: one fsync at the end.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.exec(readFileSync(SCHEMA_FILE, "utf8"));
    const total =
      contents.songs.length + contents.rankings.length + contents.models.reduce((sum, m) => sum + m.neighbors.ids.length, 0);
    const progress = options.startProgress?.(total);

    db.transaction(() => {
      const meta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
      for (const [key, value] of Object.entries(contents.meta)) meta.run(key, value);

      const genre = db.prepare("INSERT INTO genres (code, name, parent) VALUES (?, ?, ?)");
      for (const [code, name] of contents.genres) genre.run(code, name, genreParent(code));

      const song = db.prepare(
        `INSERT INTO songs (id, name, album, album_id, artists, artist_ids, genre_codes, detail_codes, issue_date, year,
                            playlist_count, popularity_pct, has_mel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const search = db.prepare("INSERT INTO song_search (rowid, name, artists, album) VALUES (?, ?, ?, ?)");
      const text = db.prepare("INSERT INTO song_search_text (song_id, search_text) VALUES (?, ?)");
      const pairs = db.prepare("INSERT INTO song_search_pairs (rowid, pairs) VALUES (?, ?)");
      for (const s of contents.songs) {
        song.run(
          s.id, s.name, s.album, s.albumId, JSON.stringify(s.artists), JSON.stringify(s.artistIds),
          JSON.stringify(s.genreCodes), JSON.stringify(s.detailCodes), s.issueDate, s.year,
          s.playlistCount, s.popularityPct, s.hasMel ? 1 : 0,
        );
        search.run(s.id, s.name, s.artists.join(", "), s.album);
        const normal = searchText(s.name, s.artists, s.album);
        text.run(s.id, normal);
        pairs.run(s.id, pairTokens(normal).join(" "));
        progress?.tick();
      }

      const audio = db.prepare(
        `INSERT INTO song_audio (song_id, folder, path, mime, duration, excerpt_start, copyright, license)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const a of contents.audio ?? []) {
        audio.run(a.songId, a.folder, a.path, a.mime, a.duration, a.excerptStart, a.copyright, a.license);
      }

      const model = db.prepare("INSERT INTO models (model, dim, songs, config) VALUES (?, ?, ?, ?)");
      const neighbor = db.prepare("INSERT INTO neighbors (model, song_id, ids, scores) VALUES (?, ?, ?, ?)");
      const point = db.prepare("INSERT INTO projections (model, song_id, x, y) VALUES (?, ?, ?, ?)");
      for (const m of contents.models) {
        const { ids, k, neighborIds, scores } = m.neighbors;
        model.run(m.model, m.dim, ids.length, JSON.stringify(m.config));
        for (let row = 0; row < ids.length; row++) {
          let count = 0;
          while (count < k && neighborIds[row * k + count]! >= 0) count++;
          neighbor.run(
            m.model, ids[row]!,
            packIds(neighborIds.subarray(row * k, row * k + count)),
            packScores(scores.subarray(row * k, row * k + count)),
          );
          if (m.projection) point.run(m.model, ids[row]!, m.projection[row * 2]!, m.projection[row * 2 + 1]!);
          progress?.tick();
        }
      }

      if (contents.timbre) {
        const { ids, vectors, dim } = contents.timbre;
        const timbre = db.prepare("INSERT INTO timbre (song_id, vector) VALUES (?, ?)");
        for (let row = 0; row < ids.length; row++) timbre.run(ids[row]!, packScores(vectors.subarray(row * dim, (row + 1) * dim)));
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
        progress?.tick();
      }

      const run = contents.run;
      db.prepare(
        `INSERT INTO build_runs (started_at, finished_at, data_dir, seed, config, preprocess, timings, metrics, backend)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        run.startedAt, run.finishedAt, run.dataDir, run.seed, JSON.stringify(run.config), JSON.stringify(run.preprocess),
        JSON.stringify(run.timings), JSON.stringify(run.metrics), run.backend,
      );
    })();
    db.exec("ANALYZE");
    progress?.done();
  } finally {
    db.close();
  }
}
