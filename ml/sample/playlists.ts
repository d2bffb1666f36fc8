// Playlists as Melon DJs make them: a listening situation (이별, 새벽, 운동, 드라이브 ...) decides the moods and
// a mix of one to three genres; songs are drawn from those genre x mood pools with popularity skew, with
// runs of the same artist and, sometimes, several versions of one work. Co-playlist structure therefore
// carries genre and situation, which is what Music2Vec learns.
import { Random } from "../core/random.ts";
import type { Playlist } from "../data/melon.ts";
import type { Catalogue } from "./catalogue.ts";
import { GENRE_PROFILES, MOODS } from "./genres.ts";

interface Situation {
  tags: readonly string[];
  titles: readonly string[];
  /** How common the situation is among playlists. */
  weight: number;
  /** Relative weight of each mood (MOODS order). */
  moods: readonly [number, number, number, number, number];
  genres: Readonly<Record<string, number>>;
}

const SITUATIONS: readonly Situation[] = [
  { weight: 8, tags: ["이별", "슬픔", "눈물", "감성", "그리움", "새벽감성"], moods: [1, 6, 0, 0, 0],
    genres: { GN0100: 5, GN0500: 3, GN0400: 2, GN1500: 3, GN0900: 2, GN1300: 1, GN0300: 1 },
    titles: ["이별 후에 듣는 노래", "헤어진 날 밤 듣는 {g}", "이별의 아픔을 달래줄 노래", "눈물 나는 이별 노래 모음", "그 사람이 생각날 때", "아직 너를 잊지 못한 밤"] },
  { weight: 8, tags: ["새벽", "감성", "잔잔한", "밤", "새벽감성", "혼자"], moods: [4, 3, 2, 0, 1],
    genres: { GN0500: 4, GN0100: 3, GN0400: 3, GN1300: 2, GN0900: 2, GN0300: 1, GN1800: 1 },
    titles: ["새벽 감성 플레이리스트", "잠 못 드는 새벽에", "새벽 세 시에 듣는 {g}", "새벽에 혼자 듣기 좋은 노래", "밤이 깊을수록 좋은 노래"] },
  { weight: 6, tags: ["여행", "설렘", "기분전환", "여름", "휴가"], moods: [1, 0, 4, 3, 2],
    genres: { GN0900: 4, GN0500: 3, GN0200: 2, GN2500: 2, GN0100: 1, GN1900: 1, GN2000: 1 },
    titles: ["여행 갈 때 듣는 노래", "떠나고 싶을 때 {g}", "비행기 안에서 듣는 플레이리스트", "제주도 여행 BGM", "여행 같은 음악"] },
  { weight: 7, tags: ["드라이브", "신나는", "기분전환", "팝", "시원한"], moods: [0, 0, 2, 5, 3],
    genres: { GN0900: 4, GN0200: 3, GN1100: 2, GN0300: 2, GN1000: 2, GN0600: 1, GN2500: 2, GN1200: 1 },
    titles: ["드라이브 할 때 듣는 노래", "밤 드라이브 {g}", "창문 열고 달리고 싶을 때", "한강 드라이브 플레이리스트", "드라이브 필수곡"] },
  { weight: 6, tags: ["운동", "헬스", "신나는", "에너지", "달리기", "EDM"], moods: [0, 0, 0, 7, 2],
    genres: { GN1100: 3, GN2700: 2, GN0200: 4, GN2500: 3, GN0300: 3, GN1200: 3, GN0600: 1, GN1000: 2, GN2600: 1 },
    titles: ["운동할 때 듣는 신나는 노래", "헬스장 노동요", "러닝 플레이리스트", "땀 흘릴 때 {g}", "운동 의욕 뿜뿜"] },
  { weight: 6, tags: ["카페", "잔잔한", "재즈", "오후", "감성", "브런치"], moods: [3, 0, 2, 0, 4],
    genres: { GN1700: 4, GN0500: 3, GN0400: 2, GN1300: 2, GN0900: 2, GN2000: 2, GN1800: 1 },
    titles: ["카페에서 듣기 좋은 음악", "나른한 오후의 {g}", "카페 BGM", "브런치와 어울리는 노래", "커피 한 잔의 여유"] },
  { weight: 5, tags: ["비오는날", "비", "감성", "우울", "잔잔한"], moods: [3, 5, 1, 0, 1],
    genres: { GN0100: 4, GN0500: 3, GN0400: 2, GN1700: 1, GN0800: 1, GN0900: 1 },
    titles: ["비 오는 날 듣기 좋은 노래", "빗소리와 어울리는 {g}", "비 오는 날의 플레이리스트", "우산 속에서 듣는 노래"] },
  { weight: 6, tags: ["힐링", "휴식", "잔잔한", "편안한", "위로"], moods: [6, 1, 2, 0, 0],
    genres: { GN0500: 3, GN1800: 3, GN0800: 2, GN0100: 2, GN2800: 2, GN1400: 1, GN2100: 1 },
    titles: ["지친 하루 위로가 되는 노래", "힐링 플레이리스트", "마음이 편안해지는 {g}", "쉼표가 필요할 때"] },
  { weight: 5, tags: ["집중", "공부", "독서", "피아노", "연주곡", "노동요"], moods: [6, 0, 0, 0, 2],
    genres: { GN1600: 4, GN1800: 4, GN1700: 2, GN2800: 2, GN0300: 1, GN1100: 1 },
    titles: ["공부할 때 듣는 음악", "집중력 높여주는 연주곡", "독서할 때 {g}", "작업용 BGM", "시험기간 노동요"] },
  { weight: 4, tags: ["파티", "신나는", "클럽", "EDM", "댄스"], moods: [0, 0, 1, 6, 3],
    genres: { GN0200: 4, GN1100: 3, GN2700: 3, GN2500: 3, GN0900: 2, GN1200: 1, GN2600: 1 },
    titles: ["파티에서 틀기 좋은 노래", "클럽 분위기 {g}", "불금 플레이리스트", "홈파티 BGM"] },
  { weight: 7, tags: ["사랑", "설렘", "고백", "달달한", "연애"], moods: [1, 0, 7, 1, 1],
    genres: { GN0100: 3, GN0500: 3, GN0400: 2, GN0900: 2, GN2500: 2, GN1500: 2 },
    titles: ["설레는 고백 노래", "사랑에 빠졌을 때 듣는 {g}", "달달한 노래 모음", "썸 탈 때 듣는 노래", "연인과 함께 듣는 노래"] },
  { weight: 4, tags: ["잠잘때", "수면", "잔잔한", "자장가", "힐링"], moods: [7, 1, 0, 0, 0],
    genres: { GN1800: 4, GN2800: 3, GN1600: 2, GN0500: 2, GN2200: 1, GN0800: 1 },
    titles: ["잠 안 올 때 듣는 음악", "숙면을 위한 플레이리스트", "자기 전에 듣는 {g}"] },
  { weight: 3, tags: ["봄", "벚꽃", "설렘", "산책"], moods: [2, 0, 5, 1, 1],
    genres: { GN0500: 3, GN0100: 2, GN2500: 2, GN0900: 1, GN1900: 1 },
    titles: ["봄에 듣기 좋은 노래", "벚꽃 길 산책 {g}", "봄바람 플레이리스트"] },
  { weight: 3, tags: ["겨울", "크리스마스", "눈", "연말"], moods: [3, 2, 4, 0, 0],
    genres: { GN0100: 3, GN0900: 3, GN1500: 1, GN1700: 1, GN2100: 1 },
    titles: ["겨울에 듣기 좋은 노래", "크리스마스 캐롤 & {g}", "첫눈 오는 날 듣는 노래", "연말 분위기 플레이리스트"] },
  { weight: 3, tags: ["추억", "90년대", "2000년대", "명곡", "옛날노래"], moods: [1, 2, 2, 2, 0],
    genres: { GN0100: 3, GN0200: 3, GN0700: 2, GN0800: 2, GN0600: 1 },
    titles: ["그때 그 시절 명곡", "추억 소환 {g}", "90년대 감성 모음", "싸이월드 BGM"] },
  { weight: 3, tags: ["출근길", "아침", "기분전환", "상쾌한"], moods: [1, 0, 3, 4, 2],
    genres: { GN0900: 3, GN0500: 2, GN2500: 2, GN0200: 2, GN0400: 1 },
    titles: ["출근길에 듣는 노래", "상쾌한 아침 {g}", "월요병 퇴치 플레이리스트"] },
  { weight: 4, tags: ["힙합", "랩", "국내힙합", "외힙", "그루브"], moods: [0, 1, 1, 3, 5],
    genres: { GN0300: 6, GN1200: 4, GN0400: 1 }, titles: ["힙합 플레이리스트", "그루브 타는 {g}", "국힙 명곡 모음", "외힙 추천"] },
  { weight: 1.5, tags: ["트로트", "성인가요", "부모님"], moods: [1, 1, 1, 3, 0],
    genres: { GN0700: 8, GN0800: 1 }, titles: ["신나는 트로트 모음", "부모님과 함께 듣는 노래", "트로트 명곡"] },
  { weight: 1, tags: ["동요", "아이", "태교", "육아"], moods: [3, 0, 2, 2, 0],
    genres: { GN2200: 8, GN1600: 1 }, titles: ["아이와 함께 듣는 동요", "태교 음악", "어린이 노래 모음"] },
  { weight: 1, tags: ["CCM", "찬양", "예배", "기도"], moods: [5, 1, 2, 0, 0],
    genres: { GN2100: 7, GN2300: 2 }, titles: ["은혜로운 찬양 모음", "기도할 때 듣는 CCM", "주일 아침 찬양"] },
  { weight: 1, tags: ["JPOP", "일본", "애니"], moods: [1, 1, 2, 4, 1],
    genres: { GN1900: 8 }, titles: ["제이팝 추천", "일본 노래 모음", "애니 주제가 플레이리스트"] },
  { weight: 2, tags: ["OST", "드라마", "영화", "드라마OST"], moods: [1, 4, 4, 0, 0],
    genres: { GN1500: 8, GN2900: 1 }, titles: ["드라마 OST 명곡", "영화 속 그 노래", "눈물 나는 OST 모음"] },
  { weight: 3, tags: ["인디", "인디음악", "감성", "밴드"], moods: [3, 2, 3, 1, 1],
    genres: { GN0500: 7, GN0600: 1 }, titles: ["숨은 인디 명곡", "인디 감성 플레이리스트", "홍대 인디 밴드 추천"] },
  { weight: 0.5, tags: ["국악", "전통", "힐링"], moods: [4, 2, 0, 1, 0],
    genres: { GN2400: 6, GN1800: 1 }, titles: ["마음이 차분해지는 국악", "퓨전 국악 모음"] },
  { weight: 3, tags: ["팝", "팝송", "해외", "팝송추천"], moods: [1, 1, 3, 3, 2],
    genres: { GN0900: 6, GN1300: 1, GN1400: 1, GN1000: 1 }, titles: ["팝송 추천", "귀에 꽂히는 팝송", "영어 공부 팝송"] },
  { weight: 3, tags: ["아이돌", "걸그룹", "보이그룹", "케이팝", "kpop"], moods: [0, 1, 3, 5, 1],
    genres: { GN2500: 6, GN0200: 3 }, titles: ["아이돌 명곡 모음", "걸그룹 댄스곡", "케이팝 플레이리스트"] },
  { weight: 2, tags: ["락", "록", "밴드", "메탈"], moods: [0, 2, 0, 6, 0],
    genres: { GN0600: 4, GN1000: 4 }, titles: ["가슴이 뻥 뚫리는 락", "밴드 사운드 모음", "록 명곡"] },
  { weight: 0.5, tags: ["뮤지컬", "넘버"], moods: [1, 2, 3, 1, 0],
    genres: { GN2900: 6, GN1500: 1 }, titles: ["뮤지컬 넘버 모음", "뮤지컬 명곡"] },
];

