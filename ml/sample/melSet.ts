// Which songs get a mel file and how long it is. The real dataset has a mel for every song, but users
// download only some of the 40 archives; the sample writes mels for a chosen subset: versions of multi-version
// works first (up to half the budget, so melody similarity can be measured), then the most popular songs
// (those most likely to survive preprocessing). A few files are short, so readers' padding is exercised.
import { Random } from "../core/random.ts";
import { MEL_FRAMES } from "../data/melon.ts";
import type { Catalogue } from "./catalogue.ts";

/** Ascending ids of the songs that get a mel file. */
export function chooseMelSongs(catalogue: Catalogue, count: number | "all"): Int32Array {
  const songs = catalogue.songs;
  if (count === "all" || count >= songs.length) return Int32Array.from(songs.keys());
  const chosen = new Uint8Array(songs.length);
  let taken = 0;

  const byWork = new Map<number, number[]>();
  for (const song of songs) {
    const list = byWork.get(song.work) ?? [];
    list.push(song.id);
    byWork.set(song.work, list);
  }
  const multi = [...byWork.values()].filter((ids) => ids.length > 1);
  const workPopularity = (ids: number[]) => ids.reduce((sum, id) => sum + songs[id]!.popularity, 0);
  multi.sort((a, b) => workPopularity(b) - workPopularity(a) || a[0]! - b[0]!);
  for (const ids of multi) {
    if (taken + ids.length > count / 2) break;
    for (const id of ids) chosen[id] = 1;
    taken += ids.length;
  }

  const byPopularity = Array.from(songs.keys()).sort((a, b) => songs[b]!.popularity - songs[a]!.popularity || a - b);
  for (const id of byPopularity) {
    if (taken >= count) break;
    if (!chosen[id]) {
      chosen[id] = 1;
      taken++;
    }
  }
  const ids: number[] = [];
  chosen.forEach((flag, id) => {
    if (flag) ids.push(id);
  });
  return Int32Array.from(ids);
}

/** Frames of a song's mel file: MEL_FRAMES, or for about 5 % of songs a shorter excerpt (half to almost full). */
export function melFrames(seed: number, id: number): number {
  const random = new Random(seed, `mel-length:${id}`);
  return random.chance(0.05) ? Math.floor(MEL_FRAMES / 2) + random.int(MEL_FRAMES - Math.floor(MEL_FRAMES / 2)) : MEL_FRAMES;
}
