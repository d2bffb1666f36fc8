// The catalogue format in TypeScript: which schema version the code writes and reads, where its DDL lives,
// how neighbour lists are packed into blobs, and the shape of everything a build hands the writer.
// schema.sql is the table-by-table description; writer.ts and reader.ts are the only code that runs SQL on it.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EachTop3Item, EvaluationReport, Model, ScoreTotalItem } from "../types.ts";

/** Must equal `PRAGMA user_version` in schema.sql; the site refuses catalogues of another version. */
export const SCHEMA_VERSION = 6;

export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), "schema.sql");

/** Neighbour ids as little-endian int32. */
export function packIds(ids: Int32Array): Buffer {
  return Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
}

/** Neighbour scores (and any float32 vector) as little-endian float32. */
export function packScores(scores: Float32Array): Buffer {
  return Buffer.from(scores.buffer, scores.byteOffset, scores.byteLength);
}

/** The ids of a packed list (SQLite buffers need not be 4-byte aligned, so read, don't view). */
export function unpackIds(blob: Buffer): number[] {
  const out = new Array<number>(blob.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = blob.readInt32LE(i * 4);
  return out;
}

/** The scores of a packed list. */
export function unpackScores(blob: Buffer): number[] {
  const out = new Array<number>(blob.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = blob.readFloatLE(i * 4);
  return out;
}

/** Major genres end in "00"; a detailed genre GNxxyy belongs to GNxx00. */
export function genreParent(code: string): string | null {
  return code.endsWith("00") ? null : `${code.slice(0, 4)}00`;
}

/** One song as the catalogue stores it. */
export interface SongRow {
  id: number;
  name: string;
  album: string;
  albumId: number;
  artists: string[];
  artistIds: number[];
  /** Major genre codes (GNxx00). */
  genreCodes: string[];
  /** Detailed genre codes (GNxxyy). */
  detailCodes: string[];
  /** "YYYY-MM-DD", "YYYY-MM" or "YYYY"; null when unknown. */
  issueDate: string | null;
  year: number | null;
  /** Training playlists holding the song. */
  playlistCount: number;
  /** Percentile of playlistCount within the catalogue, 0..100. */
  popularityPct: number;
  hasMel: boolean;
}

/** Top-k lists of every song of one embedding (the shape of ml/core/embedding.ts NeighborLists). */
export interface NeighborTable {
  /** Song id of each row. */
  ids: Int32Array;
  k: number;
  /** neighborIds[row * k + r]: the song at rank r + 1; -1 pads a row with fewer than k neighbours. */
  neighborIds: Int32Array;
  scores: Float32Array;
  /** How many of each row's first neighbours are predicted playlist-mates (NeighborLists.togetherCounts); absent: none. */
  togetherCounts?: Int32Array;
}

export interface ModelEntry {
  model: Model;
  /** Vector size of the embedding. */
  dim: number;
  /** The options it was trained with (stored as JSON, shown on the About page). */
  config: unknown;
  neighbors: NeighborTable;
  /** 2-D map coordinates, two per row of `neighbors.ids`; null when the build skipped the maps. */
  projection: Float32Array | null;
}

/** Both ensembles of one song, with the co-playlist count of every song they recommend. */
export interface SongRanking {
  songId: number;
  eachTop3: EachTop3Item[];
  scoreTotal: ScoreTotalItem[];
  /** Training playlists holding both the song and each recommended song. */
  coPlaylists: Map<number, number>;
}

/** What went into a build and how it went (the About page and `mugle evaluate` read it back). */
export interface BuildRun {
  startedAt: string;
  finishedAt: string;
  dataDir: string;
  seed: number;
  config: unknown;
  preprocess: unknown;
  timings: Record<string, number>;
  metrics: EvaluationReport;
  /** The compute backends the build ran on. */
  backend: string;
}

/** Where a song of an imported library can be heard, and who made it (the song_audio table). */
export interface SongAudioRow {
  songId: number;
  /** library: the music file, under the music folder (meta audio_root); dataset: a preview under data_dir. */
  folder: "library" | "dataset";
  /** Relative to that folder, "/"-separated. */
  path: string;
  mime: string;
  /** Seconds of the file served, null when unknown. */
  duration: number | null;
  /** Where, in the file served, the excerpt the models heard begins (seconds). */
  excerptStart: number;
  copyright: string | null;
  license: string | null;
}

export interface CatalogueContents {
  /** genre_gn_all.json: code → name. */
  genres: Map<string, string>;
  songs: SongRow[];
  models: ModelEntry[];
  rankings: SongRanking[];
  /**
   * The timbre facet of the songs with a mel (ml/pipeline/timbre.ts: each band's mean and spread over the
   * song, standardised over the catalogue), or null without audio.
   */
  timbre: { ids: Int32Array; vectors: Float32Array; dim: number } | null;
  run: BuildRun;
  /** Songs that can be played (an imported library); absent or empty for a Melon catalogue. */
  audio?: readonly SongAudioRow[];
  /** Facts stored as text under `meta`: built_at, data_dir, songs, playlists, and audio_root for a library. */
  meta: Record<string, string>;
}