/** Genre words used in titles ({g}) and as extra tags. */
const GENRE_WORDS: Readonly<Record<string, string>> = {
  GN0100: "발라드", GN0200: "댄스", GN0300: "힙합", GN0400: "알앤비", GN0500: "인디", GN0600: "락", GN0700: "트로트",
  GN0800: "포크", GN0900: "팝송", GN1000: "락", GN1100: "일렉트로니카", GN1200: "외힙", GN1300: "RnB", GN1400: "어쿠스틱",
  GN1500: "OST", GN1600: "클래식", GN1700: "재즈", GN1800: "뉴에이지", GN1900: "JPOP", GN2000: "월드뮤직", GN2100: "CCM",
  GN2200: "동요", GN2300: "찬양", GN2400: "국악", GN2500: "아이돌", GN2600: "일렉", GN2700: "EDM", GN2800: "힐링", GN2900: "뮤지컬",
};

export interface PlaylistOptions {
  count: number;
  /** Mean number of songs per playlist (46 on Melon). */
  meanLength: number;
  seed: number;
}

const MOOD_COUNT = MOODS.length;

/** Songs of one genre x mood with cumulative popularity, for O(log n) weighted draws. */
interface Pool {
  songs: Int32Array;
  /** Cumulative popularity, and cumulative popularity^0.5 for "hidden gems" playlists that care less about hits. */
  hits: Float64Array;
  gems: Float64Array;
}

