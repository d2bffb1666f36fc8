// The one in-memory shape every model produces and retrieval consumes.

export interface EmbeddingSet {
  /** Song ids, one per row, ascending. */
  ids: Int32Array;
  /** Row-major: vectors[i * dim + j] is dimension j of song ids[i]. */
  vectors: Float32Array;
  dim: number;
}

/** Top-k neighbour lists for every row of an EmbeddingSet, best first. */
export interface NeighborLists {
  /** Rows in the order of the EmbeddingSet they came from. */
  ids: Int32Array;
  k: number;
  /** neighborIds[i * k + r] is the song id at rank r + 1 of row i; -1 when fewer than k exist. */
  neighborIds: Int32Array;
  /** Cosine similarity matching neighborIds. */
  scores: Float32Array;
  /**
   * Music2Vec's two-part list (ml/models/music2vecLists.ts): how many of row i's first neighbours are songs the
   * model predicts on the row song's playlists ("together", scored by input·output cosine) rather than songs
   * that play the same role on playlists ("alike", input·input cosine). The two cosines are not comparable, so
   * the catalogue keeps this count and the song page tells the two kinds apart. Absent: every neighbour is alike.
   */
  togetherCounts?: Int32Array;
}

/** Row index of each song id, for joining sets that cover different songs. */
export function rowIndex(ids: Int32Array): Map<number, number> {
  const index = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
  return index;
}

/** The rows of `set` for the given ids (which must all be present), in that order. */
export function selectRows(set: EmbeddingSet, ids: Int32Array): EmbeddingSet {
  const index = rowIndex(set.ids);
  const vectors = new Float32Array(ids.length * set.dim);
  for (let i = 0; i < ids.length; i++) {
    const row = index.get(ids[i]!);
    if (row === undefined) throw new Error(`selectRows: song ${ids[i]} has no vector`);
    vectors.set(set.vectors.subarray(row * set.dim, (row + 1) * set.dim), i * set.dim);
  }
  return { ids, vectors, dim: set.dim };
}

/** A neighbour list of one row as song ids, best first, without the -1 padding. */
export function neighborsOf(lists: NeighborLists, row: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < lists.k; r++) {
    const id = lists.neighborIds[row * lists.k + r]!;
    if (id < 0) break;
    out.push(id);
  }
  return out;
}

/** Each row's first `k` neighbour ids (all of them by default), keyed by song id: the shape evaluation takes. */
export function listsBySong(lists: NeighborLists, k = lists.k): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let row = 0; row < lists.ids.length; row++) out.set(lists.ids[row]!, neighborsOf(lists, row).slice(0, k));
  return out;
}
