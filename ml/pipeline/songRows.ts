// Turns the songs kept by preprocessing into the catalogue's song rows: ISO issue dates, popularity
// from the training playlists (counted once, by ml/cooccurrence.ts), whether a mel was read.
import { popularityPercentiles } from "../../lib/metrics.ts";
import type { SongMeta } from "../data/melon.ts";
import { daysInMonth } from "../data/songMeta.ts";
import type { SongRow } from "../../lib/catalogue/format.ts";

/**
 * Melon's issue_date yyyymmdd with 00 for an unknown month or day, as ISO text the site can show. A month or day
 * that does not exist (Melon has some: 20191301, 20190231) is treated as unknown.
 */
export function formatIssueDate(value: number): { issueDate: string | null; year: number | null } {
  const year = Math.floor(value / 10000);
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  if (year < 1000) return { issueDate: null, year: null };
  const pad = (n: number) => String(n).padStart(2, "0");
  if (month < 1 || month > 12) return { issueDate: String(year), year };
  if (day < 1 || day > daysInMonth(year, month)) return { issueDate: `${year}-${pad(month)}`, year };
  return { issueDate: `${year}-${pad(month)}-${pad(day)}`, year };
}

export function catalogueSongs(
  songs: readonly SongMeta[],
  /** Training playlists holding a song. */
  playlistCount: (songId: number) => number,
  melIds: ReadonlySet<number>,
): SongRow[] {
  const perSong = songs.map((s) => playlistCount(s.id));
  const percentiles = popularityPercentiles(perSong);
  return songs.map((s, i) => ({
    id: s.id,
    name: s.song_name,
    album: s.album_name,
    albumId: s.album_id,
    artists: s.artist_name_basket,
    artistIds: s.artist_id_basket,
    genreCodes: s.song_gn_gnr_basket,
    detailCodes: s.song_gn_dtl_gnr_basket,
    ...formatIssueDate(s.issue_date),
    playlistCount: perSong[i]!,
    popularityPct: percentiles[i]!,
    hasMel: melIds.has(s.id),
  }));
}
