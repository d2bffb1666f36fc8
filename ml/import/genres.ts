// Free-text genre tags → Melon's major genre codes (song_gn_gnr_basket), so that an imported library speaks the
// dataset's genre language: "Rock", "Alternative Rock" and "Metal" are GN0600, "Hip-Hop" and "Rap" GN0300 …
// Tags that correspond to no Melon genre get new major codes, GN3000 upwards, named by the tag itself.
//
// A tag is matched as a whole first (after lower-casing and removing punctuation), then by the words it
// contains, most specific first ("trip hop" is electronic before "hip hop" can claim it). The names written
// to genre_gn_all.json are English renderings of Melon's Korean names: an imported library is usually not
// Korean, and the site shows these names.
import { GENRE_TABLE } from "../sample/genres.ts";

/** The Melon major genres an import can map onto, with English names. */
export const MELON_MAJOR_GENRES: Readonly<Record<string, string>> = {
  GN0100: "Ballad",
  GN0200: "Dance",
  GN0300: "Rap/Hip-hop",
  GN0400: "R&B/Soul",
  GN0500: "Indie",
  GN0600: "Rock/Metal",
  GN0700: "Trot",
  GN0800: "Folk/Blues",
  GN0900: "Pop",
  GN1000: "Rock/Metal",
  GN1100: "Electronica",
  GN1200: "Rap/Hip-hop",
  GN1300: "R&B/Soul",
  GN1400: "Folk/Blues/Country",
  GN1500: "Soundtrack",
  GN1600: "Classical",
  GN1700: "Jazz",
  GN1800: "New Age",
  GN1900: "J-Pop",
  GN2000: "World Music",
  GN2100: "CCM",
  GN2200: "Children",
  GN2300: "Religious",
  GN2400: "Gugak",
  GN2500: "Idol",
  GN2600: "Electronica",
  GN2700: "EDM",
  GN2800: "Music Therapy",
  GN2900: "Musical",
};

/**
 * Whole-tag matches (normalised: lower case, letters and digits separated by single spaces). Melon's own Korean
 * names (a Korean library tagged from Melon) are added below from the dataset's genre table.
 */
