// Word lists and the title / name makers of the sample catalogue. Every name is an original combination of
// common words (no real song, album or artist is reproduced); the lists are small, the combinations many.
import type { Random } from "../core/random.ts";
import type { TitleStyle } from "./genres.ts";

// ---- Korean words ---------------------------------------------------------------------------------------
const KO_NOUNS = [
  "밤", "별", "달", "봄", "꽃", "비", "눈", "꿈", "바람", "하늘", "바다", "노을", "새벽", "편지", "기억", "계절", "사랑",
  "이별", "시간", "하루", "여름", "가을", "겨울", "거리", "골목", "창문", "우산", "커피", "향기", "사진", "일기", "약속",
  "고백", "마음", "눈물", "웃음", "노래", "불빛", "그림자", "파도", "구름", "햇살", "별빛", "달빛", "첫눈", "소나기",
  "정류장", "기차", "주말", "오후", "아침", "밤하늘", "벚꽃", "은하수", "섬", "숲", "청춘", "소년", "소녀", "여행", "우주",
  "온도", "틈", "궤도", "정원", "서랍", "모퉁이", "지도", "등대", "호수", "유성", "나침반", "손편지", "발자국", "그네",
];
const KO_FIRST = ["밤", "별", "달", "봄", "꽃", "첫", "눈", "빗", "꿈", "새벽", "여름", "바다", "하늘", "겨울", "노을", "구름"];
const KO_SECOND = ["편지", "빛", "길", "날", "노래", "비", "잎", "향기", "바람", "소리", "산책", "일기", "여행", "거리", "하늘", "정원"];
const KO_MODIFIERS = [
  "모든", "작은", "마지막", "첫", "푸른", "오래된", "따뜻한", "차가운", "눈부신", "아름다운", "흔한", "이상한", "사소한",
  "조용한", "빛나는", "잊혀진", "서툰", "낯선", "투명한", "느린", "먼", "하얀", "보통의", "어느", "다정한", "그리운",
];
const KO_OWNERS = ["너의", "나의", "우리의", "그대의", "그녀의", "그의", "당신의"];
const KO_PHRASES = [
  "보고 싶다", "잘 지내", "안녕", "사랑해", "기다릴게", "괜찮아", "너를 만나", "멀어져", "걷고 있어", "노래할게", "잊지 마",
  "울지 마요", "다시 만나", "물들다", "스며들다", "흩어지다", "그리워하다", "천천히", "너에게 간다", "고마워", "미안해",
  "머물러 줘", "가지 마", "한 번 더", "꿈꾸는 중", "기억할게", "오늘도", "모르겠어", "좋아해", "데려다줄게",
];
const KO_PARTICLES = ["처럼", " 속으로", "에게", "을 걷다", " 위에서", "이 지나면", "의 끝", " 아래", "을 닮은", "만 같아"];
const KO_TIMES = ["새벽 세 시", "오늘 밤", "스무 살", "그 여름", "어젯밤", "비 오는 날", "일요일 오후", "열두 시", "해 질 녘", "첫차"];

// ---- English words --------------------------------------------------------------------------------------
const EN_ADJ = [
  "Blue", "Golden", "Lonely", "Sweet", "Midnight", "Silver", "Electric", "Wild", "Broken", "Little", "Endless", "Summer",
  "Neon", "Paper", "Crystal", "Velvet", "Lost", "Secret", "Perfect", "Crazy", "Quiet", "Purple", "Falling", "Rainy",
  "Lucky", "Empty", "Brand New", "Slow", "Hidden", "Cold",
];
const EN_NOUN = [
  "Love", "Heart", "Night", "Dream", "Rain", "Moon", "Star", "Light", "Fire", "Ocean", "City", "Road", "Memory", "Kiss",
  "Shadow", "Sky", "Flower", "Story", "Wave", "Ghost", "Eyes", "Paradise", "Highway", "Letter", "Season", "Diary",
  "Sunset", "Garden", "Mirror", "Galaxy", "Window", "Runway", "Echo", "Island", "Signal", "Daydream", "Coffee", "Weekend",
];
const EN_VERB = ["Hold", "Call", "Love", "Save", "Take", "Touch", "Find", "Miss", "Need", "Kiss", "Chase", "Tell", "Wake", "Let"];
const EN_OBJECT = ["Me", "You", "My Hand", "Me Now", "Me Home", "Me Tonight", "It Back", "You Slowly", "Me Up", "My Name"];
const EN_LINES = [
  "Stay With Me Tonight", "I Don't Mind", "One More Time", "Run Away", "Feel So Good", "All Night Long", "Say My Name",
  "Don't Let Go", "Before I Go", "If You Want", "Right Now", "Count On Me", "Here We Go", "Not Today", "Be Mine",
  "Over and Over", "Just Like That", "No Way Out", "Like I Do", "Better Days",
];
const EN_FIRST = [
  "Emily", "Jake", "Olivia", "Noah", "Lily", "Ryan", "Chloe", "Daniel", "Ava", "Lucas", "Mia", "Ethan", "Grace", "Owen",
  "Ruby", "Leo", "Nora", "Caleb", "Ivy", "Miles", "Hazel", "Jasper", "Sadie", "Felix", "Iris", "Theo", "June", "Wyatt",
];
const EN_LAST = [
  "Carter", "Hayes", "Brooks", "Sullivan", "Reed", "Parker", "Bennett", "Foster", "Wells", "Monroe", "Hale", "Lane",
  "Quinn", "Rivers", "Walsh", "Porter", "Sloane", "Archer", "Vance", "Winter", "Marlow", "Beck", "Hart", "Ellis",
];

