// Typed reads of a catalogue database: the only SQL the site and the CLI run. Every function returns plain
// objects shaped for its caller (the song document, search hits, map points, the latest build). A read that finds
// the file damaged (SQLite's CORRUPT, NOTADB, IOERR; stored JSON that does not parse) throws
// CatalogueUnavailableError "damaged", and the file is remembered as such until it is replaced.
import type Database from "better-sqlite3";
import { statSync } from "node:fs";
import { join } from "node:path";
import {
  CatalogueUnavailableError,
  cachedConnection,
  damagedCatalogue,
  fileIdentity,
  isCatalogueUnavailable,
  isDamage,
  markDamaged,
  openReadOnly,
} from "./connection.ts";
import { unpackIds, unpackScores } from "./format.ts";
import { catalogueFile, datasetFolder, musicFolder } from "./location.ts";
import { melRelativePath } from "../datasetFiles.ts";
import { searchQuery } from "../search.ts";
import { SearchIndex, type IndexedSong } from "../searchIndex.ts";
import {
  MODELS,
  type EachTop3Item,
  type EvaluationReport,
  type Model,
  type Neighbor,
  type NeighborKind,
  type ScoreTotalItem,
  type SearchHit,
  type SongDocument,
  type SongSummary,
} from "../types.ts";

/** A song as the site lists it: the summary of the song document plus what the pages show around it. */
export interface Song extends SongSummary {
  year: number | null;
  /** Major genre codes (GNxx00), parallel to `genres`. */
  genreCodes: string[];
  /** Detailed genre names (e.g. "2010년대"), de-duplicated, without Melon's catch-all "세부장르전체". */
  detailGenres: string[];
  playlistCount: number;
  /** Percentile of playlistCount within the catalogue, 0..100. */
  popularityPct: number;
  /** False when the dataset has no mel-spectrogram for it, so only Music2Vec knows it. */
  hasMel: boolean;
  /** How it can be heard (a song of an imported music library), or null. */
  audio: SongAudio | null;
}

/** What the site needs to play a song: the file itself is served by id (`audioFile`). */
export interface SongAudio {
  /** Seconds into the file served where the excerpt the models heard begins. */
  excerptStart: number;
  /** Seconds, null when unknown. */
  duration: number | null;
}

/** The file to serve for a song's audio: a path relative to a folder (never trusted: see lib/media/libraryFile.ts). */
export interface AudioFile {
  /** The folder, absolute; null when the catalogue does not say where it is on this machine. */
  folder: string | null;
  path: string;
  mime: string;
}

/** Who made a song's recording and under which licence (the attribution page). */
export interface SongCredit {
  song: Song;
  copyright: string | null;
  license: string | null;
}

export interface BuildRunRecord {
  startedAt: string;
  finishedAt: string;
  songs: number;
  metrics: EvaluationReport;
  config: unknown;
  preprocess: unknown;
  timings: unknown;
  backend: string;
}

export interface CatalogueStats {
  songs: number;
  /** Size of the database file in bytes. */
  fileBytes: number;
  /** When the catalogue was written (meta built_at), or null when unknown. */
  builtAt: string | null;
  /** Changes with every rebuild: usable as an ETag. */
  buildId: string;
  /** Embeddings present, with how many songs each covers and its vector size. */
  models: { model: Model; dim: number; songs: number }[];
}

export interface MapGenre {
  /** The first major genre code carrying this name (some datasets give two codes one name). */
  code: string;
  name: string;
  /** How many of the map's points have a first major genre of this name. */
  count: number;
}

/** One embedding's 2-D projection, column-wise for compact JSON. */
export interface MapPoints {
  model: Model;
  genres: MapGenre[];
  ids: number[];
  x: number[];
  y: number[];
  /** Index into `genres` of each point's first major genre, -1 when it has none. */
  genre: number[];
  names: string[];
  artists: string[];
}

