import assert from "node:assert/strict";
import { test } from "node:test";
import type { SongMeta } from "../data/melon.ts";
import { buildCooccurrence } from "./cooccurrence.ts";
import { catalogueSongs, formatIssueDate } from "./songRows.ts";

test("issue dates: full, unknown day, unknown month, unknown", () => {
  assert.deepEqual(formatIssueDate(20190925), { issueDate: "2019-09-25", year: 2019 });
  assert.deepEqual(formatIssueDate(20190900), { issueDate: "2019-09", year: 2019 });
  assert.deepEqual(formatIssueDate(19970000), { issueDate: "1997", year: 1997 });
  assert.deepEqual(formatIssueDate(0), { issueDate: null, year: null });
});

test("issue dates: a month or day that does not exist is shown as unknown, leap years included", () => {
  assert.deepEqual(formatIssueDate(20190231), { issueDate: "2019-02", year: 2019 });
  assert.deepEqual(formatIssueDate(20190229), { issueDate: "2019-02", year: 2019 });
  assert.deepEqual(formatIssueDate(20200229), { issueDate: "2020-02-29", year: 2020 });
  assert.deepEqual(formatIssueDate(19000229), { issueDate: "1900-02", year: 1900 });
  assert.deepEqual(formatIssueDate(20000229), { issueDate: "2000-02-29", year: 2000 });
  assert.deepEqual(formatIssueDate(20190431), { issueDate: "2019-04", year: 2019 });
  assert.deepEqual(formatIssueDate(20191301), { issueDate: "2019", year: 2019 });
  assert.deepEqual(formatIssueDate(20190199), { issueDate: "2019-01", year: 2019 });
});

test("playlist counts count each playlist holding a song; popularity is their percentile; mel flags kept", () => {
  const meta = (id: number): SongMeta => ({
    id, album_id: 0, artist_id_basket: [id], artist_name_basket: [`a${id}`], song_name: `s${id}`,
    song_gn_gnr_basket: ["GN0100"], song_gn_dtl_gnr_basket: ["GN0101"], issue_date: 20200101, album_name: "x",
  });
  const counts = buildCooccurrence([[1, 2], [2, 3], [2]]);
  const rows = catalogueSongs([1, 2, 3].map(meta), counts.playlistCount, new Set([2]));
  assert.deepEqual(rows.map((r) => [r.id, r.playlistCount, r.hasMel]), [[1, 1, false], [2, 3, true], [3, 1, false]]);
  assert.ok(rows[1]!.popularityPct > rows[0]!.popularityPct);
  assert.equal(rows[0]!.popularityPct, rows[2]!.popularityPct);
});