// ---- Korean names ---------------------------------------------------------------------------------------
const KO_SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"];
const KO_SYLLABLES = [
  "서", "윤", "지", "민", "하", "은", "현", "수", "준", "영", "진", "우", "연", "유", "혜", "희", "아", "재", "성", "태",
  "나", "린", "소", "도", "예", "주", "경", "람", "별", "솔", "온", "결", "율", "담", "채", "이", "빈", "규",
];
const IDOL_HEADS = ["STAR", "NEO", "LUNA", "VIVI", "AURA", "NOVA", "ZE", "XO", "DAY", "EVER", "SOLAR", "MIRA", "AIR", "BLU", "RAY", "ONE", "LUMI", "KAI"];
const IDOL_TAILS = ["LIGHT", "X", "ZEN", "ON", "Y", "IA", "NINE", "GLOW", "WAVE", "S", "FIVE", "ROSE", "RING", "TEN", "VE", "NOTE"];
const JA_FIRST = ["Haruka", "Yui", "Sora", "Ren", "Aoi", "Hikari", "Takumi", "Kaito", "Mio", "Riku", "Nanami", "Yuto", "Akari", "Sho"];
const JA_LAST = ["Mizuno", "Sakamoto", "Aoyama", "Hoshino", "Kuroda", "Fujii", "Nakamura", "Tachibana", "Kisaragi", "Morita", "Shiina"];
const JA_WORDS = ["Sakura", "Hanabi", "Natsuzora", "Yoake", "Kimi", "Hoshizora", "Tsuki", "Kaze", "Ashita", "Yume", "Aozora", "Niji"];
const CITIES = ["Vienna", "Prague", "Seoul", "Berlin", "Leipzig", "Busan", "Salzburg", "Budapest", "Lyon", "Krakow"];
const ENSEMBLES = ["Chamber Orchestra", "String Quartet", "Philharmonic", "Piano Trio", "Symphony Orchestra", "Baroque Ensemble"];

// ---- genre-specific title words -------------------------------------------------------------------------
const CLASSICAL_FORMS = ["Symphony", "Piano Sonata", "String Quartet", "Violin Concerto", "Piano Concerto", "Nocturne", "Prelude", "Etude", "Cello Suite", "Serenade"];
const CLASSICAL_KEYS = ["C Major", "D minor", "E-flat Major", "G minor", "A Major", "F minor", "B-flat Major", "C-sharp minor", "E minor", "D Major"];
const CLASSICAL_TEMPI = ["Allegro", "Adagio", "Andante", "Presto", "Largo", "Allegro ma non troppo", "Andante cantabile", "Moderato", "Scherzo. Vivace", "Rondo. Allegretto"];
const ROMAN = ["I", "II", "III", "IV"];
const KIDS_ANIMALS = ["곰", "토끼", "강아지", "고양이", "오리", "코끼리", "펭귄", "다람쥐", "아기 상어", "병아리", "거북이", "고래"];
const KIDS_PATTERNS = ["{a}야 놀자", "꼬마 {a}", "{a}의 생일", "숲속의 {a}", "{a} 가족", "잘 자요 {a}", "{a}랑 산책", "{a}와 숫자놀이"];
const CCM_WORDS = ["은혜", "평안", "소망", "찬양", "사랑", "빛", "기도", "감사", "주의 길", "새 노래"];
const CCM_PATTERNS = ["주님의 {w}", "{w}의 노래", "나의 {w}", "{w} 안에서", "오직 {w}", "{w}로 나아가", "매일 {w}"];
const GUGAK_PLACES = ["정선", "진도", "밀양", "강원", "남도", "경기", "제주", "한강"];
const GUGAK_PATTERNS = ["{p} 아리랑", "{p} 산조", "{p} 타령", "{p} 뱃노래", "{p}의 달", "가야금으로 듣는 {n}", "해금 {n}"];
const TROT_WORDS = ["인생", "당신", "고향", "사랑", "청춘", "항구", "소주 한 잔", "막걸리", "님", "동백", "첫사랑", "노란 셔츠"];
const TROT_PATTERNS = ["{w} 블루스", "{w}이 최고야", "{place} 연가", "{w}아 울지 마라", "내 {w}", "{w} 찾아 삼만리", "{w}은 나그네"];
const TROT_PLACES = ["부산", "목포", "대전", "여수", "안동", "춘천", "제주", "마산"];
const THERAPY_SOUNDS = ["빗소리", "모닥불", "파도 소리", "숲속 새소리", "바람 소리", "시냇물", "카페 소음", "눈 오는 밤", "기차 소리"];
const THERAPY_PATTERNS = ["{s} ASMR", "깊은 잠을 위한 {s}", "{s} 8시간", "집중력 향상 {s}", "{s}와 피아노", "힐링 {s} ASMR", "{s}"];
const HIPHOP_WORDS = ["Flex", "Hustle", "Dreamer", "Run It", "Gravity", "Mood", "Ride", "Boss", "Wave", "Lights Out", "Bounce", "No Cap"];

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");
}