export interface Catalogue {
  /** Identifies this build of the catalogue file (changes with every rebuild): the API's ETag. */
  readonly buildId: string;
  /** The song document (lib/types.ts), or null for an id not in the catalogue. */
  songDocument(id: number): SongDocument | null;
  /** Every catalogue song id, ascending, read lazily. */
  songIds(): Iterable<number>;
  /** Songs whose title, artists or album contain every word of `q`; best matches first. */
  search(q: string, limit: number): SearchHit[];
  /** The same search with the fuller rows the results page shows, from the `offset`-th best match on. */
  searchSongs(q: string, limit: number, offset?: number): Song[];
  latestRun(): BuildRunRecord | null;
  song(id: number): Song | null;
  /** The songs among `ids` that exist, keyed by id. */
  songs(ids: readonly number[]): Map<number, Song>;
  /** The songs on most training playlists (home page picks and search suggestions). */
  popularSongs(limit: number): Song[];
  /** Training playlists holding both `id` and each song it recommends (Score Total and Each Embedding Top 3). */
  coPlaylists(id: number): Map<number, number>;
  /** The timbre facets of the songs among `ids` that have one (songs with a mel), keyed by id. */
  timbre(ids: readonly number[]): Map<number, Float32Array>;
  /** The TCAE cosine at or above which a neighbour is another version of the song; null when not calibrated. */
  sameMelodyThreshold(): number | null;
  stats(): CatalogueStats;
  /** The embeddings this catalogue was built with (no count of its songs, unlike stats(): cheap per page). */
  models(): CatalogueStats["models"];
  /** The stored 2-D map of one embedding; empty when the build skipped projections or lacks the embedding. */
  mapPoints(model: Model): MapPoints;
  /** Where a song's audio file is, or null when it has none. */
  audioFile(id: number): AudioFile | null;
  /** Where a song's mel-spectrogram file is (absolute), or null when it has none or the dataset's place is unknown. */
  melFile(id: number): string | null;
  /** Songs whose recording names its author or licence, by title. */
  credits(): SongCredit[];
  /** Whether any song has credits (so the site links the attribution page). */
  hasCredits(): boolean;
  close(): void;
}

interface SongRow {
  id: number;
  name: string;
  album: string;
  artists: string;
  genre_codes: string;
  detail_codes: string;
  issue_date: string | null;
  year: number | null;
  playlist_count: number;
  popularity_pct: number;
  has_mel: number;
  audio_excerpt_start: number | null;
  audio_duration: number | null;
}

/** Melon names every GNxx01 "all of this genre"; as a detail it says nothing. */
const CATCH_ALL_DETAIL_GENRE = "세부장르전체";

const SONG_COLUMNS = `s.id, s.name, s.album, s.artists, s.genre_codes, s.detail_codes, s.issue_date, s.year,
  s.playlist_count, s.popularity_pct, s.has_mel,
  (SELECT a.excerpt_start FROM song_audio a WHERE a.song_id = s.id) AS audio_excerpt_start,
  (SELECT a.duration FROM song_audio a WHERE a.song_id = s.id) AS audio_duration`;

/** Stored JSON that does not parse means the file was damaged or tampered with. */
class DamagedJson extends Error {}

/** Distinct queries whose answers (song ids, as deep as the search page goes) a connection keeps: a few MB at most. */
const SEARCH_RESULTS_KEPT = 5000;
/** Answers are kept at least this deep (the API's largest limit), so every shorter limit is served from the same answer. */
const SEARCH_RESULTS_DEPTH = 50;

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new DamagedJson(`${what} is not valid JSON`);
  }
}

/** The part of Music2Vec's list the song at 0-based `index` is from: its first `together` songs are predicted playlist-mates. */
function neighborKind(index: number, together: number): NeighborKind {
  return index < together ? "together" : "alike";
}

function isModel(value: unknown): value is Model {
  return (MODELS as readonly unknown[]).includes(value);
}

/** Opens `file` read-only (throws CatalogueUnavailableError when missing, unusable or of another schema version). */
export function openCatalogue(file: string): Catalogue {
  const identity = fileIdentity(file);
  const db = openReadOnly(file);
  try {
    return new SqliteCatalogue(db, file, identity);
  } catch (error) {
    db.close();
    if (isDamage(error)) {
      const unavailable = damagedCatalogue(file, error);
      markDamaged(file, identity, unavailable);
      throw unavailable;
    }
    // A SQLite file of the right version without the tables this code reads (no such table, no such column).
    throw new CatalogueUnavailableError(file, "unreadable", `not a Mugle catalogue (${(error as Error).message})`);
  }
}