function buildPools(catalogue: Catalogue): Map<number, Pool> {
  const genreIndex = new Map(GENRE_PROFILES.map((p, i) => [p.code, i]));
  const members = new Map<number, number[]>();
  for (const song of catalogue.songs) {
    const g = genreIndex.get(song.song_gn_gnr_basket[0]!);
    if (g === undefined) continue;
    const key = g * MOOD_COUNT + song.mood;
    const list = members.get(key) ?? [];
    list.push(song.id);
    members.set(key, list);
  }
  const pools = new Map<number, Pool>();
  for (const [key, list] of members) {
    const hits = new Float64Array(list.length);
    const gems = new Float64Array(list.length);
    let h = 0;
    let g = 0;
    list.forEach((id, i) => {
      const p = catalogue.songs[id]!.popularity;
      h += p;
      g += Math.sqrt(p);
      hits[i] = h;
      gems[i] = g;
    });
    pools.set(key, { songs: Int32Array.from(list), hits, gems });
  }
  return pools;
}

function drawFrom(pool: Pool, cumulative: Float64Array, random: Random): number {
  const target = random.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return pool.songs[lo]!;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "YYYY-MM-DD HH:MM:SS.000", no earlier than the newest song in the playlist. */
function updateDate(random: Random, newestSongYear: number): string {
  const recent = 2013 + Math.floor(7.4 * Math.sqrt(random.next()));
  const year = Math.min(2020, Math.max(newestSongYear, recent, 2005));
  const month = year === 2020 ? 1 + random.int(4) : 1 + random.int(12);
  return `${year}-${pad2(month)}-${pad2(1 + random.int(28))} ${pad2(random.int(24))}:${pad2(random.int(60))}:${pad2(random.int(60))}.000`;
}

/** Heavy-tailed like counts: most playlists have a handful, a few have thousands. */
function likeCount(random: Random): number {
  return Math.max(0, Math.floor(Math.exp(1.2 + 1.8 * random.normal())) - 1);
}

/** DJs dress their titles up: symbols, series numbers, hashtags; so titles repeat far less than templates. */
function decorateTitle(random: Random, title: string, tags: readonly string[]): string {
  const r = random.next();
  if (r < 0.08) return `♥ ${title} ♥`;
  if (r < 0.16) return `${title} ${random.pick(["🎧", "✨", "☕", "🌙", "♪", "🔥"])}`;
  if (r < 0.23) return `[${random.pick(tags)}] ${title}`;
  if (r < 0.3) return `${title} vol.${1 + random.int(12)}`;
  if (r < 0.36) return tags.map((t) => `#${t}`).join(" ");
  if (r < 0.41) return `${title} (${2 + random.int(5)}탄)`;
  if (r < 0.45) return `${title}.zip`;
  if (r < 0.5) return `${random.pick(["오늘의", "나만 알고 싶은", "요즘 듣는", "내가 좋아하는", "지금 듣기 좋은"])} ${title}`;
  return title;
}

/** Distinct items drawn by weight. */
function drawDistinct(random: Random, items: readonly string[], weights: readonly number[], count: number): string[] {
  const remaining = [...items];
  const w = [...weights];
  const chosen: string[] = [];
  while (chosen.length < count && remaining.length > 0) {
    const i = random.weighted(w);
    chosen.push(remaining[i]!);
    remaining.splice(i, 1);
    w.splice(i, 1);
  }
  return chosen;
}

/**
 * Generates `options.count` playlists over the catalogue. Calls `onProgress(done)` now and then and yields
 * to the event loop so that an AbortSignal can stop it.
 */
export async function generatePlaylists(
  catalogue: Catalogue,
  options: PlaylistOptions,
  onProgress?: (done: number) => void,
  signal?: AbortSignal,
): Promise<Playlist[]> {
  const random = new Random(options.seed, "playlists");
  const songs = catalogue.songs;
  const pools = buildPools(catalogue);
  const genreIndex = new Map(GENRE_PROFILES.map((p, i) => [p.code, i]));
  const artistSongs = new Map(catalogue.artists.map((a) => [a.id, a.songs]));
  // Per-song facts the inner loop needs, in flat arrays (the song objects are scattered over a large heap).
  const versionsOf = new Map<number, number[]>();
  for (const song of songs) {
    const list = versionsOf.get(song.work) ?? [];
    list.push(song.id);
    versionsOf.set(song.work, list);
  }
  const workOf = Int32Array.from(songs, (s) => s.work);
  const yearOf = Int16Array.from(songs, (s) => Math.floor(s.issue_date / 10000));
  const hasVersions = Uint8Array.from(songs, (s) => (versionsOf.get(s.work)!.length > 1 ? 1 : 0));
  const firstArtist = Int32Array.from(songs, (s) => s.artist_id_basket[0]!);
  // Playlist ids are sparse and unordered, as in the real train.json (val/test took the rest).
  const idRange = Math.ceil(options.count * 1.3);
  const ids = random.shuffle(Array.from({ length: idRange }, (_, i) => i)).slice(0, options.count);
  const lastSeen = new Int32Array(songs.length).fill(-1);
  // Genres of each situation that the catalogue has songs for; situations with none are never drawn
  // (small catalogues may lack, say, gugak), so no playlist comes out empty.
  const availableGenres = SITUATIONS.map((s) =>
    Object.keys(s.genres).filter((g) => genreIndex.has(g) && MOODS.some((_, m) => pools.has(genreIndex.get(g)! * MOOD_COUNT + m))),
  );
  const situationWeights = SITUATIONS.map((s, i) => (availableGenres[i]!.length > 0 ? s.weight : 0));
  // The situation's mood weights restricted to the moods a genre has songs in (never all zero for an available genre).
  const moodWeightCache = new Map<number, Float64Array>();
  const moodWeightsOf = (situationIndex: number, g: number): Float64Array => {
    const key = situationIndex * GENRE_PROFILES.length + g;
    let weights = moodWeightCache.get(key);
    if (!weights) {
      weights = Float64Array.from(SITUATIONS[situationIndex]!.moods, (w, m) => (pools.has(g * MOOD_COUNT + m) ? w + 0.05 : 0));
      moodWeightCache.set(key, weights);
    }
    return weights;
  };
  if (situationWeights.every((w) => w === 0)) throw new Error("generatePlaylists: the catalogue has no songs in any situation's genres");
  const sigma = 0.6;
  const mu = Math.log(options.meanLength) - (sigma * sigma) / 2;
  const maxLength = Math.max(1, Math.min(200, Math.floor(songs.length / 3)));
  const playlists: Playlist[] = [];

  for (let p = 0; p < options.count; p++) {
    if (p % 2000 === 0) {
      onProgress?.(p);
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw signal.reason;
    }
    const situationIndex = random.weighted(situationWeights);
    const situation = SITUATIONS[situationIndex]!;
    const genreCodes = availableGenres[situationIndex]!;
    const mixSize = 1 + random.weighted([4, 4, 2]);
    const mix = drawDistinct(random, genreCodes, genreCodes.map((g) => situation.genres[g]!), mixSize);
    const mixWeights = mix.map(() => 0.5 + random.next());
    const gems = random.chance(0.3);
    const length = Math.max(1, Math.min(maxLength, Math.round(Math.exp(mu + sigma * random.normal()))));
    const chosen: number[] = [];
    let newestYear = 0;
    const add = (id: number) => {
      lastSeen[id] = p;
      chosen.push(id);
      newestYear = Math.max(newestYear, yearOf[id]!);
    };

    for (let attempt = 0; chosen.length < length && attempt < length * 4; attempt++) {
      let candidate = -1;
      if (chosen.length > 0 && random.chance(0.15)) {
        // A run of the same artist, as DJs often put two or three songs of one artist.
        const pool = artistSongs.get(firstArtist[chosen[random.int(chosen.length)]!]!);
        if (pool && pool.length > 0) candidate = pool[random.int(pool.length)]!;
      } else {
        const g = genreIndex.get(mix[random.weighted(mixWeights)]!)!;
        const pool = pools.get(g * MOOD_COUNT + random.weighted(moodWeightsOf(situationIndex, g)))!;
        candidate = drawFrom(pool, gems ? pool.gems : pool.hits, random);
      }
      if (candidate < 0 || lastSeen[candidate] === p) continue;
      add(candidate);
      // Sometimes a DJ puts the original next to its remix, live or cover version.
      if (hasVersions[candidate] && chosen.length < length && random.chance(0.05)) {
        const versions = versionsOf.get(workOf[candidate]!)!;
        const other = versions[random.int(versions.length)]!;
        if (lastSeen[other] !== p) add(other);
      }
    }

    const tagCount = 1 + random.weighted([5, 4, 2, 1]);
    const tags = drawDistinct(random, situation.tags, situation.tags.map(() => 1), tagCount);
    const genreWord = GENRE_WORDS[mix[0]!] ?? "노래";
    if (random.chance(0.35) && !tags.includes(genreWord)) tags.push(genreWord);
    playlists.push({
      tags,
      id: ids[p]!,
      plylst_title: decorateTitle(random, random.pick(situation.titles).replace("{g}", genreWord), tags),
      songs: chosen,
      like_cnt: likeCount(random),
      updt_date: updateDate(random, newestYear),
    });
  }
  onProgress?.(options.count);
  return playlists;
}
