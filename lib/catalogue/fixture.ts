// A small, hand-made catalogue: 20 Korean and English songs with genres, playlists, all three embeddings (songs
// without a mel get Music2Vec only), cosine neighbours, both ensembles (lib/ranking.ts), 2-D maps and a build
// run with metrics, written through the same writer as `mugle build`. For lib/ unit tests, e2e checks and for
// developing pages without running the pipeline. One song carries hostile text (<script>, quotes, %, _) on purpose.
import Database from "better-sqlite3";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { eachTop3, scoreTotal, type NeighborIdLists } from "../ranking.ts";
import { MODELS, type EvaluationReport, type Model } from "../types.ts";
import type { ModelEntry, SongAudioRow, SongRanking, SongRow } from "./format.ts";
import { writeCatalogue } from "./writer.ts";

export const FIXTURE_GENRES: Record<string, string> = {
  GN0100: "발라드", GN0101: "세부장르전체", GN0105: "2010년대",
  GN0200: "댄스", GN0201: "세부장르전체",
  GN0300: "랩/힙합", GN0301: "세부장르전체",
  GN0500: "인디음악", GN0503: "인디 포크",
  GN0900: "POP", GN0901: "세부장르전체",
  GN1500: "OST", GN1501: "드라마",
};

export interface FixtureSong {
  id: number;
  name: string;
  artists: string[];
  album: string;
  genres: string[];
  details: string[];
  /** Melon's yyyymmdd with 00 for unknown parts. */
  issued: number;
  /** Which "sound" the song has (drives TCAE); null when the dataset has no mel for it. */
  sound: string | null;
}

export const FIXTURE_SONGS: FixtureSong[] = [
  { id: 101, name: "새벽 세 시의 편지", artists: ["한결"], album: "편지", genres: ["GN0100"], details: ["GN0101", "GN0105"], issued: 20190925, sound: "piano" },
  { id: 102, name: "Letter at 3 AM", artists: ["한결"], album: "편지 (English Ver.)", genres: ["GN0100"], details: ["GN0101"], issued: 20200110, sound: "piano" },
  { id: 103, name: "이별 정류장", artists: ["윤서아"], album: "정류장", genres: ["GN0100"], details: ["GN0105"], issued: 20170300, sound: "strings" },
  { id: 104, name: "첫눈처럼 너에게", artists: ["윤서아", "한결"], album: "겨울 노래", genres: ["GN0100", "GN1500"], details: ["GN0101", "GN1501"], issued: 20181200, sound: "piano" },
  { id: 105, name: "Neon Runner", artists: ["Blue Harbor"], album: "Night Drive", genres: ["GN0900"], details: ["GN0901"], issued: 20160701, sound: "synth" },
  { id: 106, name: "Midnight Drive", artists: ["Blue Harbor"], album: "Night Drive", genres: ["GN0900"], details: ["GN0901"], issued: 20160701, sound: null },
  { id: 107, name: "불꽃놀이", artists: ["크림소다"], album: "Summer Pop", genres: ["GN0200"], details: ["GN0201"], issued: 20210615, sound: "synth" },
  { id: 108, name: "Summer Fireworks (Remix)", artists: ["크림소다", "DJ Moon"], album: "Summer Pop Remixes", genres: ["GN0200"], details: ["GN0201"], issued: 20210801, sound: "beat" },
  { id: 109, name: "달리기", artists: ["크림소다"], album: "Summer Pop", genres: ["GN0200"], details: ["GN0201"], issued: 20210615, sound: null },
  { id: 110, name: "Run the City", artists: ["MC 도윤"], album: "서울", genres: ["GN0300"], details: ["GN0301"], issued: 20220000, sound: "beat" },
  { id: 111, name: "도시의 밤", artists: ["MC 도윤", "윤서아"], album: "서울", genres: ["GN0300"], details: ["GN0301"], issued: 20220000, sound: "strings" },
  { id: 112, name: "Rain on Hangang", artists: ["The Lanterns"], album: "Umbrella", genres: ["GN0500"], details: ["GN0503"], issued: 20150410, sound: "guitar" },
  { id: 113, name: "우산", artists: ["The Lanterns"], album: "Umbrella", genres: ["GN0500"], details: ["GN0503"], issued: 20150410, sound: null },
  { id: 114, name: "여행의 시작", artists: ["바람소리"], album: "길 위에서", genres: ["GN0500"], details: ["GN0503"], issued: 20190501, sound: "guitar" },
  { id: 115, name: "Road Trip", artists: ["바람소리"], album: "길 위에서", genres: ["GN0500", "GN0900"], details: ["GN0503", "GN0901"], issued: 20190501, sound: "guitar" },
  { id: 116, name: '<script>alert("x")</script>', artists: ['Quote "Band"'], album: "100% Pure_Love", genres: ["GN0900"], details: ["GN0901"], issued: 0, sound: "synth" },
  { id: 117, name: "사랑의 인사", artists: ["정하늘"], album: "드라마 OST Part.1", genres: ["GN1500"], details: ["GN1501"], issued: 20200303, sound: "strings" },
  { id: 118, name: "사랑이라는 이름", artists: ["정하늘"], album: "이름", genres: ["GN0100"], details: ["GN0101"], issued: 20191111, sound: "piano" },
  { id: 119, name: "Love Story in Seoul", artists: ["Seoul Strings"], album: "Seoul Sessions", genres: ["GN0900"], details: ["GN0901"], issued: 20140000, sound: null },
  { id: 120, name: "운동 가자", artists: ["MC 도윤"], album: "Workout", genres: ["GN0300", "GN0200"], details: ["GN0301", "GN0201"], issued: 20230101, sound: "beat" },
];

