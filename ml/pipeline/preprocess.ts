// Preprocessing as OK Mugle did it: keep the songs playlists use, merge duplicate releases, drop compilations,
// non-music genres, instrumentals/MR/ASMR and rarely played songs. Each filter is a config option and reports
// how many songs it removed. Pure: the inputs are not modified.
//
// Songs are handled by their position in id order, with typed arrays for the per-song flags, so Melon scale
// (707,989 songs, 115,071 playlists of ~46 songs) takes a few seconds.
import { DataError, describeValue } from "../core/errors.ts";
import { GENRE_CODE } from "../data/fields.ts";
import type { Playlist, SongMeta } from "../data/melon.ts";
import { positionLookup } from "../data/songIndex.ts";

export interface PreprocessConfig {
  /** Keep only songs that appear in at least one playlist. */
  keepPlaylistSongsOnly: boolean;
  /** Same normalised title and same artist names -> keep the lowest id; playlists are rewritten to it. */
  mergeDuplicates: boolean;
  /** Drop songs whose artist_name_basket includes "Various Artists". */
  dropVariousArtists: boolean;
  /** Drop songs whose major genres (song_gn_gnr_basket) are ALL in this list. Songs with no genre are kept. */
  dropGenres: string[];
  /** Drop songs whose title contains any of these, case-insensitively. */
  dropTitlePatterns: string[];
  /** Keep songs that appear in at least this many playlists (counted after merging). */
  minPlaylists: number;
}

export const VARIOUS_ARTISTS = "Various Artists";

export interface PreprocessStep {
  /** The config option that made this step. */
  step: string;
  removed: number;
  remaining: number;
}

export interface PreprocessResult {
  /** Kept songs, ascending id. */
  songs: SongMeta[];
  /** Songs rewritten to kept ids (merged duplicates replaced, repeats removed), order kept; empty playlists dropped. */
  playlists: Playlist[];
  /** Only the steps whose option is on, in the order they ran. */
  steps: PreprocessStep[];
  /** Merged duplicate id -> the kept id it was merged into (only for kept targets). */
  mergedInto: Map<number, number>;
}

