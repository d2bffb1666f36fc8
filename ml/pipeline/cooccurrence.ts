// How many training playlists hold two songs together: the item co-occurrence baseline ranks by it, and the
// catalogue stores it for every recommended pair (the "why" shown beside a recommendation).
// Stored as two inverted lists (song → playlists, playlist → songs), not as a pair table: at Melon scale
// the pairs number in the hundreds of millions, while the lists hold one entry per (playlist, song).

export interface Cooccurrence {
  /** Training playlists holding both songs (for a === b, the playlists holding the song). */
  count(a: number, b: number): number;
  /** Training playlists holding the song. */
  playlistCount(song: number): number;
  /**
   * Calls visit(other, count) once for every other song sharing at least one playlist with `song`, in no
   * particular order. Not re-entrant: visit must not call forEachCooccurring.
   */
  forEachCooccurring(song: number, visit: (other: number, count: number) => void): void;
}

/** Compressed lists: the entries of key i are values[offsets[i] .. offsets[i + 1]). */
interface Lists {
  offsets: Int32Array;
  values: Int32Array;
}

/** A song appearing twice in one playlist counts once. */
export function buildCooccurrence(playlists: readonly (readonly number[])[]): Cooccurrence {
  let maxSong = -1;
  for (const songs of playlists) for (const song of songs) if (song > maxSong) maxSong = song;
  const songCount = maxSong + 1;

  const members: Lists = { offsets: new Int32Array(playlists.length + 1), values: new Int32Array(0) };
  const distinct: number[] = [];
  const seen = new Set<number>();
  for (let p = 0; p < playlists.length; p++) {
    seen.clear();
    for (const song of playlists[p]!) {
      if (seen.has(song)) continue;
      seen.add(song);
      distinct.push(song);
    }
    members.offsets[p + 1] = distinct.length;
  }
  members.values = Int32Array.from(distinct);

  // Song → playlists, filled in playlist order so each song's list is ascending (count() merges them).
  const holders: Lists = { offsets: new Int32Array(songCount + 1), values: new Int32Array(members.values.length) };
  for (const song of members.values) holders.offsets[song + 1]!++;
  for (let s = 0; s < songCount; s++) holders.offsets[s + 1]! += holders.offsets[s]!;
  const fill = holders.offsets.slice(0, songCount);
  for (let p = 0; p < playlists.length; p++) {
    for (let i = members.offsets[p]!; i < members.offsets[p + 1]!; i++) holders.values[fill[members.values[i]!]!++] = p;
  }

  const known = (song: number) => Number.isInteger(song) && song >= 0 && song < songCount;
  const playlistCount = (song: number) => (known(song) ? holders.offsets[song + 1]! - holders.offsets[song]! : 0);

  // Scratch for forEachCooccurring: counts by song, and which entries are non-zero so they can be reset.
  const counts = new Int32Array(songCount);
  const touched = new Int32Array(songCount);

  return {
    playlistCount,
    count(a, b) {
      if (!known(a) || !known(b)) return 0;
      let i = holders.offsets[a]!;
      let j = holders.offsets[b]!;
      const endA = holders.offsets[a + 1]!;
      const endB = holders.offsets[b + 1]!;
      let both = 0;
      while (i < endA && j < endB) {
        const pa = holders.values[i]!;
        const pb = holders.values[j]!;
        if (pa === pb) {
          both++;
          i++;
          j++;
        } else if (pa < pb) i++;
        else j++;
      }
      return both;
    },
    forEachCooccurring(song, visit) {
      if (!known(song)) return;
      let touchedCount = 0;
      for (let h = holders.offsets[song]!; h < holders.offsets[song + 1]!; h++) {
        const p = holders.values[h]!;
        for (let i = members.offsets[p]!; i < members.offsets[p + 1]!; i++) {
          const other = members.values[i]!;
          if (other !== song && counts[other]!++ === 0) touched[touchedCount++] = other;
        }
      }
      for (let t = 0; t < touchedCount; t++) {
        const other = touched[t]!;
        visit(other, counts[other]!);
        counts[other] = 0;
      }
    },
  };
}