/** Training playlists (titles only for reading the fixture): they give playlist counts and co-playlist counts. */
export const FIXTURE_PLAYLISTS: { title: string; songs: number[] }[] = [
  { title: "새벽 감성 발라드", songs: [101, 102, 103, 104, 118, 117] },
  { title: "이별 후 듣는 노래", songs: [103, 104, 118, 101] },
  { title: "드라이브 팝", songs: [105, 106, 115, 119, 112] },
  { title: "여름 댄스", songs: [107, 108, 109, 120] },
  { title: "운동할 때", songs: [110, 120, 107, 109, 108] },
  { title: "비 오는 날", songs: [112, 113, 103, 101] },
  { title: "여행 플레이리스트", songs: [114, 115, 105, 112] },
  { title: "힙합 밤", songs: [110, 111, 120] },
  { title: "드라마 OST 모음", songs: [117, 104, 118] },
  { title: "Late night", songs: [105, 106, 111, 101, 102] },
  { title: "팝 모음", songs: [116, 119, 105, 115] },
  { title: "카페", songs: [113, 114, 112, 119, 102] },
];

const GENRE_AXES = ["GN0100", "GN0200", "GN0300", "GN0500", "GN0900", "GN1500"];
const SOUND_AXES = ["piano", "strings", "synth", "beat", "guitar"];

/** A small deterministic wobble per (song, axis), so no two vectors are identical and ranks never tie. */
function wobble(id: number, axis: number): number {
  return (((id * 7919 + axis * 104729) % 1000) / 1000) * 0.3;
}

/** Music2Vec: where a song sits by genre (what playlists mostly encode). */
function music2vecVector(song: FixtureSong): number[] {
  return GENRE_AXES.map((g, axis) => (song.genres.includes(g) ? 1 : 0) + wobble(song.id, axis));
}

/** TCAE: where a song sits by sound. */
function tcaeVector(song: FixtureSong): number[] {
  return SOUND_AXES.map((s, axis) => (song.sound === s ? 1 : 0) + wobble(song.id, axis + 10));
}