const EXACT: Record<string, string> = {
  "ballad": "GN0100", "ballads": "GN0100",
  "dance": "GN0200", "disco": "GN0200", "eurodance": "GN0200", "dance pop": "GN0200", "k pop": "GN0200", "kpop": "GN0200",
  "hip hop": "GN0300", "hiphop": "GN0300", "rap": "GN0300", "gangsta": "GN0300", "gangsta rap": "GN0300", "trap": "GN0300",
  "r b": "GN0400", "rnb": "GN0400", "rhythm and blues": "GN0400", "soul": "GN0400", "funk": "GN0400", "neo soul": "GN0400",
  "contemporary r b": "GN0400", "motown": "GN0400",
  "indie": "GN0500", "lo fi": "GN0500", "lofi": "GN0500",
  "trot": "GN0700",
  "pop": "GN0900", "top 40": "GN0900", "synthpop": "GN0900", "synth pop": "GN0900", "oldies": "GN0900",
  "chanson": "GN2000", "easy listening": "GN0900", "adult contemporary": "GN0900",
  "electronic": "GN1100", "electronica": "GN1100", "electro": "GN1100", "techno": "GN1100", "house": "GN1100", "trance": "GN1100",
  "ambient": "GN1100", "idm": "GN1100", "chiptune": "GN1100", "chip music": "GN1100", "8bit": "GN1100", "8 bit": "GN1100", "tracker": "GN1100",
  "downtempo": "GN1100", "trip hop": "GN1100", "triphop": "GN1100", "industrial": "GN1100", "breakbeat": "GN1100", "jungle": "GN1100",
  "drum and bass": "GN1100", "drum n bass": "GN1100", "dnb": "GN1100", "darkwave": "GN1100", "synthwave": "GN1100",
  "edm": "GN2700", "dubstep": "GN2700", "electro house": "GN2700", "big room": "GN2700", "future bass": "GN2700",
  "folk": "GN1400", "blues": "GN1400", "country": "GN1400", "bluegrass": "GN1400", "americana": "GN1400", "singer songwriter": "GN1400",
  "soundtrack": "GN1500", "score": "GN1500", "film score": "GN1500", "ost": "GN1500", "game": "GN1500", "video game": "GN1500",
  "video game music": "GN1500", "game music": "GN1500", "vgm": "GN1500", "anime": "GN1500", "musical": "GN1500", "showtunes": "GN1500",
  "show tunes": "GN1500", "cinematic": "GN1500", "trailer": "GN1500",
  "classical": "GN1600", "baroque": "GN1600", "opera": "GN1600", "orchestral": "GN1600", "symphony": "GN1600",
  "chamber music": "GN1600", "contemporary classical": "GN1600", "choral": "GN1600",
  "jazz": "GN1700", "bebop": "GN1700", "swing": "GN1700", "big band": "GN1700", "bossa nova": "GN2000", "fusion": "GN1700",
  "new age": "GN1800", "meditative": "GN1800", "meditation": "GN1800", "relaxation": "GN1800",
  "j pop": "GN1900", "jpop": "GN1900", "j rock": "GN1900", "city pop": "GN1900",
  "world": "GN2000", "world music": "GN2000", "latin": "GN2000", "reggae": "GN2000", "ska": "GN2000", "ethnic": "GN2000",
  "celtic": "GN2000", "flamenco": "GN2000", "salsa": "GN2000", "afrobeat": "GN2000", "tango": "GN2000", "polka": "GN2000",
  "ccm": "GN2100", "christian": "GN2100", "christian rock": "GN2100", "christian rap": "GN2100", "worship": "GN2100",
  "children": "GN2200", "children s": "GN2200", "childrens": "GN2200", "kids": "GN2200", "lullaby": "GN2200",
  "gospel": "GN2300", "religious": "GN2300", "spiritual": "GN2300", "hymn": "GN2300", "hymns": "GN2300",
  "gugak": "GN2400",
  "idol": "GN2500",
};

// Melon's Korean major genre names map onto their codes; a name Melon uses twice (domestic and foreign
// "록/메탈") maps onto the first, as "Rock" does.
for (const [code, name] of GENRE_TABLE) {
  const key = normaliseGenreTag(name);
  if (code.endsWith("00") && !(key in EXACT)) EXACT[key] = code;
}
EXACT["트로트"] = "GN0700";

/** Words that decide the genre of a longer tag, tried in this order. */
const KEYWORDS: readonly (readonly [RegExp, string])[] = [
  [/\btrip ?hop\b/, "GN1100"],
  [/\bhip ?hop\b|\brap\b/, "GN0300"],
  [/\bdubstep\b|\bedm\b/, "GN2700"],
  [/\belectr|\btechno\b|\bhouse\b|\btrance\b|\bambient\b|\bsynth|\bchip/, "GN1100"],
  [/\bmetal\b|\brock\b|\bpunk\b|\bgrunge\b|\bemo\b|\bhardcore\b|\bshoegaze\b|\bpsychedelic\b|\bnew wave\b|\bgoth/, "GN0600"],
  [/\br ?n ?b\b|\bsoul\b|\bfunk/, "GN0400"],
  [/\bjazz\b/, "GN1700"],
  [/\bsoundtrack\b|\bscore\b|\bgame\b|\bvideo ?game\b|\bost\b|\bfilm\b|\bmovie\b|\banime\b/, "GN1500"],
  [/\bclassical\b|\bbaroque\b|\bopera\b|\bsymphon|\borchestr|\bconcerto\b|\bsonata\b|\bchamber\b/, "GN1600"],
  [/\bfolk\b|\bblues\b|\bcountry\b|\bacoustic\b/, "GN1400"],
  [/\bindie\b/, "GN0500"],
  [/\bdance\b|\bdisco\b/, "GN0200"],
  [/\bpop\b/, "GN0900"],
  [/\bnew ?age\b/, "GN1800"],
  [/\bworld\b|\blatin\b|\breggae\b/, "GN2000"],
  [/\bchristian\b|\bworship\b|\bgospel\b/, "GN2100"],
];

