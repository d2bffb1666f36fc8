// The last stage: writes the catalogue into a NEW SQLite file next to the target and renames it over the
// target only once complete, so a failed or interrupted build leaves the old catalogue byte-identical and
// the site keeps serving it (rename is atomic on one filesystem; readers holding the old file keep it open).
import Database from "better-sqlite3";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EvaluationReport, Model } from "../types.ts";
import { Interrupted } from "../../ml/core/errors.ts";
import type { EmbeddingSet, NeighborLists } from "../../ml/core/embedding.ts";
import { createProgress } from "../../ml/core/progress.ts";
import type { SongRanking } from "../../ml/pipeline/rank.ts";

export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), "schema.sql");

export interface CatalogueSong {
  id: number;
  name: string;
  album: string;
  albumId: number;
  artists: string[];
  artistIds: number[];
  genreCodes: string[];
  detailCodes: string[];
  issueDate: string | null;
  year: number | null;
  playlistCount: number;
  popularityPct: number;
  hasMel: boolean;
}

export interface CatalogueModel {
  model: Model;
  embedding: EmbeddingSet;
  config: unknown;
  weights: Uint8Array | null;
  weightsFormat: string | null;
  neighbors: NeighborLists;
  /** n*2 coordinates in embedding row order, or null when projection was skipped. */
  projection: Float32Array | null;
}

export interface BuildRun {
  startedAt: string;
  finishedAt: string;
  dataDir: string;
  seed: number;
  config: unknown;
  preprocess: unknown;
  timings: Record<string, number>;
  metrics: EvaluationReport;
  backend: string;
}

export interface CatalogueContents {
  genres: Map<string, string>;
  songs: CatalogueSong[];
  models: CatalogueModel[];
  rankings: SongRanking[];
  /** The timbre facet of the songs with a mel (ml/pipeline/timbre.ts), or null without audio. */
  timbre: EmbeddingSet | null;
  run: BuildRun;
  meta: Record<string, string>;
}

/** Major genres end in "00"; a detailed genre GNxxyy belongs to GNxx00. */
function genreParent(code: string): string | null {
  return code.endsWith("00") ? null : `${code.slice(0, 4)}00`;
}

function blob(array: Int32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export interface WriteOptions {
  progress?: boolean;
  signal?: AbortSignal;
}

export async function writeCatalogue(outFile: string, contents: CatalogueContents, options: WriteOptions = {}): Promise<void> {
  const target = resolve(outFile);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(temp, { force: true });
  try {
    fillDatabase(temp, contents, options);
    // Filling is synchronous, so a Ctrl-C pressed meanwhile is only delivered now: give it its turn, and
    // keep the old catalogue if it came.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new Interrupted();
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
      contents.songs.length +
      contents.rankings.length +
      contents.models.reduce((sum, m) => sum + m.embedding.ids.length, 0);
    const progress = createProgress("write", total, { unit: "rows", quiet: options.progress === false });

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
      const searchText = db.prepare("INSERT INTO song_search_text (song_id, search_text) VALUES (?, ?)");
      for (const s of contents.songs) {
        const artists = s.artists.join(", ");
        song.run(
          s.id, s.name, s.album, s.albumId, JSON.stringify(s.artists), JSON.stringify(s.artistIds),
          JSON.stringify(s.genreCodes), JSON.stringify(s.detailCodes), s.issueDate, s.year,
          s.playlistCount, s.popularityPct, s.hasMel ? 1 : 0,
        );
        search.run(s.id, s.name, artists, s.album);
        // Normalised as lib/search.ts normalises queries, so decomposed Hangul in the data still matches.
        searchText.run(s.id, `${s.name} ${artists} ${s.album}`.normalize("NFC").toLowerCase());
        progress.tick();
      }

      const model = db.prepare(
        "INSERT INTO models (model, dim, songs, config, weights, weights_format) VALUES (?, ?, ?, ?, ?, ?)",
      );
      const vector = db.prepare("INSERT INTO embeddings (model, song_id, vector) VALUES (?, ?, ?)");
      const neighbor = db.prepare("INSERT INTO neighbors (model, song_id, ids, scores) VALUES (?, ?, ?, ?)");
      const point = db.prepare("INSERT INTO projections (model, song_id, x, y) VALUES (?, ?, ?, ?)");
      for (const m of contents.models) {
        const { ids, vectors, dim } = m.embedding;
        model.run(m.model, dim, ids.length, JSON.stringify(m.config), m.weights ? Buffer.from(m.weights) : null, m.weightsFormat);
        const k = m.neighbors.k;
        for (let row = 0; row < ids.length; row++) {
          const id = ids[row]!;
          vector.run(m.model, id, blob(vectors.subarray(row * dim, (row + 1) * dim)));
          let count = 0;
          while (count < k && m.neighbors.neighborIds[row * k + count]! >= 0) count++;
          neighbor.run(
            m.model, id,
            blob(m.neighbors.neighborIds.subarray(row * k, row * k + count)),
            blob(m.neighbors.scores.subarray(row * k, row * k + count)),
          );
          if (m.projection) point.run(m.model, id, m.projection[row * 2]!, m.projection[row * 2 + 1]!);
          progress.tick();
        }
        }

      if (contents.timbre) {
        const { ids, vectors, dim } = contents.timbre;
        const timbre = db.prepare("INSERT INTO timbre (song_id, vector) VALUES (?, ?)");
        for (let row = 0; row < ids.length; row++) timbre.run(ids[row]!, blob(vectors.subarray(row * dim, (row + 1) * dim)));
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
        progress.tick();
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
    progress.done();
  } finally {
    db.close();
  }
}