function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  a.forEach((v, i) => {
    dot += v * b[i]!;
    na += v * v;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

export const FIXTURE_METRICS: EvaluationReport = {
  k: 10,
  versionRecallChance: 0.05,
  heldOutPlaylists: 2,
  methods: {
    music2vec: { genrePrecisionAt10: 0.62, coPlaylistHitRateAt10: 0.5, coPlaylistNdcgAt10: 0.31, versionRecallAt10: 0.4, coverageAt10: 0.95, meanPopularityPercentile: 55, queries: 20 },
    tcae: { genrePrecisionAt10: 0.41, coPlaylistHitRateAt10: 0.25, coPlaylistNdcgAt10: 0.12, versionRecallAt10: 0.7, coverageAt10: 0.8, meanPopularityPercentile: 48, queries: 15 },
    cel: { genrePrecisionAt10: 0.55, coPlaylistHitRateAt10: 0.5, coPlaylistNdcgAt10: 0.28, versionRecallAt10: 0.65, coverageAt10: 0.85, meanPopularityPercentile: 51, queries: 15 },
    eachTop3: { genrePrecisionAt10: 0.58, coPlaylistHitRateAt10: 0.5, coPlaylistNdcgAt10: 0.3, versionRecallAt10: 0.7, coverageAt10: 1, meanPopularityPercentile: 52, queries: 20 },
    scoreTotal: { genrePrecisionAt10: 0.6, coPlaylistHitRateAt10: 0.5, coPlaylistNdcgAt10: 0.33, versionRecallAt10: 0.72, coverageAt10: 1, meanPopularityPercentile: 53, queries: 20 },
    popularity: { genrePrecisionAt10: 0.2, coPlaylistHitRateAt10: 0.25, coPlaylistNdcgAt10: 0.1, versionRecallAt10: 0.05, coverageAt10: 0.5, meanPopularityPercentile: 90, queries: 20 },
    cooccurrence: { genrePrecisionAt10: 0.7, coPlaylistHitRateAt10: 0.75, coPlaylistNdcgAt10: 0.45, versionRecallAt10: 0.3, coverageAt10: 0.9, meanPopularityPercentile: 60, queries: 20 },
  },
};

export const FIXTURE_BUILT_AT = "2026-11-24T12:00:00.000Z";

export interface FixtureOptions {
  /** Written as PRAGMA user_version instead of the schema's own (to test refusing other versions). */
  userVersion?: number;
  /** Makes it the catalogue of an imported library: where its folders are and which songs can be heard. */
  library?: { audioRoot: string; dataDir: string; audio: SongAudioRow[] };
}

/** Melon's yyyymmdd (00 for an unknown month or day) as the catalogue's ISO date. */
function isoDate(issued: number): { issueDate: string | null; year: number | null } {
  const year = Math.floor(issued / 10000);
  const month = Math.floor(issued / 100) % 100;
  const day = issued % 100;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (year === 0) return { issueDate: null, year: null };
  return { issueDate: month === 0 ? String(year) : day === 0 ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`, year };
}

/** Writes the fixture catalogue to `file` (replacing it). */
export async function writeFixtureCatalogue(file: string, options: FixtureOptions = {}): Promise<void> {
  rmSync(file, { force: true });
  const counts = new Map<number, number>();
  for (const p of FIXTURE_PLAYLISTS) for (const id of p.songs) counts.set(id, (counts.get(id) ?? 0) + 1);
  const together = (a: number, b: number) => FIXTURE_PLAYLISTS.filter((p) => p.songs.includes(a) && p.songs.includes(b)).length;
  const sortedCounts = [...counts.values()].sort((a, b) => a - b);
  /**
   * The stand-in for Music2Vec's prediction: the song on most of `id`'s playlists (lowest id on a tie), scored by
   * the share of them it is on, scaled down as the model's input·output cosines are lower than its similarities.
   */
  const playlistMate = (id: number): { other: number; score: number } | null => {
    let mate: number | null = null;
    let most = 0;
    for (const s of FIXTURE_SONGS) {
      const shared = s.id === id ? 0 : together(id, s.id);
      if (shared > most) [mate, most] = [s.id, shared];
    }
    return mate === null ? null : { other: mate, score: (0.4 * most) / (counts.get(id) ?? 1) };
  };
  const percentile = (c: number) => (100 * sortedCounts.filter((x) => x < c).length) / sortedCounts.length;

  const songs: SongRow[] = FIXTURE_SONGS.map((s) => ({
    id: s.id,
    name: s.name,
    album: s.album,
    albumId: s.id * 10,
    artists: s.artists,
    artistIds: s.artists.map((_, i) => s.id * 100 + i),
    genreCodes: s.genres,
    detailCodes: s.details,
    ...isoDate(s.issued),
    playlistCount: counts.get(s.id) ?? 0,
    popularityPct: percentile(counts.get(s.id) ?? 0),
    hasMel: s.sound !== null,
  }));

  const withMel = FIXTURE_SONGS.filter((s) => s.sound !== null);
  const vectors: Record<Model, Map<number, number[]>> = {
    music2vec: new Map(FIXTURE_SONGS.map((s) => [s.id, music2vecVector(s)])),
    tcae: new Map(withMel.map((s) => [s.id, tcaeVector(s)])),
    cel: new Map(withMel.map((s) => [s.id, [...music2vecVector(s), ...tcaeVector(s)]])),
  };
  const lists = new Map<number, NeighborIdLists>(FIXTURE_SONGS.map((s) => [s.id, {}]));
  const models: ModelEntry[] = MODELS.map((model) => {
    const set = [...vectors[model]].sort((a, b) => a[0] - b[0]);
    const dim = set[0]![1].length;
    const k = set.length - 1;
    const neighborIds = new Int32Array(set.length * k);
    const scores = new Float32Array(set.length * k);
    const togetherCounts = new Int32Array(set.length);
    const projection = new Float32Array(set.length * 2);
    set.forEach(([id, vector], row) => {
      const byCosine = set
        .filter(([other]) => other !== id)
        .map(([other, v]) => ({ other, score: cosine(vector, v) }))
        .sort((a, b) => b.score - a.score || a.other - b.other);
      // Music2Vec's list opens with a predicted playlist-mate, as a build's does (ml/models/music2vecLists.ts).
      const mate = model === "music2vec" ? playlistMate(id) : null;
      const ranked = mate ? [mate, ...byCosine.filter((r) => r.other !== mate.other)] : byCosine;
      togetherCounts[row] = mate ? 1 : 0;
      ranked.forEach((r, i) => {
        neighborIds[row * k + i] = r.other;
        scores[row * k + i] = r.score;
      });
      lists.get(id)![model] = ranked.map((r) => r.other);
      if (mate) lists.get(id)!.playlistMates = new Set([mate.other]);
      // A map where each axis pair is a point of the vector: enough structure to see clusters.
      projection[row * 2] = vector[0]! - vector[1]! + vector[4 % dim]! * 0.5;
      projection[row * 2 + 1] = vector[2]! - vector[3]!;
    });
    return { model, dim, config: {}, neighbors: { ids: Int32Array.from(set, ([id]) => id), k, neighborIds, scores, togetherCounts }, projection };
  });

  const rankings: SongRanking[] = [...lists].map(([id, songLists]) => {
    const total = scoreTotal(songLists);
    const top3 = eachTop3(songLists);
    const coPlaylists = new Map([...total, ...top3].map((item) => [item.id, together(id, item.id)]));
    return { songId: id, scoreTotal: total, eachTop3: top3, coPlaylists };
  });

  await writeCatalogue(file, {
    genres: new Map(Object.entries(FIXTURE_GENRES)),
    songs,
    models,
    rankings,
    timbre: null,
    meta: {
      built_at: FIXTURE_BUILT_AT,
      songs: String(FIXTURE_SONGS.length),
      ...(options.library && { audio_root: options.library.audioRoot, data_dir: options.library.dataDir }),
    },
    audio: options.library?.audio ?? [],
    run: {
      startedAt: "2026-11-24T11:58:00.000Z",
      finishedAt: FIXTURE_BUILT_AT,
      dataDir: "fixture",
      seed: 22,
      config: { seed: 22 },
      preprocess: [{ step: "keep songs in 3+ playlists", removed: 0, remaining: FIXTURE_SONGS.length }],
      timings: { music2vec: 1.5, write: 0.1 },
      metrics: FIXTURE_METRICS,
      backend: "wasm",
    },
  });
  if (options.userVersion !== undefined) {
    const db = new Database(file);
    db.pragma(`user_version = ${Math.trunc(options.userVersion)}`);
    db.close();
  }
}

/**
 * Overwrites the root page of `table` in a written catalogue with garbage, leaving the header intact: what a disk
 * error or a half-copied file does. Only the reads that reach that table fail.
 */
export function damageTable(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = ?").get(table) as { rootpage: number }).rootpage;
  db.close();
  const bytes = readFileSync(file);
  bytes.fill(0xa5, (root - 1) * pageSize, root * pageSize);
  writeFileSync(file, bytes);
}

/** Renames one song in a written catalogue (what a rebuild with a corrected title would change). */
export function retitleSong(file: string, id: number, title: string): void {
  const db = new Database(file);
  try {
    db.prepare("UPDATE songs SET name = ? WHERE id = ?").run(title, id);
  } finally {
    db.close();
  }
}
