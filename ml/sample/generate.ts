// `mugle sample`: writes a Melon-format dataset (song_meta.json, genre_gn_all.json, train.json,
// arena_mel/{id//1000}/{id}.npy) plus sample_truth.json (work, version and major genre per song).
//
// Safe to interrupt: every file is written under a temporary name and renamed when complete; the JSON files
// are renamed last, song_meta.json very last, so a directory without song_meta.json is not a finished dataset.
// Deterministic: the same options give byte-identical files.
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataError, Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { MEL_BANDS, SAMPLE_TRUTH_FILE, melRelativePath, type SampleTruth } from "../data/melon.ts";
import { generateCatalogue, type Catalogue } from "./catalogue.ts";
import { GENRE_TABLE } from "./genres.ts";
import { serializePlaylist, serializeSongMeta, serializeStringMap, serializeTruthSong, writeJsonArray } from "./jsonWriter.ts";
import { MEL_MAX_DB, MEL_MIN_DB, renderMel } from "./mel.ts";
import { chooseMelSongs, melFrames } from "./melSet.ts";
import { composeWork, type Composition } from "./melody.ts";
import { versionAudio, type VersionChanges } from "./versionChanges.ts";
import { encodeNpy, type MelDtype } from "./npyWriter.ts";
import { generatePlaylists } from "./playlists.ts";

export interface SampleOptions {
  out: string;
  songs?: number;
  playlists?: number;
  /** Songs that get a mel file (a chosen subset), or "all". */
  melSongs?: number | "all";
  seed?: number;
  melDtype?: MelDtype;
  /** How far versions drift from their original (versionChanges.ts); default "standard". */
  versions?: VersionChanges;
  /** Mean songs per playlist; default 46 (Melon's) for large catalogues, fewer for tiny ones. */
  meanPlaylistLength?: number;
  progress?: boolean;
  signal?: AbortSignal;
}

export interface SampleSummary {
  out: string;
  seed: number;
  songs: number;
  playlists: number;
  /** Song entries over all playlists. */
  playlistEntries: number;
  works: number;
  /** Works with more than one version. */
  multiVersionWorks: number;
  melSongs: number;
  melDtype: MelDtype;
  versions: VersionChanges;
  /** Range of the mel values (dB). */
  melRange: [number, number];
  bytes: number;
  seconds: number;
}

export const SAMPLE_PRESETS = {
  /** For tests: a few seconds including every mel. */
  tiny: { songs: 300, playlists: 250, melSongs: "all" },
  /**
   * The default: the demo site's catalogue, trains in minutes. The real dataset has a mel for every song; here
   * 85 % of the songs have one (about 610 MB as float16), which covers every version of a multi-version work (they
   * get up to half the budget first), so version recall is not bounded by versions without audio. Training time
   * does not grow with it: TCAE trains on at most `tcae.trainSongs` of them.
   */
  demo: { songs: 4000, playlists: 3000, melSongs: 3400 },
  /** The real dataset's size; mels for a subset (each is 180 KB as float16). */
  melon: { songs: 707_989, playlists: 115_071, melSongs: 2000 },
} as const satisfies Record<string, { songs: number; playlists: number; melSongs: number | "all" }>;

export const DEFAULT_SAMPLE_SEED = 22;

const FILES = { songMeta: "song_meta.json", genres: "genre_gn_all.json", train: "train.json", truth: SAMPLE_TRUTH_FILE } as const;

