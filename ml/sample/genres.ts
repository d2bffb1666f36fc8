// Melon's genre table (genre_gn_all.json) and how the sample catalogue uses each major genre.
// Codes and names follow the real table: GNxx00 is a major genre, GNxxyy (yy > 00) its detailed genres,
// GNxx01 always "세부장르전체". The sample writes this table verbatim as genre_gn_all.json.

/** [code, name] in file order. */
export const GENRE_TABLE: readonly (readonly [string, string])[] = [
  ["GN0100", "발라드"], ["GN0101", "세부장르전체"], ["GN0102", "'80"], ["GN0103", "'90"], ["GN0104", "'00"], ["GN0105", "'10-"],
  ["GN0200", "댄스"], ["GN0201", "세부장르전체"], ["GN0202", "'80"], ["GN0203", "'90"], ["GN0204", "'00"], ["GN0205", "'10-"],
  ["GN0300", "랩/힙합"], ["GN0301", "세부장르전체"], ["GN0302", "랩 스타일"], ["GN0303", "보컬 스타일"], ["GN0304", "언더그라운드 힙합"], ["GN0305", "시대별"],
  ["GN0400", "R&B/Soul"], ["GN0401", "세부장르전체"], ["GN0402", "어반"], ["GN0403", "R&B"],
  ["GN0500", "인디음악"], ["GN0501", "세부장르전체"], ["GN0502", "포크"], ["GN0503", "록"], ["GN0504", "일렉"], ["GN0505", "힙합"],
  ["GN0506", "발라드"], ["GN0507", "'90"], ["GN0508", "'00"], ["GN0509", "'10-"],
  ["GN0600", "록/메탈"], ["GN0601", "세부장르전체"], ["GN0602", "'80"], ["GN0603", "'90"], ["GN0604", "'00"], ["GN0605", "'10-"],
  ["GN0700", "성인가요"], ["GN0701", "세부장르전체"], ["GN0702", "'80"], ["GN0703", "'90"], ["GN0704", "'00"], ["GN0705", "'10-"],
  ["GN0800", "포크/블루스"], ["GN0801", "세부장르전체"], ["GN0802", "'80"], ["GN0803", "'90"], ["GN0804", "'00"], ["GN0805", "'10-"],
  ["GN0900", "POP"], ["GN0901", "세부장르전체"], ["GN0902", "얼터너티브팝"], ["GN0903", "올디스"], ["GN0904", "월드팝"],
  ["GN0905", "'60-'70"], ["GN0906", "'80-'90"], ["GN0907", "'00"], ["GN0908", "'10-"],
  ["GN1000", "록/메탈"], ["GN1001", "세부장르전체"], ["GN1002", "얼터너티브록"], ["GN1003", "록/메탈"], ["GN1004", "모던록"],
  ["GN1005", "하드록"], ["GN1006", "헤비메탈"], ["GN1007", "뉴메탈/하드코어"], ["GN1008", "프로그레시브/아트록"], ["GN1009", "'60-'70"],
  ["GN1010", "'80-'90"], ["GN1011", "'00"], ["GN1012", "'10-"],
  ["GN1100", "일렉트로니카"], ["GN1101", "세부장르전체"], ["GN1102", "일렉트로니카"], ["GN1103", "하우스"], ["GN1104", "클럽뮤직"],
  ["GN1105", "테크노"], ["GN1106", "트랜스"], ["GN1107", "'00"], ["GN1108", "'10-"],
  ["GN1200", "랩/힙합"], ["GN1201", "세부장르전체"], ["GN1202", "랩"], ["GN1203", "얼터너티브 힙합"], ["GN1204", "언더그라운드 힙합"],
  ["GN1205", "'00"], ["GN1206", "'10-"],
  ["GN1300", "R&B/Soul"], ["GN1301", "세부장르전체"], ["GN1302", "컨템포러리 R&B"], ["GN1303", "소울"], ["GN1304", "'60-'70"],
  ["GN1305", "'80-'90"], ["GN1306", "'00"], ["GN1307", "'10-"],
  ["GN1400", "포크/블루스/컨트리"], ["GN1401", "세부장르전체"], ["GN1402", "포크"], ["GN1403", "블루스"], ["GN1404", "컨트리"],
  ["GN1500", "OST"], ["GN1501", "세부장르전체"], ["GN1502", "국내영화"], ["GN1503", "해외영화"], ["GN1504", "국내드라마"],
  ["GN1505", "해외드라마"], ["GN1506", "애니메이션/게임"], ["GN1507", "국내뮤지컬"], ["GN1508", "해외뮤지컬"],
  ["GN1600", "클래식"], ["GN1601", "세부장르전체"], ["GN1602", "관현악"], ["GN1603", "교향곡"], ["GN1604", "실내악"], ["GN1605", "협주곡"],
  ["GN1606", "독주곡"], ["GN1607", "오페라"], ["GN1608", "크로스오버"], ["GN1609", "현대음악"], ["GN1610", "성악/합창곡"],
  ["GN1700", "재즈"], ["GN1701", "세부장르전체"], ["GN1702", "보컬 재즈"], ["GN1703", "연주 재즈"], ["GN1704", "퓨전 재즈"],
  ["GN1705", "애시드/퓨전/팝"], ["GN1706", "라틴 재즈"],
  ["GN1800", "뉴에이지"], ["GN1801", "세부장르전체"], ["GN1802", "피아노"], ["GN1803", "기타"], ["GN1804", "명상음악"],
  ["GN1900", "J-POP"], ["GN1901", "세부장르전체"], ["GN1902", "J-Pop"], ["GN1903", "J-Rock"], ["GN1904", "애니메이션"], ["GN1905", "시티팝"],
  ["GN2000", "월드뮤직"], ["GN2001", "세부장르전체"], ["GN2002", "샹송"], ["GN2003", "칸초네"], ["GN2004", "라틴"], ["GN2005", "보사노바"],
  ["GN2100", "CCM"], ["GN2101", "세부장르전체"], ["GN2102", "국내CCM"], ["GN2103", "해외CCM"], ["GN2104", "워십"],
  ["GN2200", "어린이/태교"], ["GN2201", "세부장르전체"], ["GN2202", "동요"], ["GN2203", "만화"], ["GN2204", "태교"],
  ["GN2300", "종교음악"], ["GN2301", "세부장르전체"], ["GN2302", "찬송가"], ["GN2303", "불교음악"], ["GN2304", "성가"],
  ["GN2400", "국악"], ["GN2401", "세부장르전체"], ["GN2402", "국악크로스오버"], ["GN2403", "민요"], ["GN2404", "기악"], ["GN2405", "판소리"],
  ["GN2500", "아이돌"], ["GN2501", "세부장르전체"], ["GN2502", "남자 아이돌"], ["GN2503", "여자 아이돌"], ["GN2504", "랩/힙합"],
  ["GN2505", "발라드"], ["GN2506", "댄스"],
  ["GN2600", "일렉트로니카"], ["GN2601", "세부장르전체"], ["GN2602", "일렉트로니카"], ["GN2603", "클럽뮤직"],
  ["GN2700", "EDM"], ["GN2701", "세부장르전체"], ["GN2702", "빅룸/일렉트로 하우스"], ["GN2703", "퓨처베이스"],
  ["GN2800", "뮤직테라피"], ["GN2801", "세부장르전체"], ["GN2802", "힐링"], ["GN2803", "수면"], ["GN2804", "ASMR"],
  ["GN2900", "뮤지컬"], ["GN2901", "세부장르전체"], ["GN2902", "국내뮤지컬"], ["GN2903", "해외뮤지컬"],
];