/** Title and artists compared for merging: Unicode-normalised (NFKC), lower case, whitespace collapsed. */
export function normaliseName(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Builds the merge key of a song: songs with equal keys are duplicates. Artist order does not matter.
 * Artist names repeat across many songs, so their normal forms are cached.
 */
export function duplicateKeyMaker(): (song: SongMeta) => string {
  const artistForm = new Map<string, string>();
  const normalArtist = (name: string) => {
    let form = artistForm.get(name);
    if (form === undefined) artistForm.set(name, (form = normaliseName(name)));
    return form;
  };
  return (song) => {
    const artists = song.artist_name_basket.length === 1
      ? normalArtist(song.artist_name_basket[0]!)
      : song.artist_name_basket.map(normalArtist).sort().join("\u0001");
    return `${normaliseName(song.song_name)}\u0000${artists}`;
  };
}

function sortedById(songs: readonly SongMeta[]): readonly SongMeta[] {
  for (let i = 1; i < songs.length; i++) {
    if (songs[i]!.id <= songs[i - 1]!.id) return [...songs].sort((a, b) => a.id - b.id);
  }
  return songs;
}

export function preprocess(songs: readonly SongMeta[], playlists: readonly Playlist[], config: PreprocessConfig): PreprocessResult {
  const order = sortedById(songs);
  const n = order.length;
  const idAt = Int32Array.from(order, (song) => song.id);
  const position = positionLookup(idAt);
  // Playlists as song positions; -1 for ids absent from `songs` (they can only be dropped).
  const lists = playlists.map((p) => {
    const list = new Int32Array(p.songs.length);
    for (let k = 0; k < list.length; k++) list[k] = position(p.songs[k]!);
    return list;
  });

  const alive = new Uint8Array(n).fill(1);
  /** Where each song's plays go: itself, or the duplicate it was merged into. */
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  const steps: PreprocessStep[] = [];
  let remaining = n;
  const dropWhere = (step: string, shouldDrop: (song: SongMeta, index: number) => boolean) => {
    let removed = 0;
    for (let i = 0; i < n; i++) {
      if (alive[i] && shouldDrop(order[i]!, i)) {
        alive[i] = 0;
        removed++;
      }
    }
    remaining -= removed;
    steps.push({ step, removed, remaining });
  };

  if (config.keepPlaylistSongsOnly) {
    const listed = new Uint8Array(n);
    for (const list of lists) for (let k = 0; k < list.length; k++) if (list[k]! >= 0) listed[list[k]!] = 1;
    dropWhere("keepPlaylistSongsOnly", (_, i) => !listed[i]);
  }

  if (config.mergeDuplicates) {
    // Ascending id order makes the first song seen with a key its lowest id, the one kept.
    const firstWithKey = new Map<string, number>();
    const duplicateKey = duplicateKeyMaker();
    dropWhere("mergeDuplicates", (song, i) => {
      const key = duplicateKey(song);
      const kept = firstWithKey.get(key);
      if (kept === undefined) {
        firstWithKey.set(key, i);
        return false;
      }
      target[i] = kept;
      return true;
    });
  }

  if (config.dropVariousArtists) {
    dropWhere("dropVariousArtists", (song) => song.artist_name_basket.includes(VARIOUS_ARTISTS));
  }

  if (config.dropGenres.length > 0) {
    const dropped = new Set(config.dropGenres);
    // A song without any genre is not known to be in a dropped category, so it stays.
    dropWhere("dropGenres", (song) => song.song_gn_gnr_basket.length > 0 && song.song_gn_gnr_basket.every((g) => dropped.has(g)));
  }

  if (config.dropTitlePatterns.length > 0) {
    const patterns = config.dropTitlePatterns.map((p) => p.toLowerCase());
    dropWhere("dropTitlePatterns", (song) => {
      const title = song.song_name.toLowerCase();
      return patterns.some((p) => title.includes(p));
    });
  }

  if (config.minPlaylists > 0) {
    // Playlists per kept song after merging: a song and its duplicate in one playlist count once.
    const count = new Int32Array(n);
    const lastList = new Int32Array(n).fill(-1);
    for (let p = 0; p < lists.length; p++) {
      const list = lists[p]!;
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        if (i < 0) continue;
        const t = target[i]!;
        if (alive[t] && lastList[t] !== p) {
          lastList[t] = p;
          count[t] = count[t]! + 1;
        }
      }
    }
    dropWhere("minPlaylists", (_, i) => count[i]! < config.minPlaylists);
  }

  const keptPlaylists: Playlist[] = [];
  const lastList = new Int32Array(n).fill(-1);
  for (let p = 0; p < lists.length; p++) {
    const list = lists[p]!;
    const kept: number[] = [];
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      if (i < 0) continue;
      const t = target[i]!;
      if (alive[t] && lastList[t] !== p) {
        lastList[t] = p;
        kept.push(idAt[t]!);
      }
    }
    if (kept.length > 0) keptPlaylists.push({ ...playlists[p]!, songs: kept });
  }

  const mergedInto = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const t = target[i]!;
    if (t !== i && alive[t]) mergedInto.set(idAt[i]!, idAt[t]!);
  }
  return { songs: order.filter((_, i) => alive[i]), playlists: keptPlaylists, steps, mergedInto };
}

/**
 * Applies a preprocessing result to playlists it did not see (the held-out ones): duplicates are rewritten
 * to the song they were merged into, songs the filters removed are dropped, repeats collapse, and playlists
 * left empty disappear. Held-out playlists are kept out of preprocessing so that they cannot decide which songs
 * enter the catalogue (minPlaylists counts training playlists only): no evaluation leak.
 */
export function applyPreprocess(playlists: readonly Playlist[], result: PreprocessResult): Playlist[] {
  const kept = new Set(result.songs.map((s) => s.id));
  const out: Playlist[] = [];
  for (const playlist of playlists) {
    const songs = new Set<number>();
    for (const id of playlist.songs) {
      const target = result.mergedInto.get(id) ?? id;
      if (kept.has(target)) songs.add(target);
    }
    if (songs.size > 0) out.push({ ...playlist, songs: [...songs] });
  }
  return out;
}