/** Fills defaults: the demo preset, or playlists and mels scaled to the requested number of songs. */
export function resolveSampleOptions(options: SampleOptions): Required<Omit<SampleOptions, "signal">> & { signal?: AbortSignal } {
  const songs = options.songs ?? SAMPLE_PRESETS.demo.songs;
  const preset = Object.values(SAMPLE_PRESETS).find((p) => p.songs === songs);
  // Small catalogues need relatively more playlists than Melon's ratio for most songs to reach 3 playlists.
  const playlists = options.playlists ?? preset?.playlists ?? Math.max(10, Math.round(songs * (songs >= 100_000 ? 0.1625 : 0.75)));
  const melSongs = options.melSongs ?? preset?.melSongs ?? Math.min(songs, SAMPLE_PRESETS.demo.melSongs);
  for (const [name, value] of [["songs", songs], ["playlists", playlists]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new DataError("sample", null, `--${name} must be a positive integer, got ${value}`);
  }
  if (melSongs !== "all" && (!Number.isInteger(melSongs) || melSongs < 0)) {
    throw new DataError("sample", null, `--mel-songs must be a non-negative integer or "all", got ${melSongs}`);
  }
  return {
    out: options.out,
    songs,
    playlists,
    melSongs,
    seed: options.seed ?? DEFAULT_SAMPLE_SEED,
    melDtype: options.melDtype ?? "float16",
    versions: options.versions ?? "standard",
    meanPlaylistLength: options.meanPlaylistLength ?? Math.min(46, Math.max(8, Math.round(songs / 12))),
    progress: options.progress ?? true,
    signal: options.signal,
  };
}

/**
 * Refuses to write over a dataset that is not a sample (a real song_meta.json without sample_truth.json),
 * and clears a previous sample's files so that an interrupted run never mixes with an old complete one.
 */
async function prepareOutput(out: string): Promise<void> {
  if (existsSync(join(out, FILES.songMeta)) && !existsSync(join(out, FILES.truth))) {
    throw new DataError(out, null, "holds a song_meta.json that the sample generator did not write; choose an empty directory");
  }
  await mkdir(out, { recursive: true });
  for (const name of Object.values(FILES)) await rm(join(out, name), { force: true });
  await rm(join(out, "arena_mel"), { recursive: true, force: true });
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new Interrupted();
}

function truthOf(catalogue: Catalogue, seed: number): SampleTruth {
  return {
    seed,
    songs: catalogue.songs.map((s) => ({ id: s.id, work: s.work, version: s.version, genre: s.song_gn_gnr_basket[0]! })),
  };
}

export async function generateSample(options: SampleOptions): Promise<SampleSummary> {
  const started = performance.now();
  const opts = resolveSampleOptions(options);
  const { out, seed, signal } = opts;
  const quiet = !opts.progress;
  const temps: string[] = [];
  const tempOf = (name: string) => {
    const path = join(out, `${name}.tmp`);
    temps.push(path);
    return path;
  };
  let bytes = 0;

  await prepareOutput(out);
  try {
    const catalogueProgress = createProgress("catalogue", opts.songs, { unit: "songs", quiet });
    const catalogue = generateCatalogue(opts.songs, seed);
    catalogueProgress.update(catalogue.songs.length);
    catalogueProgress.done(`${catalogue.works.length} works, ${catalogue.artists.length} artists`);
    checkAborted(signal);

    const playlistProgress = createProgress("playlists", opts.playlists, { unit: "playlists", quiet });
    const playlists = await generatePlaylists(
      catalogue,
      { count: opts.playlists, meanLength: opts.meanPlaylistLength, seed },
      (done) => playlistProgress.update(done),
      signal,
    ).catch((error: unknown) => {
      throw signal?.aborted ? new Interrupted() : error;
    });
    playlistProgress.done();

    const abortError = () => new Interrupted();
    const jsonProgress = createProgress("json", opts.songs * 2 + opts.playlists, { unit: "records", quiet });
    let written = 0;
    const track = (done: number) => jsonProgress.update(written + done);
    bytes += await writeJsonArray(tempOf(FILES.train), playlists, serializePlaylist, { onProgress: track, signal, abortError });
    written += playlists.length;
    bytes += await writeJsonArray(tempOf(FILES.songMeta), catalogue.songs, serializeSongMeta, { onProgress: track, signal, abortError });
    written += catalogue.songs.length;
    const truth = truthOf(catalogue, seed);
    bytes += await writeJsonArray(tempOf(FILES.truth), truth.songs, serializeTruthSong, {
      prefix: `{"seed": ${seed}, "songs": [`,
      suffix: "]}",
      onProgress: track,
      signal,
      abortError,
    });
    const genres = serializeStringMap(GENRE_TABLE);
    await writeFile(tempOf(FILES.genres), genres);
    bytes += Buffer.byteLength(genres);
    jsonProgress.done();

    const melIds = chooseMelSongs(catalogue, opts.melSongs);
    const melProgress = createProgress("mels", melIds.length, { unit: "songs", quiet });
    const compositions = new Map<number, Composition>();
    let madeDir = -1;
    for (const id of melIds) {
      checkAborted(signal);
      const song = catalogue.songs[id]!;
      const work = catalogue.works[song.work]!;
      let composition = compositions.get(work.id);
      if (!composition) {
        composition = composeWork(seed, work);
        compositions.set(work.id, composition);
      }
      const frames = melFrames(seed, id);
      const audio = versionAudio(song, opts.versions, seed);
      const file = encodeNpy(renderMel({ ...song, audio }, work, composition, frames), MEL_BANDS, frames, opts.melDtype);
      const path = join(out, melRelativePath(id));
      const dir = Math.floor(id / 1000);
      if (dir !== madeDir) {
        await mkdir(join(out, "arena_mel", String(dir)), { recursive: true });
        madeDir = dir;
      }
      const temp = `${path}.tmp`;
      temps.push(temp);
      await writeFile(temp, file);
      await rename(temp, path);
      temps.pop();
      bytes += file.length;
      melProgress.tick();
    }
    melProgress.done();

    // The JSON files become visible last, song_meta.json very last.
    for (const name of [FILES.genres, FILES.truth, FILES.train, FILES.songMeta]) {
      await rename(join(out, `${name}.tmp`), join(out, name));
    }
    temps.length = 0;
    const works = new Map<number, number>();
    for (const song of catalogue.songs) works.set(song.work, (works.get(song.work) ?? 0) + 1);
    return {
      out,
      seed,
      songs: catalogue.songs.length,
      playlists: playlists.length,
      playlistEntries: playlists.reduce((sum, p) => sum + p.songs.length, 0),
      works: works.size,
      multiVersionWorks: [...works.values()].filter((n) => n > 1).length,
      melSongs: melIds.length,
      melDtype: opts.melDtype,
      versions: opts.versions,
      melRange: [MEL_MIN_DB, MEL_MAX_DB],
      bytes,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const temp of temps) await rm(temp, { force: true });
  }
}