/** A Korean song title: 너의 모든 순간 / 밤편지-like compounds / phrases, as original combinations. */
export function koreanTitle(random: Random): string {
  const r = random.next();
  if (r < 0.2) return `${random.pick(KO_OWNERS)} ${random.pick(KO_MODIFIERS)} ${random.pick(KO_NOUNS)}`;
  if (r < 0.35) return `${random.pick(KO_FIRST)}${random.pick(KO_SECOND)}`;
  if (r < 0.5) return `${random.pick(KO_MODIFIERS)} ${random.pick(KO_NOUNS)}`;
  if (r < 0.62) return random.pick(KO_PHRASES);
  if (r < 0.72) return `${random.pick(KO_NOUNS)}${random.pick(KO_PARTICLES)}`;
  if (r < 0.8) return `${random.pick(KO_NOUNS)}, ${random.pick(KO_PHRASES)}`;
  if (r < 0.88) return `${random.pick(KO_TIMES)}`;
  if (r < 0.94) return `${random.pick(KO_NOUNS)}의 ${random.pick(KO_NOUNS)}`;
  return `${random.pick(KO_TIMES)}, ${random.pick(KO_PHRASES)}`;
}

/** An English song title. */
export function englishTitle(random: Random): string {
  const r = random.next();
  if (r < 0.3) return `${random.pick(EN_ADJ)} ${random.pick(EN_NOUN)}`;
  if (r < 0.45) return `${random.pick(EN_VERB)} ${random.pick(EN_OBJECT)}`;
  if (r < 0.6) return random.pick(EN_LINES);
  if (r < 0.72) return random.pick(EN_NOUN);
  if (r < 0.82) return `${random.pick(EN_NOUN)} of ${random.pick(EN_NOUN)}`;
  if (r < 0.9) return `In the ${random.pick(EN_NOUN)}`;
  return `${random.pick(EN_NOUN)} (${random.pick(EN_ADJ)})`;
}

function japaneseTitle(random: Random): string {
  const r = random.next();
  if (r < 0.4) return random.pick(JA_WORDS);
  if (r < 0.7) return `${random.pick(JA_WORDS)} no ${random.pick(JA_WORDS)}`;
  return englishTitle(random);
}

function classicalTitle(random: Random): string {
  const form = random.pick(CLASSICAL_FORMS);
  const number = 1 + random.int(24);
  const opus = 1 + random.int(120);
  return `${form} No. ${number} in ${random.pick(CLASSICAL_KEYS)}, Op. ${opus}: ${random.pick(ROMAN)}. ${random.pick(CLASSICAL_TEMPI)}`;
}

/**
 * A title in a genre's style. `koreanShare` is the chance that a domestic artist's title is Korean
 * (the rest are English, as on Melon where many K-pop titles are English).
 */
export function songTitle(random: Random, style: TitleStyle, koreanShare = 0.7): string {
  switch (style) {
    case "korean":
      return random.chance(koreanShare) ? koreanTitle(random) : random.chance(0.15) ? random.pick(HIPHOP_WORDS) : englishTitle(random);
    case "english":
      return englishTitle(random);
    case "japanese":
      return japaneseTitle(random);
    case "classical":
      return classicalTitle(random);
    case "kids":
      return fill(random.pick(KIDS_PATTERNS), { a: random.pick(KIDS_ANIMALS) });
    case "ccm":
      return fill(random.pick(CCM_PATTERNS), { w: random.pick(CCM_WORDS) });
    case "gugak":
      return fill(random.pick(GUGAK_PATTERNS), { p: random.pick(GUGAK_PLACES), n: random.pick(KO_NOUNS) });
    case "trot":
      return fill(random.pick(TROT_PATTERNS), { w: random.pick(TROT_WORDS), place: random.pick(TROT_PLACES) });
    case "therapy":
      return fill(random.pick(THERAPY_PATTERNS), { s: random.pick(THERAPY_SOUNDS) });
  }
}

