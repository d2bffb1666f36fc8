// The size guard of `mugle build`: a build whose catalogue would be empty, nearly empty, or far smaller than the
// catalogue it replaces stops with one clear line instead of replacing a working site with a useless one (an
// empty train.json, a single playlist, a wrong --max-playlists). `--allow-shrink` writes it anyway, except an
// empty one. Checked twice: after preprocessing (an upper bound, before any training) and before writing.
// The minimum size is for Melon-format data, where a few songs mean the wrong input; an imported music library
// is as small as its owner's collection, so its catalogue only has to be non-empty (and, when it replaces one,
// not under half of it).
import { basename } from "node:path";
import { openCatalogue } from "../../lib/catalogue/reader.ts";
import { DataError } from "../core/errors.ts";
import type { BuildProfile } from "./profile.ts";

/** Fewer songs than this cannot fill even one song's top 10 (a song is never its own neighbour). */
export const MIN_CATALOGUE_SONGS = 11;

/** The smallest catalogue a profile writes without --allow-shrink. */
export function minimumSongs(profile: BuildProfile): number {
  return profile === "library" ? 1 : MIN_CATALOGUE_SONGS;
}
/** A new catalogue under this share of the songs of the one it replaces is refused without --allow-shrink. */
export const MIN_SHARE_OF_REPLACED = 0.5;

export interface SizeCheck {
  /** Songs the new catalogue would hold (or at most hold, before training). */
  songs: number;
  /** Songs of the catalogue it would replace, or null when there is none (or it cannot be read). */
  replacing: number | null;
  /** The catalogue file being replaced (for the message). */
  outFile: string;
  allowShrink: boolean;
  /** Fewer songs than this need --allow-shrink (minimumSongs; default MIN_CATALOGUE_SONGS). */
  minSongs?: number;
  /** Why the count is what it is, e.g. `train.json holds 1 playlist; preprocessing kept 0 of 300 songs`. */
  because: string;
}

/** Throws a DataError when the new catalogue is too small to replace anything with; pure. */
export function checkCatalogueSize(check: SizeCheck): void {
  const { songs, replacing, allowShrink, because } = check;
  const out = basename(check.outFile);
  const count = (n: number) => `${n.toLocaleString("en-US")} song${n === 1 ? "" : "s"}`;
  if (songs === 0) throw new DataError(out, null, `the new catalogue would be empty (${because}); nothing was written`);
  if (allowShrink) return;
  const minSongs = check.minSongs ?? MIN_CATALOGUE_SONGS;
  if (songs < minSongs) {
    throw new DataError(
      out, null,
      `the new catalogue would hold only ${count(songs)} (${because}), fewer than ${minSongs}; pass --allow-shrink to write it anyway`,
    );
  }
  if (replacing !== null && songs < replacing * MIN_SHARE_OF_REPLACED) {
    throw new DataError(
      out, null,
      `the new catalogue would hold ${count(songs)} (${because}), under half of the ${count(replacing)} of the catalogue it replaces; ` +
        "pass --allow-shrink to replace it anyway",
    );
  }
}

/** How many songs the catalogue at `file` holds, or null when there is none or it cannot be read. */
export function catalogueSongCount(file: string): number | null {
  try {
    const catalogue = openCatalogue(file);
    try {
      return catalogue.stats().songs;
    } finally {
      catalogue.close();
    }
  } catch {
    // Missing, unreadable, damaged or of another schema: there is nothing worth protecting from a smaller build.
    return null;
  }
}
