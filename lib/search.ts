// Turning what a listener typed into a search query, and songs into the text they are found by. Pure: the search
// itself runs in lib/searchIndex.ts, over every song's search text held in memory.
//
// A query is split into words; every word must occur somewhere in the song's title, artists or album, as any
// substring (so Korean names are found by any two syllables, "사랑" in "첫사랑"). Matching is literal: nothing
// typed is ever an operator or a wildcard, and nothing typed ever reaches SQL.

/** Shortest query the site answers: one Korean syllable or Latin letter matches too much to be useful. */
export const MIN_QUERY_LENGTH = 2;
/** Longest query considered (characters); the rest is ignored, so a pasted essay cannot make a slow scan. */
export const MAX_QUERY_LENGTH = 100;

/** Songs per page of the search page (/search?q=…&page=N): the rows it renders are most of its cost. */
export const SEARCH_PAGE_SIZE = 20;
/** Pages of results the search page offers; past them, a longer query finds better than paging does. */
export const SEARCH_PAGES = 10;

/**
 * The page the search page shows for its `page` parameter: a whole number from 1 to SEARCH_PAGES, else the first
 * page (a bookmark of a page past the results says so on that page).
 */
export function searchPageNumber(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || !/^[1-9]\d{0,2}$/.test(raw)) return 1;
  const page = Number(raw);
  return page <= SEARCH_PAGES ? page : 1;
}

/** Length in characters (code points), so a Korean syllable or an emoji counts as one. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The one normal form queries and stored song text share: NFC (so decomposed Hangul in the data or the query
 * still matches), lower case, whitespace and control characters collapsed to single spaces, trimmed. (A NUL or a
 * newline left in would end a word or a song's line in the search index, and SQLite ends strings at NUL.)
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

/**
 * The query to search for, in normal form (normaliseQuery), or null when it is too short to search (fewer than
 * MIN_QUERY_LENGTH characters after normalisation).
 */
export function searchQuery(raw: string): string | null {
  const text = normaliseQuery(raw);
  return characterCount(text) < MIN_QUERY_LENGTH ? null : text;
}