/**
 * Why the site's catalogue cannot be used right now, or null when it can: what server.mjs checks before each
 * page or API request (cheap: one stat, the open connection reused).
 */
export function catalogueProblem(file = catalogueFile()): CatalogueUnavailableError | null {
  try {
    cachedConnection(file, openCatalogue);
    return null;
  } catch (error) {
    if (isCatalogueUnavailable(error)) return error;
    throw error;
  }
}

/** Runs `work` on `file` opened read-only, and closes it whatever happens (one-off reads: the CLI, specs). */
export function withCatalogue<T>(file: string, work: (catalogue: Catalogue) => T): T {
  const catalogue = openCatalogue(file);
  try {
    return work(catalogue);
  } finally {
    catalogue.close();
  }
}

/** The catalogue the site serves ($MUGLE_DB), shared by every request and re-opened after a rebuild. */
export function siteCatalogue(): Catalogue {
  return cachedConnection(catalogueFile(), openCatalogue);
}

class SqliteCatalogue implements Catalogue {
  private readonly genreNames: Map<string, string>;
  private readonly statements;
  readonly buildId: string;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    /** The file's identity when it was opened (connection.ts fileIdentity). */
    private readonly identity: string | null,
  ) {
    this.buildId = (identity ?? "unknown").replace(/[^0-9a-z]+/giu, "-");
    const genres = db.prepare("SELECT code, name FROM genres").all() as { code: string; name: string }[];
    this.genreNames = new Map(genres.map((g) => [g.code, g.name]));
    this.statements = {
      song: db.prepare(`SELECT ${SONG_COLUMNS} FROM songs s WHERE s.id = ?`),
      songs: db.prepare(`SELECT ${SONG_COLUMNS} FROM songs s WHERE s.id IN (SELECT value FROM json_each(?))`),
      popular: db.prepare(`SELECT ${SONG_COLUMNS} FROM songs s ORDER BY s.playlist_count DESC, s.id LIMIT ?`),
      songIds: db.prepare("SELECT id FROM songs ORDER BY id").pluck(),
      // The search index's order is the ranking within a tier: most playlists first, then lower id.
      searchRows: db.prepare(
        `SELECT s.id, s.name, t.search_text AS searchText FROM songs s JOIN song_search_text t ON t.song_id = s.id
         ORDER BY s.playlist_count DESC, s.id`,
      ),
      neighbors: db.prepare("SELECT model, ids, scores, together FROM neighbors WHERE song_id = ?"),
      ensembles: db.prepare(
        `SELECT method, neighbor_id, score, detail, co_playlists FROM ensembles WHERE song_id = ?
         ORDER BY method, position`,
      ),
      latestRun: db.prepare(
        `SELECT started_at, finished_at, config, preprocess, timings, metrics, backend
         FROM build_runs ORDER BY id DESC LIMIT 1`,
      ),
      songCount: db.prepare("SELECT count(*) FROM songs").pluck(),
      meta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
      models: db.prepare("SELECT model, dim, songs FROM models"),
      audioFile: db.prepare("SELECT folder, path, mime FROM song_audio WHERE song_id = ?"),
      hasMel: db.prepare("SELECT has_mel FROM songs WHERE id = ?").pluck(),
      credits: db.prepare(
        `SELECT ${SONG_COLUMNS}, c.copyright AS credit_copyright, c.license AS credit_license
         FROM song_audio c JOIN songs s ON s.id = c.song_id
         WHERE c.copyright IS NOT NULL OR c.license IS NOT NULL
         ORDER BY s.name, s.id`,
      ),
      hasCredits: db.prepare("SELECT EXISTS (SELECT 1 FROM song_audio WHERE copyright IS NOT NULL OR license IS NOT NULL)").pluck(),
      timbre: db.prepare("SELECT song_id, vector FROM timbre WHERE song_id IN (SELECT value FROM json_each(?))"),
      projection: db.prepare(
        `SELECT p.song_id AS id, p.x, p.y, s.name, s.artists, s.genre_codes
         FROM projections p JOIN songs s ON s.id = p.song_id WHERE p.model = ? ORDER BY p.song_id`,
      ),
    };
  }

  private toSong(row: SongRow): Song {
    const codes = parseJson<string[]>(row.genre_codes, `genre_codes of song ${row.id}`);
    const details = parseJson<string[]>(row.detail_codes, `detail_codes of song ${row.id}`);
    const name = (code: string) => this.genreNames.get(code) ?? code;
    return {
      id: row.id,
      name: row.name,
      artists: parseJson<string[]>(row.artists, `artists of song ${row.id}`),
      album: row.album,
      genres: codes.map(name),
      issueDate: row.issue_date,
      year: row.year,
      genreCodes: codes,
      detailGenres: [...new Set(details.map(name))].filter((g) => g !== CATCH_ALL_DETAIL_GENRE),
      playlistCount: row.playlist_count,
      popularityPct: row.popularity_pct,
      hasMel: row.has_mel === 1,
      audio: row.audio_excerpt_start === null ? null : { excerptStart: row.audio_excerpt_start, duration: row.audio_duration },
    };
  }

  song(id: number): Song | null {
    return this.guard(() => this.readSong(id));
  }

  private readSong(id: number): Song | null {
    const row = this.statements.song.get(id) as SongRow | undefined;
    return row ? this.toSong(row) : null;
  }

  songs(ids: readonly number[]): Map<number, Song> {
    return this.guard(() => this.readSongs(ids));
  }

  private readSongs(ids: readonly number[]): Map<number, Song> {
    const rows = this.statements.songs.all(JSON.stringify(ids)) as SongRow[];
    return new Map(rows.map((row) => [row.id, this.toSong(row)]));
  }

  popularSongs(limit: number): Song[] {
    return this.guard(() => this.readPopularSongs(limit));
  }

  private readPopularSongs(limit: number): Song[] {
    return (this.statements.popular.all(limit) as SongRow[]).map((row) => this.toSong(row));
  }

  songDocument(id: number): SongDocument | null {
    return this.guard(() => this.readSongDocument(id));
  }

  private readSongDocument(id: number): SongDocument | null {
    const song = this.song(id);
    if (!song) return null;
    const neighbors: Record<Model, Neighbor[]> = { music2vec: [], tcae: [], cel: [] };
    for (const row of this.statements.neighbors.all(id) as { model: string; ids: Buffer; scores: Buffer; together: number }[]) {
      if (!isModel(row.model)) continue;
      const scores = unpackScores(row.scores);
      neighbors[row.model] = unpackIds(row.ids).map((neighbor, i) => ({
        id: neighbor,
        rank: i + 1,
        score: scores[i]!,
        ...(row.model === "music2vec" && { kind: neighborKind(i, row.together) }),
      }));
    }
    const eachTop3: EachTop3Item[] = [];
    const scoreTotal: ScoreTotalItem[] = [];
    for (const row of this.ensembleRows(id)) {
      if (row.method === "eachTop3") {
        const detail = parseJson<{ from?: unknown[] }>(row.detail, `eachTop3 detail of song ${id}`);
        eachTop3.push({ id: row.neighbor_id, from: (detail.from ?? []).filter(isModel) });
      } else {
        const detail = parseJson<{ ranks?: Partial<Record<Model, number | null>> }>(row.detail, `scoreTotal detail of song ${id}`);
        const ranks = Object.fromEntries(MODELS.map((m) => [m, detail.ranks?.[m] ?? null])) as Record<Model, number | null>;
        scoreTotal.push({ id: row.neighbor_id, score: row.score ?? 0, ranks });
      }
    }
    const { name, artists, album, genres, issueDate } = song;
    return { song: { id, name, artists, album, genres, issueDate }, neighbors, eachTop3, scoreTotal };
  }

  private ensembleRows(id: number) {
    return this.statements.ensembles.all(id) as {
      method: "eachTop3" | "scoreTotal";
      neighbor_id: number;
      score: number | null;
      detail: string;
      co_playlists: number;
    }[];
  }

  coPlaylists(id: number): Map<number, number> {
    return this.guard(() => this.readCoPlaylists(id));
  }

  private readCoPlaylists(id: number): Map<number, number> {
    return new Map(this.ensembleRows(id).map((row) => [row.neighbor_id, row.co_playlists]));
  }

  timbre(ids: readonly number[]): Map<number, Float32Array> {
    return this.guard(() => this.readTimbre(ids));
  }

  private readTimbre(ids: readonly number[]): Map<number, Float32Array> {
    const rows = this.statements.timbre.all(JSON.stringify(ids)) as { song_id: number; vector: Buffer }[];
    return new Map(rows.map((row) => [row.song_id, Float32Array.from(unpackScores(row.vector))]));
  }

  sameMelodyThreshold(): number | null {
    return this.guard(() => this.readSameMelodyThreshold());
  }

  private readSameMelodyThreshold(): number | null {
    const value = this.statements.meta.get("tcae_same_melody_threshold") as string | undefined;
    const threshold = value === undefined ? NaN : Number(value);
    return Number.isFinite(threshold) ? threshold : null;
  }

  *songIds(): Iterable<number> {
    // Streamed row by row: `recommend --all` reads each document (other statements) while this one iterates.
    const ids = this.guard(() => this.statements.songIds.iterate() as IterableIterator<number>);
    for (;;) {
      const next = this.guard(() => ids.next());
      if (next.done) return;
      yield next.value;
    }
  }

  searchSongs(q: string, limit: number, offset = 0): Song[] {
    return this.guard(() => this.readSearchSongs(q, limit, offset));
  }

  private readSearchSongs(q: string, limit: number, offset: number): Song[] {
    const query = searchQuery(q);
    if (query === null || limit <= 0) return [];
    const start = Math.max(0, Math.floor(offset));
    const ids = this.searchIds(query, start + limit).slice(start, start + limit);
    const songs = this.readSongs(ids);
    return ids.flatMap((id) => songs.get(id) ?? []);
  }

  /**
   * The best ids for `query`, at least `limit` of them when that many match. Answers of recent distinct queries
   * are kept: a connection's catalogue never changes (a rebuild is a new file and a new connection), and search as
   * you type sends the same prefixes again and again.
   */
  private searchIds(query: string, limit: number): readonly number[] {
    const kept = this.searchResults.get(query);
    // An answer shorter than its depth holds every match, so it serves any limit.
    if (kept && (kept.ids.length < kept.depth || limit <= kept.depth)) {
      // Most recently used last: the oldest entry is the first one the map iterates.
      this.searchResults.delete(query);
      this.searchResults.set(query, kept);
      return kept.ids;
    }
    const depth = Math.max(limit, SEARCH_RESULTS_DEPTH);
    const found = { ids: this.searchIndex().find(query, depth), depth };
    this.searchResults.delete(query);
    this.searchResults.set(query, found);
    if (this.searchResults.size > SEARCH_RESULTS_KEPT) this.searchResults.delete(this.searchResults.keys().next().value!);
    return found.ids;
  }

  private readonly searchResults = new Map<string, { ids: readonly number[]; depth: number }>();
  #searchIndex: SearchIndex | null = null;

  /** Built on the first search of this connection: one pass over every song's search text (lib/searchIndex.ts). */
  private searchIndex(): SearchIndex {
    if (this.#searchIndex === null) {
      const rows = this.statements.searchRows.iterate() as IterableIterator<IndexedSong>;
      this.#searchIndex = SearchIndex.build(rows);
    }
    return this.#searchIndex;
  }

  search(q: string, limit: number): SearchHit[] {
    return this.searchSongs(q, limit).map(({ id, name, artists, album, genres }) => ({ id, name, artists, album, genres }));
  }

  latestRun(): BuildRunRecord | null {
    return this.guard(() => this.readLatestRun());
  }

  private readLatestRun(): BuildRunRecord | null {
    const row = this.statements.latestRun.get() as
      | { started_at: string; finished_at: string; config: string; preprocess: string; timings: string; metrics: string; backend: string }
      | undefined;
    if (!row) return null;
    return {
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      songs: this.statements.songCount.get() as number,
      metrics: parseJson<EvaluationReport>(row.metrics, "build_runs.metrics"),
      config: parseJson<unknown>(row.config, "build_runs.config"),
      preprocess: parseJson<unknown>(row.preprocess, "build_runs.preprocess"),
      timings: parseJson<unknown>(row.timings, "build_runs.timings"),
      backend: row.backend,
    };
  }

  stats(): CatalogueStats {
    return this.guard(() => this.readStats());
  }

  private readStats(): CatalogueStats {
    return {
      songs: this.statements.songCount.get() as number,
      fileBytes: statSync(this.file).size,
      builtAt: (this.statements.meta.get("built_at") as string | undefined) ?? null,
      buildId: this.buildId,
      models: this.readModels(),
    };
  }

  models(): CatalogueStats["models"] {
    return this.guard(() => this.readModels());
  }

  private readModels(): CatalogueStats["models"] {
    return (this.statements.models.all() as { model: string; dim: number; songs: number }[])
      .filter((m): m is { model: Model; dim: number; songs: number } => isModel(m.model))
      .sort((a, b) => MODELS.indexOf(a.model) - MODELS.indexOf(b.model));
  }

  mapPoints(model: Model): MapPoints {
    return this.guard(() => this.readMapPoints(model));
  }

  private readMapPoints(model: Model): MapPoints {
    const rows = this.statements.projection.all(model) as
      { id: number; x: number; y: number; name: string; artists: string; genre_codes: string }[];
    const genreIndex = new Map<string, number>();
    const genres: MapGenre[] = [];
    const points: MapPoints = { model, genres, ids: [], x: [], y: [], genre: [], names: [], artists: [] };
    for (const row of rows) {
      const code = parseJson<string[]>(row.genre_codes, `genre_codes of song ${row.id}`)[0];
      let index = -1;
      if (code !== undefined) {
        // One legend entry (and colour) per genre name, as listeners see it.
        const name = this.genreNames.get(code) ?? code;
        index = genreIndex.get(name) ?? -1;
        if (index < 0) {
          index = genres.length;
          genreIndex.set(name, index);
          genres.push({ code, name, count: 0 });
        }
        genres[index]!.count++;
      }
      points.ids.push(row.id);
      points.x.push(row.x);
      points.y.push(row.y);
      points.genre.push(index);
      points.names.push(row.name);
      points.artists.push(parseJson<string[]>(row.artists, `artists of song ${row.id}`).join(", "));
    }
    return points;
  }

  private metaValue(key: string): string | null {
    return (this.statements.meta.get(key) as string | undefined) ?? null;
  }

  audioFile(id: number): AudioFile | null {
    return this.guard(() => this.readAudioFile(id));
  }

  private readAudioFile(id: number): AudioFile | null {
    const row = this.statements.audioFile.get(id) as { folder: string; path: string; mime: string } | undefined;
    if (!row) return null;
    const folder = row.folder === "library" ? musicFolder(this.metaValue("audio_root")) : datasetFolder(this.metaValue("data_dir"));
    return { folder, path: row.path, mime: row.mime };
  }

  melFile(id: number): string | null {
    return this.guard(() => this.readMelFile(id));
  }

  private readMelFile(id: number): string | null {
    if (this.statements.hasMel.get(id) !== 1) return null;
    const dataset = datasetFolder(this.metaValue("data_dir"));
    return dataset === null ? null : join(dataset, melRelativePath(id));
  }

  credits(): SongCredit[] {
    return this.guard(() => this.readCredits());
  }

  private readCredits(): SongCredit[] {
    const rows = this.statements.credits.all() as (SongRow & { credit_copyright: string | null; credit_license: string | null })[];
    return rows.map((row) => ({ song: this.toSong(row), copyright: row.credit_copyright, license: row.credit_license }));
  }

  hasCredits(): boolean {
    return this.guard(() => this.readHasCredits());
  }

  private readHasCredits(): boolean {
    return this.statements.hasCredits.get() === 1;
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs one read; a damaged file becomes CatalogueUnavailableError "damaged" (and is remembered, so later
   * requests are answered without reading it). A connection closed under the read (a rebuild replaced the file
   * meanwhile) is unavailable for this read only.
   */
  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (isCatalogueUnavailable(error)) throw error;
      if (!this.db.open) {
        throw new CatalogueUnavailableError(this.file, "unreadable", "the catalogue was replaced while it was being read; reload the page");
      }
      if (isDamage(error) || error instanceof DamagedJson) {
        const unavailable = damagedCatalogue(this.file, error);
        markDamaged(this.file, this.identity, unavailable);
        throw unavailable;
      }
      throw error;
    }
  }
}
