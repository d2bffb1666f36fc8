// What the specs need to know about the catalogue under test, read with lib/ (the same code the site uses),
// so the specs hold for any catalogue built from the sample rather than for hard-coded songs.
import { execFileSync } from "node:child_process";
import { catalogueFile } from "../lib/catalogue/location.ts";
import { withCatalogue as withFile, type Catalogue, type Song } from "../lib/catalogue/reader.ts";
import { NEUTRAL_DISCOVERY, documentAtDiscovery } from "../lib/discovery.ts";
import type { SongDocument } from "../lib/types.ts";

/** The catalogue under test: scripts/e2e.mjs points MUGLE_DB at the one it builds. */
export const DATABASE = catalogueFile();
export const ARTIFACTS = "e2e/artifacts";

const HANGUL = /[\uac00-\ud7a3]{2}/u;
const LATIN = /[A-Za-z]{4,}/u;

function withCatalogue<T>(read: (catalogue: Catalogue) => T): T {
  return withFile(DATABASE, read);
}

export interface SearchTarget {
  song: Song;
  /** A substring of the title that the suggestions list this song for. */
  query: string;
}

/**
 * A popular song whose title has a run of characters matching `pattern`, with a query taken from that run
 * that the search ranks within its first eight suggestions (what the home page's list shows).
 */
function searchTarget(pattern: RegExp, length: number): SearchTarget {
  return withCatalogue((catalogue) => {
    for (const song of catalogue.popularSongs(500)) {
      const run = pattern.exec(song.name)?.[0];
      if (!run) continue;
      const query = run.slice(0, length);
      if (catalogue.search(query, 8).some((hit) => hit.id === song.id)) return { song, query };
    }
    throw new Error(`no song in ${DATABASE} has a title matching ${pattern}`);
  });
}

export const koreanTarget = () => searchTarget(HANGUL, 2);
export const englishTarget = () => searchTarget(LATIN, 4);

/**
 * A two-character query taken from popular titles that matches more than two pages of the search page, with the
 * ids of its first `songs` results as the catalogue ranks them.
 */
export function pagedQuery(pageSize: number): { query: string; ids: number[] } {
  return withCatalogue((catalogue) => {
    for (const song of catalogue.popularSongs(500)) {
      // Every two consecutive letters of the title (overlapping).
      for (const match of song.name.matchAll(/(?=(\p{L}{2}))/gu)) {
        const query = match[1]!;
        const ids = catalogue.searchSongs(query, 2 * pageSize + 1).map((s) => s.id);
        if (ids.length > 2 * pageSize) return { query, ids };
      }
    }
    throw new Error(`no two-character query matches more than ${2 * pageSize} songs in ${DATABASE}`);
  });
}

/** A song with all three embeddings (a mel) and one with Music2Vec only (none), when the catalogue has one. */
export function songsByAudio(): { withMel: Song; withoutMel: Song | null } {
  return withCatalogue((catalogue) => {
    const popular = catalogue.popularSongs(2000);
    const withMel = popular.find((s) => s.hasMel && catalogue.songDocument(s.id)!.neighbors.tcae.length >= 3);
    if (!withMel) throw new Error(`no song in ${DATABASE} has a mel`);
    return { withMel, withoutMel: popular.find((s) => !s.hasMel) ?? null };
  });
}

/**
 * How many of Music2Vec's songs the catalogue's build put first as predicted playlist-mates (its
 * music2vec.togetherSlots), and a popular song whose Music2Vec top 3 holds both kinds at some discovery setting
 * (from the stored ranking towards hidden gems: with 3 or more leading playlist-mates the stored top 3 holds
 * them only, and leaning towards less-known songs brings alike ones up), when one does.
 */
export function music2vecKinds(): { slots: number; song: Song | null; discovery: number } {
  return withCatalogue((catalogue) => {
    const config = catalogue.latestRun()?.config as { music2vec?: { togetherSlots?: number } } | undefined;
    const slots = config?.music2vec?.togetherSlots ?? 0;
    const popular = catalogue.popularSongs(500);
    for (let tenths = NEUTRAL_DISCOVERY * 10; tenths <= 10; tenths++) {
      const discovery = tenths / 10;
      const song = popular.find((s) => {
        const kinds = new Set(documentAtDiscovery(catalogue, s.id, discovery)!.neighbors.music2vec.slice(0, 3).map((n) => n.kind));
        return kinds.has("together") && kinds.has("alike");
      });
      if (song) return { slots, song, discovery };
    }
    return { slots, song: null, discovery: NEUTRAL_DISCOVERY };
  });
}

/** The song document as the lead's CLI prints it (`mugle recommend --json`). */
export function cliDocument(id: number): SongDocument {
  const out = execFileSync(process.execPath, ["bin/mugle.mjs", "recommend", "--db", DATABASE, "--song", String(id), "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out) as SongDocument;
}
