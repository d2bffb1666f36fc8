// Turning what a listener typed into safe search terms. Pure: lib/catalogue.ts runs the SQL.
//
// The catalogue indexes title, artists and album twice (db/schema.sql): an FTS5 trigram table, which finds any
// substring of 3+ characters through the index, and `song_search_text`, lower-cased text for a LIKE scan, which
// is how 2-character words (most Korean names: "사랑", "아이유" is 3) are found. A query is split into words; every
// word must occur somewhere in the song's title, artists or album. Nothing typed is ever spliced into SQL: FTS
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
  /** LIKE patterns (with ESCAPE '\') for the words too short for the trigram index. */
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

/** How queries are compared with the stored search text (which the writer lower-cases). */
export function normaliseQuery(raw: string): string {
  const text = raw.normalize("NFC").toLowerCase().replace(/\s+/gu, " ").trim();
  return Array.from(text).slice(0, MAX_QUERY_LENGTH).join("").trim();
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
 * The plan for one query, or null when it is too short to search (fewer than MIN_QUERY_LENGTH characters
 * after normalisation).
 */
export function planSearch(raw: string): SearchPlan | null {
  const text = normaliseQuery(raw);
  if (characterCount(text) < MIN_QUERY_LENGTH) return null;
  const words = [...new Set(text.split(" "))];
  const long = words.filter((w) => characterCount(w) >= TRIGRAM_LENGTH);
  const short = words.filter((w) => characterCount(w) < TRIGRAM_LENGTH);
  return {
    text,
    // Space-separated strings are ANDed by FTS5.
    ftsMatch: long.length > 0 ? long.map(ftsString).join(" ") : null,
    shortWordPatterns: short.map((w) => `%${escapeLike(w)}%`),
    prefixPattern: `${escapeLike(text)}%`,
  };
}