/** The listening moods a song can have; they decide which situations (playlists) it fits and its tempo. */
export const MOODS = ["calm", "sad", "romantic", "energetic", "groovy"] as const;
export type Mood = (typeof MOODS)[number];

/** Title language of a genre's artists: Korean, Western, Japanese (romanised), or the special title makers. */
export type TitleStyle = "korean" | "english" | "japanese" | "classical" | "kids" | "ccm" | "gugak" | "trot" | "therapy";

export interface GenreProfile {
  code: string;
  /** Share of the catalogue's artists. */
  share: number;
  /** Korean artist (Korean names, mostly Korean titles) or foreign. */
  domestic: boolean;
  titles: TitleStyle;
  /** Relative chance of each mood, in MOODS order. */
  moods: readonly [number, number, number, number, number];
  /** A second major genre often tagged together with this one (e.g. idol songs are also dance). */
  companion?: string;
}

/**
 * Catalogue shares roughly follow the real song_meta.json (ballad, dance, pop, indie, hip-hop and OST dominate),
 * with enough of the genres the preprocessing drops (classical, new age, J-pop, CCM, kids ...) to exercise it.
 */
export const GENRE_PROFILES: readonly GenreProfile[] = [
  { code: "GN0100", share: 14, domestic: true, titles: "korean", moods: [3, 5, 3, 0, 0] },
  { code: "GN0200", share: 7, domestic: true, titles: "korean", moods: [0, 0, 2, 5, 1] },
  { code: "GN0300", share: 8, domestic: true, titles: "korean", moods: [0, 1, 1, 3, 4] },
  { code: "GN0400", share: 6, domestic: true, titles: "korean", moods: [1, 1, 3, 0, 4] },
  { code: "GN0500", share: 10, domestic: true, titles: "korean", moods: [4, 3, 3, 1, 1], companion: "GN0100" },
  { code: "GN0600", share: 4, domestic: true, titles: "korean", moods: [0, 2, 0, 5, 0] },
  { code: "GN0700", share: 3, domestic: true, titles: "trot", moods: [0, 2, 1, 4, 0] },
  { code: "GN0800", share: 2, domestic: true, titles: "korean", moods: [4, 3, 1, 0, 0] },
  { code: "GN0900", share: 11, domestic: false, titles: "english", moods: [1, 1, 3, 3, 2] },
  { code: "GN1000", share: 3, domestic: false, titles: "english", moods: [0, 1, 0, 5, 0] },
  { code: "GN1100", share: 3, domestic: false, titles: "english", moods: [0, 0, 1, 5, 3] },
  { code: "GN1200", share: 3, domestic: false, titles: "english", moods: [0, 0, 1, 3, 5] },
  { code: "GN1300", share: 3, domestic: false, titles: "english", moods: [1, 1, 3, 0, 4] },
  { code: "GN1400", share: 1.5, domestic: false, titles: "english", moods: [4, 2, 2, 0, 1] },
  { code: "GN1500", share: 6, domestic: true, titles: "korean", moods: [1, 5, 4, 0, 0], companion: "GN0100" },
  { code: "GN1600", share: 2.5, domestic: false, titles: "classical", moods: [6, 1, 1, 0, 0] },
  { code: "GN1700", share: 2.5, domestic: false, titles: "english", moods: [3, 1, 2, 0, 4] },
  { code: "GN1800", share: 2, domestic: true, titles: "korean", moods: [6, 2, 1, 0, 0] },
  { code: "GN1900", share: 2.5, domestic: false, titles: "japanese", moods: [1, 1, 2, 4, 1] },
  { code: "GN2000", share: 1, domestic: false, titles: "english", moods: [2, 1, 2, 1, 3] },
  { code: "GN2100", share: 1.5, domestic: true, titles: "ccm", moods: [5, 1, 2, 0, 0] },
  { code: "GN2200", share: 1.2, domestic: true, titles: "kids", moods: [2, 0, 2, 3, 0] },
  { code: "GN2300", share: 0.5, domestic: true, titles: "ccm", moods: [5, 1, 0, 0, 0] },
  { code: "GN2400", share: 0.8, domestic: true, titles: "gugak", moods: [4, 2, 0, 1, 0] },
  { code: "GN2500", share: 5, domestic: true, titles: "korean", moods: [0, 1, 3, 5, 1], companion: "GN0200" },
  { code: "GN2600", share: 1, domestic: true, titles: "english", moods: [1, 0, 1, 4, 3] },
  { code: "GN2700", share: 0.7, domestic: false, titles: "english", moods: [0, 0, 1, 6, 1] },
  { code: "GN2800", share: 1, domestic: true, titles: "therapy", moods: [6, 0, 0, 0, 0] },
  { code: "GN2900", share: 0.5, domestic: true, titles: "korean", moods: [1, 2, 3, 1, 0] },
];

export const VARIOUS_ARTISTS = "Various Artists";

const DETAILS: ReadonlyMap<string, string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [code] of GENRE_TABLE) {
    if (code.endsWith("00")) continue;
    const major = `${code.slice(0, 4)}00`;
    const list = map.get(major) ?? [];
    list.push(code);
    map.set(major, list);
  }
  return map;
})();

/** Detailed genres of a major genre, "세부장르전체" (xx01) first. */
export function detailGenres(major: string): readonly string[] {
  return DETAILS.get(major) ?? [];
}

const NAMES: ReadonlyMap<string, string> = new Map(GENRE_TABLE);

export function genreName(code: string): string | undefined {
  return NAMES.get(code);
}

export function profileOf(major: string): GenreProfile {
  const profile = GENRE_PROFILES.find((p) => p.code === major);
  if (!profile) throw new Error(`no sample profile for genre ${major}`);
  return profile;
}
