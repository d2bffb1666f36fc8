// The "rank" stage: turns each embedding's top-50 lists into the two ensembles (lib/ranking.ts) for every
// catalogue song, and notes for each recommended pair how many training playlists hold both (the "why").
import type { SongRanking } from "../../lib/catalogue/format.ts";
import { eachTop3, scoreTotal, type NeighborIdLists } from "../../lib/ranking.ts";
import type { Model } from "../../lib/types.ts";
import { MODELS } from "../../lib/types.ts";
import { neighborsOf, rowIndex, type NeighborLists } from "../core/embedding.ts";

/**
 * Each embedding's neighbour ids for one song, only for the embeddings the song has a vector in, with the songs
 * of its Music2Vec list that are predicted playlist-mates (the list's first `togetherCounts[row]`).
 */
export type ListsBySong = (songId: number) => NeighborIdLists;

export function neighborListsBySong(lists: Partial<Record<Model, NeighborLists>>): ListsBySong {
  const indexed = MODELS.flatMap((model) => {
    const l = lists[model];
    return l ? [{ model, lists: l, rows: rowIndex(l.ids) }] : [];
  });
  return (songId) => {
    const out: NeighborIdLists = {};
    for (const { model, lists: l, rows } of indexed) {
      const row = rows.get(songId);
      if (row === undefined) continue;
      const ids = neighborsOf(l, row);
      out[model] = ids;
      const mates = model === "music2vec" ? (l.togetherCounts?.[row] ?? 0) : 0;
      if (mates > 0) out.playlistMates = new Set(ids.slice(0, mates));
    }
    return out;
  };
}

export function rankSongs(
  songIds: readonly number[],
  listsOf: ListsBySong,
  playlistsHoldingBoth: (a: number, b: number) => number,
): SongRanking[] {
  return songIds.map((songId) => {
    const lists = listsOf(songId);
    const total = scoreTotal(lists);
    const top3 = eachTop3(lists);
    const coPlaylists = new Map<number, number>();
    for (const { id } of [...total, ...top3]) {
      if (!coPlaylists.has(id)) coPlaylists.set(id, playlistsHoldingBoth(songId, id));
    }
    return { songId, eachTop3: top3, scoreTotal: total, coPlaylists };
  });
}
