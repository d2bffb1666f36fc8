// Playlists as a word2vec corpus: a vocabulary of songs (most frequent first, as word2vec.c sorts it, which
// also keeps the hot rows of the weight matrices together in memory) and the playlists flattened into one
// Int32Array of vocabulary rows that worker threads can share.
import type { SgnsCorpus } from "./sgns.ts";

export interface SongVocabulary {
  /** Song id of each row, most frequent first (ties: lower id first). */
  ids: Int32Array;
  /** Occurrences of each row's song in the corpus. */
  counts: Int32Array;
}

/** Song ids are array indices here; the Melon ids stop at 707,988. */
const MAX_SONG_ID = (1 << 27) - 1;

function checkId(id: number, playlist: number, position: number): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_SONG_ID)
    throw new Error(`music2vec: playlist ${playlist}, song ${position} is ${id}, expected an integer id in 0..${MAX_SONG_ID}`);
}

/**
 * Visits each playlist's songs; with `asSet`, a song repeated within a playlist counts once (the original
 * turned playlists into sets).
 */
function forEachSong(
  playlists: readonly (readonly number[])[],
  asSet: boolean,
  visit: (id: number, playlist: number) => void,
): void {
  let maxId = -1;
  for (let p = 0; p < playlists.length; p++) {
    const songs = playlists[p]!;
    for (let s = 0; s < songs.length; s++) {
      checkId(songs[s]!, p, s);
      if (songs[s]! > maxId) maxId = songs[s]!;
    }
  }
  const lastPlaylist = asSet ? new Int32Array(maxId + 1).fill(-1) : null;
  for (let p = 0; p < playlists.length; p++) {
    for (const id of playlists[p]!) {
      if (lastPlaylist) {
        if (lastPlaylist[id] === p) continue;
        lastPlaylist[id] = p;
      }
      visit(id, p);
    }
  }
}

export function buildVocabulary(playlists: readonly (readonly number[])[], minCount: number, asSet: boolean): SongVocabulary {
  const countById = new Map<number, number>();
  forEachSong(playlists, asSet, (id) => countById.set(id, (countById.get(id) ?? 0) + 1));
  const kept = [...countById].filter(([, count]) => count >= minCount);
  kept.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return { ids: Int32Array.from(kept, ([id]) => id), counts: Int32Array.from(kept, ([, count]) => count) };
}

/**
 * The playlists as vocabulary rows, songs outside the vocabulary dropped, in SharedArrayBuffers so worker
 * threads read (and, for playlists as sets, shuffle) them in place.
 */
export function buildCorpus(playlists: readonly (readonly number[])[], vocabulary: SongVocabulary, asSet: boolean): SgnsCorpus {
  const rowById = new Map<number, number>();
  for (let row = 0; row < vocabulary.ids.length; row++) rowById.set(vocabulary.ids[row]!, row);
  let total = 0;
  for (let row = 0; row < vocabulary.counts.length; row++) total += vocabulary.counts[row]!;
  const words = new Int32Array(new SharedArrayBuffer(4 * total));
  const offsets = new Int32Array(new SharedArrayBuffer(4 * (playlists.length + 1)));
  let length = 0;
  let current = 0;
  forEachSong(playlists, asSet, (id, playlist) => {
    while (current < playlist) offsets[++current] = length;
    const row = rowById.get(id);
    if (row !== undefined) words[length++] = row;
  });
  while (current < playlists.length) offsets[++current] = length;
  return { words, offsets };
}