export type ArtistKind = "solo" | "band" | "idol" | "producer" | "ensemble";

/** An artist name fitting the genre's language and the artist kind. */
export function artistName(random: Random, style: TitleStyle, kind: ArtistKind): string {
  if (style === "classical") {
    return kind === "ensemble" ? `${random.pick(CITIES)} ${random.pick(ENSEMBLES)}` : `${random.pick(EN_FIRST)} ${random.pick(EN_LAST)}`;
  }
  if (style === "japanese") {
    return kind === "band" ? `${random.pick(JA_WORDS)} ${random.pick(["Drive", "Factory", "Parade", "no Uta"])}` : `${random.pick(JA_FIRST)} ${random.pick(JA_LAST)}`;
  }
  if (style === "english") {
    switch (kind) {
      case "band":
        return `The ${random.pick(EN_ADJ)} ${random.pick(EN_NOUN)}s`;
      case "producer":
        return random.chance(0.4) ? `DJ ${random.pick(EN_NOUN)}` : `${random.pick(EN_ADJ)}${random.pick(EN_NOUN)}`.replace(/ /g, "");
      default:
        return `${random.pick(EN_FIRST)} ${random.pick(EN_LAST)}`;
    }
  }
  switch (kind) {
    case "idol":
      return random.chance(0.8) ? `${random.pick(IDOL_HEADS)}${random.pick(IDOL_TAILS)}` : `${random.pick(KO_FIRST)}${random.pick(["소녀", "소년단", "클럽", "시대"])}`;
    case "band":
      return random.chance(0.6) ? `${random.pick(KO_FIRST)}${random.pick(KO_SECOND)}` : `${random.pick(KO_MODIFIERS)} ${random.pick(KO_NOUNS)}`;
    case "producer":
      return `${random.pick(EN_ADJ)} ${random.pick(["Moon", "Lab", "Soul", "Beats", "Tape"])}`;
    case "ensemble":
      return `${random.pick(KO_NOUNS)} ${random.pick(["합창단", "앙상블", "국악단", "중창단"])}`;
    default:
      return random.chance(0.75)
        ? `${random.pick(KO_SURNAMES)}${random.pick(KO_SYLLABLES)}${random.pick(KO_SYLLABLES)}`
        : `${random.pick(KO_SYLLABLES)}${random.pick(KO_SYLLABLES)}`;
  }
}

const ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th"];

/** Album names: singles are named after their title track; EPs and LPs get Melon-like album titles. */
export function albumName(random: Random, kind: "single" | "ep" | "lp", titleTrack: string, index: number, domestic: boolean): string {
  if (kind === "single") return random.chance(0.8) ? titleTrack : `${titleTrack} (Digital Single)`;
  const ordinal = ORDINALS[Math.min(index, ORDINALS.length - 1)]!;
  if (kind === "ep") {
    return random.chance(0.5) ? `The ${ordinal} Mini Album '${titleTrack}'` : `${random.pick(EN_ADJ)} ${random.pick(EN_NOUN)}`;
  }
  if (domestic && random.chance(0.5)) return `${index + 1}집 ${titleTrack}`;
  return random.chance(0.5) ? `${random.pick(EN_NOUN)} of ${random.pick(EN_NOUN)}` : titleTrack;
}

/** A drama or film title for OST albums, e.g. "푸른 바다의 약속 OST Part.3". */
export function ostAlbumName(random: Random): string {
  const show = random.chance(0.7) ? `${random.pick(KO_MODIFIERS)} ${random.pick(KO_NOUNS)}` : `${random.pick(KO_OWNERS)} ${random.pick(KO_NOUNS)}`;
  return `${show} OST Part.${1 + random.int(12)}`;
}

/** Compilation album names (credited to Various Artists). */
export function compilationName(random: Random, year: number): string {
  const patterns = [
    `${year} ${random.pick(["봄", "여름", "가을", "겨울"])} 발라드 모음`,
    `${random.pick(["Love", "Drive", "Cafe", "Chill", "Party"])} Hits ${year}`,
    `${random.pick(KO_MODIFIERS)} ${random.pick(KO_NOUNS)} 컴필레이션`,
    `The Best ${random.pick(["K-Pop", "Ballad", "Pop", "OST"])} Collection Vol.${1 + random.int(9)}`,
  ];
  return random.pick(patterns);
}