/** Lower case, "&"→" ", every run of non letters/digits one space: "R&B" → "r b", "Hip-Hop" → "hip hop". */
export function normaliseGenreTag(tag: string): string {
  return tag.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** Melon major code for a free-text genre, or null when none corresponds. */
export function melonGenreOf(tag: string): string | null {
  const key = normaliseGenreTag(tag);
  if (!key) return null;
  const exact = EXACT[key] ?? EXACT[key.replace(/ /g, "")];
  if (exact) return exact;
  for (const [pattern, code] of KEYWORDS) if (pattern.test(key)) return code;
  return null;
}

/** The genres of one song's tags: each value split at ";" (and "," and " / " between words), blanks dropped. */
export function splitGenreTags(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/\s*[;,]\s*|\s+\/\s+/)).map((g) => g.trim()).filter(Boolean);
}

/** Where new codes start: Melon uses GN0100–GN2900 for major genres. */
const FIRST_NEW_MAJOR = 30;
const LAST_NEW_MAJOR = 99;

export interface GenreTable {
  /** genre_gn_all.json: code → name, ascending code. */
  names: [string, string][];
  /** Major codes of a song's genre tags, in tag order without repeats. */
  codesOf(tags: readonly string[]): string[];
  /** Unmapped tags that shared the last new code because there were more than it has room for. */
  overflow: number;
}

/**
 * Builds the genre table of a library from every song's genre tags. Unmapped tags get codes GN3000… in order
 * of how many songs carry them (ties by name), so the same library always gets the same codes; when there are
 * more than 70, the rarest share GN9900 "Other".
 */
export function buildGenreTable(songTags: readonly (readonly string[])[]): GenreTable {
  const unmapped = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const tags of songTags) {
    const seen = new Set<string>();
    for (const tag of splitGenreTags(tags)) {
      if (melonGenreOf(tag)) continue;
      const key = normaliseGenreTag(tag);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const entry = unmapped.get(key) ?? { count: 0, spellings: new Map<string, number>() };
      entry.count++;
      entry.spellings.set(tag, (entry.spellings.get(tag) ?? 0) + 1);
      unmapped.set(key, entry);
    }
  }
  const ranked = [...unmapped.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const slots = LAST_NEW_MAJOR - FIRST_NEW_MAJOR + 1;
  const newCode = new Map<string, string>();
  const newNames = new Map<string, string>();
  ranked.forEach(([key, entry], i) => {
    const overflowing = ranked.length > slots && i >= slots - 1;
    const code = `GN${String(overflowing ? LAST_NEW_MAJOR : FIRST_NEW_MAJOR + i).padStart(2, "0")}00`;
    newCode.set(key, code);
    if (overflowing) {
      newNames.set(code, "Other");
    } else {
      // The most used spelling names the genre ("Chiptune" rather than "chiptune"); ties by code unit order.
      const spelling = [...entry.spellings.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
      newNames.set(code, spelling);
    }
  });

  const codesOf = (tags: readonly string[]): string[] => {
    const codes: string[] = [];
    for (const tag of splitGenreTags(tags)) {
      const code = melonGenreOf(tag) ?? newCode.get(normaliseGenreTag(tag));
      if (code && !codes.includes(code)) codes.push(code);
    }
    return codes;
  };
  const used = new Set<string>();
  for (const tags of songTags) for (const code of codesOf(tags)) used.add(code);
  const names: [string, string][] = [...used].sort().map((code) => [code, MELON_MAJOR_GENRES[code] ?? newNames.get(code)!]);
  return { names, codesOf, overflow: ranked.length > slots ? ranked.length - (slots - 1) : 0 };
}
