// Turning what a listener typed into safe search terms, and songs into the text they are found by. Pure:
// lib/catalogue/reader.ts runs the SQL.
//
// The catalogue indexes title, artists and album three ways (lib/catalogue/schema.sql): an FTS5 trigram table,
// which finds any substring of 3+ characters through the index; an FTS5 table of each song's character pairs
// (pairTokens), which finds 2-character words (most Korean names: "사랑"; "아이유" is 3) through an index too;
// and `song_search_text`, normal-form text for the ranking and for 1-character words of a longer query, which
// only a LIKE scan finds. A query is split into words; every word must occur somewhere in the song's title,
// artists or album. Nothing typed is ever spliced into SQL: FTS
// words are quoted as FTS5 strings (so AND, NEAR(, *, ^ and quotes are plain text) and LIKE patterns escape
// %, _ and the escape character, all passed as bound parameters.

/** Shortest query the site answers: one Korean syllable or Latin letter matches too much to be useful. */
export const MIN_QUERY_LENGTH = 2;
/** FTS5's trigram tokenizer needs at least three characters to use its index. */
export const TRIGRAM_LENGTH = 3;
/** Longest query considered (characters); the rest is ignored, so a pasted essay cannot make a slow scan. */
export const MAX_QUERY_LENGTH = 100;
/** The escape character of every LIKE pattern built here (`LIKE ? ESCAPE '\'`). */
export const LIKE_ESCAPE = "\\";

export interface SearchPlan {
  /** The normalised query: NFC, lower-case, single spaces, trimmed, at most MAX_QUERY_LENGTH characters. */
  text: string;
  /** FTS5 MATCH expression over the words of 3+ characters, or null when there are none. */
  ftsMatch: string | null;
  /** FTS5 MATCH expression over the 2-character words' pair tokens, or null when there are none. */
  pairMatch: string | null;
  /** LIKE patterns (with ESCAPE '\') for the 1-character words, which no index covers. */
  shortWordPatterns: string[];
  /** LIKE pattern matching search text that starts with the whole query (title-prefix ranking). */
  prefixPattern: string;
}

/** Length in characters (code points), so a Korean syllable or an emoji counts as one. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The one normal form queries and stored song text share: NFC (so decomposed Hangul in the data or the query
 * still matches), lower case, whitespace and control characters collapsed to single spaces, trimmed. (SQLite
 * ends a string at NUL in places: left in, it breaks the FTS5 and LIKE patterns built from the query.)
 */
export function normaliseText(raw: string): string {
  return raw.normalize("NFC").toLowerCase().replace(/[\s\u0000-\u001f\u007f]+/gu, " ").trim();
}

/** A query in normal form, at most MAX_QUERY_LENGTH characters. */
export function normaliseQuery(raw: string): string {
  return Array.from(normaliseText(raw)).slice(0, MAX_QUERY_LENGTH).join("").trim();
}

/** What the catalogue stores to find a song by (song_search_text): its title, artists and album in normal form. */
export function searchText(name: string, artists: readonly string[], album: string): string {
  return normaliseText(`${name} ${artists.join(", ")} ${album}`);
}

/** An FTS5 string literal: the whole word is matched as text, whatever operators or quotes it contains. */
export function ftsString(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

/** `word` as literal text inside a LIKE pattern with ESCAPE '\'. */
export function escapeLike(word: string): string {
  return word.replace(/[\\%_]/gu, (c) => `${LIKE_ESCAPE}${c}`);
}

/**
 * The index token of two consecutive characters: "p", their code points in hex, "x" between. Plain letters and
 * digits, so FTS5's unicode61 tokenizer keeps it whole whatever the characters are (punctuation included).
 */
export function pairToken(pair: string): string {
  const [a, b] = Array.from(pair);
  return `p${a!.codePointAt(0)!.toString(16)}x${b!.codePointAt(0)!.toString(16)}`;
}

/**
 * The distinct pair tokens of a song's search text (lower-cased, NFC): every two consecutive characters
 * within a word. A 2-character query word occurs in the text exactly when its token is among these (query
 * words hold no spaces, so pairs across a space are never asked for).
 */
export function pairTokens(searchText: string): string[] {
  const tokens = new Set<string>();
  for (const word of searchText.split(/\s+/u)) {
    const chars = Array.from(word);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(pairToken(chars[i]! + chars[i + 1]!));
  }
  return [...tokens];
}

/**
 * The plan for one query, or null when it is too short to search (fewer than MIN_QUERY_LENGTH characters
 * after normalisation).
 */
export function planSearch(raw: string): SearchPlan | null {
  const text = normaliseQuery(raw);
  if (characterCount(text) < MIN_QUERY_LENGTH) return null;
  const words = [...new Set(text.split(" "))];
  const long = words.filter((w) => characterCount(w) >= TRIGRAM_LENGTH);
  const pairs = words.filter((w) => characterCount(w) === 2);
  const single = words.filter((w) => characterCount(w) === 1);
  return {
    text,
    // Space-separated strings are ANDed by FTS5.
    ftsMatch: long.length > 0 ? long.map(ftsString).join(" ") : null,
    pairMatch: pairs.length > 0 ? pairs.map(pairToken).join(" ") : null,
    shortWordPatterns: single.map((w) => `%${escapeLike(w)}%`),
    prefixPattern: `${escapeLike(text)}%`,
  };
}
