// The site's search over every song's title, artists and album, held in memory: built once per catalogue file
// (lib/catalogue/reader.ts builds it on the first search of a connection; a rebuilt catalogue is a new
// connection and a new index) and answered without SQL. Pure: it is given the songs, it never reads.
//
// Why not SQLite's full-text search (FTS5 tables, which catalogues before schema 6 carried): on a Melon-size
// catalogue (282k songs) a two-character query such as "하늘" matches over ten thousand songs, and ranking every
// match in SQL (a temporary B-tree over the joined rows) took 20 ms at the median and up to 150 ms; this index
// answers the same queries in a few milliseconds.
//
// Layout: every song's search text (lib/search.ts searchText: NFC, lower case, single spaces), one per line, in
// one string, in ranking order (most playlists first, then lower id). A query's longest word is found with
// String.prototype.indexOf over that one string (native code, no per-song call), each occurrence is mapped to its
// song by binary search over the line starts, and the song's line is checked for the other words. About 2 bytes
// per character of search text (20 MB at Melon scale) plus 12 bytes per song.
//
// Ranking, as the SQL it replaces: the exact title first, then songs whose search text starts with the query
// (title prefixes), then those holding the whole query as one substring, then those holding every word somewhere;
// within a tier, the order of the index (most playlists first). Scanning in that order means each tier fills in
// rank order, and the scan stops as soon as the first tier alone holds `limit` songs.

import { normaliseText } from "./search.ts";

/** One song as the index is built from it, given in ranking order. */
export interface IndexedSong {
  id: number;
  /** The title as stored; its normal form decides the exact-title tier. */
  name: string;
  /** lib/search.ts searchText(name, artists, album): in normal form. */
  searchText: string;
}

/** Separates songs in the index text: normal-form text never holds one (whitespace is collapsed to spaces). */
const LINE_END = "\n";
const TIERS = 4;

export class SearchIndex {
  readonly #text: string;
  /** Where song i's line starts in #text; starts[size] is one past the last line's end. */
  readonly #starts: Int32Array;
  readonly #ids: Int32Array;
  /** Length of song i's title in normal form when its search text begins with it, else -1 (never an exact title). */
  readonly #titleLengths: Int32Array;

  private constructor(text: string, starts: Int32Array, ids: Int32Array, titleLengths: Int32Array) {
    this.#text = text;
    this.#starts = starts;
    this.#ids = ids;
    this.#titleLengths = titleLengths;
  }

  /** The index of `songs`, which must come in ranking order (the order results list them in within a tier). */
  static build(songs: Iterable<IndexedSong>): SearchIndex {
    const lines: string[] = [];
    const starts: number[] = [];
    const ids: number[] = [];
    const titleLengths: number[] = [];
    let position = 0;
    for (const song of songs) {
      // Stored text is in normal form (the writer makes it with searchText); a line break in it would split one
      // song into two lines, so text holding one is normalised again. Normalising every text would cost a
      // third of a second at Melon scale, on the request that builds the index.
      const text = song.searchText.includes(LINE_END) ? normaliseText(song.searchText) : song.searchText;
      const title = normaliseText(song.name);
      starts.push(position);
      ids.push(song.id);
      titleLengths.push(text.startsWith(title) && (text.length === title.length || text[title.length] === " ") ? title.length : -1);
      lines.push(text);
      position += text.length + LINE_END.length;
    }
    starts.push(position);
    return new SearchIndex(lines.join(LINE_END) + LINE_END, Int32Array.from(starts), Int32Array.from(ids), Int32Array.from(titleLengths));
  }

  /** How many songs the index holds. */
  get size(): number {
    return this.#ids.length;
  }

  /**
   * The ids of the best `limit` songs whose search text holds every word of `query`, best first. `query` must be
   * in normal form (lib/search.ts normaliseQuery); words are what single spaces separate.
   */
  find(query: string, limit: number): number[] {
    if (limit <= 0 || query === "") return [];
    // The longest word drives the scan: it occurs least often, so the fewest lines are checked.
    const words = [...new Set(query.split(" "))].filter((w) => w !== "").sort((a, b) => b.length - a.length);
    const [anchor, ...others] = words;
    if (anchor === undefined) return [];
    const tiers: number[][] = Array.from({ length: TIERS }, () => []);
    const text = this.#text;
    let at = text.indexOf(anchor);
    while (at >= 0) {
      const song = this.#songAt(at);
      const start = this.#starts[song]!;
      const end = this.#starts[song + 1]! - LINE_END.length;
      const line = text.slice(start, end);
      if (others.every((word) => line.includes(word))) {
        const tier = this.#tier(song, line, query);
        // A tier keeps at most `limit` songs: the first ones met are its best.
        if (tiers[tier]!.length < limit) tiers[tier]!.push(this.#ids[song]!);
        if (tiers[0]!.length >= limit) break;
      }
      at = text.indexOf(anchor, end + LINE_END.length);
    }
    return tiers.flat().slice(0, limit);
  }

  /** 0 exact title, 1 starts with the query, 2 holds the whole query, 3 holds every word somewhere. */
  #tier(song: number, line: string, query: string): number {
    if (line.startsWith(query)) return this.#titleLengths[song] === query.length ? 0 : 1;
    return line.includes(query) ? 2 : 3;
  }

  /** The song whose line holds position `at` of the index text. */
  #songAt(at: number): number {
    const starts = this.#starts;
    let low = 0;
    let high = this.#ids.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
