import assert from "node:assert/strict";
import { test } from "node:test";
import { formatIssueDate, playlistCounts } from "./catalogueSongs.ts";

test("issue dates: full, unknown day, unknown month, unknown", () => {
  assert.deepEqual(formatIssueDate(20190925), { issueDate: "2019-09-25", year: 2019 });
  assert.deepEqual(formatIssueDate(20190900), { issueDate: "2019-09", year: 2019 });
  assert.deepEqual(formatIssueDate(19970000), { issueDate: "1997", year: 1997 });
  assert.deepEqual(formatIssueDate(0), { issueDate: null, year: null });
});

test("playlist counts count each playlist holding a song", () => {
  assert.deepEqual([...playlistCounts([[1, 2], [2, 3], [2]])], [[1, 1], [2, 3], [3, 1]]);
});
