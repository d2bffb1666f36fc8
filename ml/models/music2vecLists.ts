// Music2Vec's neighbour list. Skip-gram learns two vectors per song (word2vec's syn0 and syn1neg), and they
// answer two different questions (Nalisnick, Mitra, Craswell and Caruana, "Improving document ranking with
// dual word embeddings", WWW 2016, saw the same with words):
//
// - input · input ("plays the same role"): songs whose playlist contexts are alike. This is the original's
//   cosine list: true to genre and situation, and, since most songs are rarely played, mostly less-known songs.
// - input · output ("played together"): what the model predicts to appear beside the song in a playlist, the
//   task it was trained on. It leans to the songs playlists agree on: on a 15k-playlist slice of the
//   Melon-size sample it finds a held-out playlist-mate in the top 10 for 43 % of queries (cosine: 12 %,
//   most popular songs: 18 %), but recommends the same few hundred songs to everyone (coverage 0.01).
//
// A list that starts with a few "together" songs and goes on with the "alike" ones keeps most of both: the
// playlist-mates that make a list feel right, and a catalogue that is recommended almost whole. How many come
// first (`togetherSlots`) is a Music2Vec option `mugle tune` chooses.
import type { EmbeddingSet, NeighborLists } from "../core/embedding.ts";
import { cosineTopK, pairedTopK, type CosineTopKOptions } from "../compute/knn.ts";

/**
 * Each row's list: the first `slots` songs of `together` (fewer if it has fewer), then the songs of `alike`
 * in order, skipping any already listed, up to `alike.k` songs; -1 (score 0) pads a short list. Each song
 * keeps the cosine of the list it came from, and `togetherCounts` says how many of each row's songs came from
 * `together`. Both inputs must have the same rows.
 */
export function mergeTogetherAndAlike(together: NeighborLists, alike: NeighborLists, slots: number): NeighborLists {
  if (together.ids.length !== alike.ids.length || together.ids.some((id, i) => id !== alike.ids[i])) {
    throw new Error("mergeTogetherAndAlike: both lists must have the same rows");
  }
  const { k } = alike;
  const take = Math.min(slots, together.k, k);
  const neighborIds = new Int32Array(alike.ids.length * k).fill(-1);
  const scores = new Float32Array(alike.ids.length * k);
  const togetherCounts = new Int32Array(alike.ids.length);
  for (let row = 0; row < alike.ids.length; row++) {
    const listed = new Set<number>();
    let filled = 0;
    const add = (id: number, score: number) => {
      if (id < 0 || filled >= k || listed.has(id)) return;
      listed.add(id);
      neighborIds[row * k + filled] = id;
      scores[row * k + filled] = score;
      filled++;
    };
    for (let r = 0; r < take; r++) add(together.neighborIds[row * together.k + r]!, together.scores[row * together.k + r]!);
    togetherCounts[row] = filled;
    for (let r = 0; r < k; r++) add(alike.neighborIds[row * k + r]!, alike.scores[row * k + r]!);
  }
  return { ids: Int32Array.from(alike.ids), k, neighborIds, scores, togetherCounts };
}

/** Music2Vec's top-k lists: the cosine list alone when `slots` is 0, else merged with the "together" list. */
export async function music2vecNeighbors(
  input: EmbeddingSet,
  output: EmbeddingSet,
  k: number,
  slots: number,
  opts: CosineTopKOptions = {},
): Promise<NeighborLists> {
  const alike = await cosineTopK(input, k, { ...opts, label: opts.label ?? "music2vec alike" });
  if (slots === 0 || k === 0) return alike;
  const together = await pairedTopK(input, output, Math.min(slots, k), { ...opts, label: "music2vec together" });
  return mergeTogetherAndAlike(together, alike, slots);
}
