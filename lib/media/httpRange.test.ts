import assert from "node:assert/strict";
import { test } from "node:test";
import { ifRangeHolds, noneMatch, parseRange } from "./httpRange.ts";

const SIZE = 1000;

test("no Range, an unknown unit and several ranges: the whole file", () => {
  for (const header of [null, undefined, "", "  ", "items=0-5", "bytes=0-1,5-9", "bytes=0-1, -5"]) {
    assert.deepEqual(parseRange(header, SIZE), { kind: "full" }, String(header));
  }
});

test("one range: first-last, first-, -suffix, with the end clamped to the file", () => {
  assert.deepEqual(parseRange("bytes=0-0", SIZE), { kind: "partial", start: 0, end: 0 });
  assert.deepEqual(parseRange("bytes=0-", SIZE), { kind: "partial", start: 0, end: 999 });
  assert.deepEqual(parseRange("bytes=100-199", SIZE), { kind: "partial", start: 100, end: 199 });
  assert.deepEqual(parseRange("bytes=900-5000", SIZE), { kind: "partial", start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=999-999", SIZE), { kind: "partial", start: 999, end: 999 });
  assert.deepEqual(parseRange("bytes=-100", SIZE), { kind: "partial", start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-5000", SIZE), { kind: "partial", start: 0, end: 999 });
  assert.deepEqual(parseRange("Bytes = 5 - 9", SIZE), { kind: "partial", start: 5, end: 9 });
  assert.deepEqual(parseRange("bytes=0-99999999999999999999", SIZE), { kind: "partial", start: 0, end: 999 });
});

test("ranges the file cannot satisfy and malformed ones: 416", () => {
  for (const header of [
    "bytes=1000-", "bytes=1000-1001", "bytes=5000-6000", "bytes=99999999999999999999-",
    "bytes=-0", "bytes=9-5", "bytes=abc", "bytes=1-2-3", "bytes=-", "bytes=", "bytes=0x10-", "bytes=-1-", "bytes=1.5-2",
    "bytes=+1-2", "bytes=0-1,abc", "0-100",
  ]) {
    assert.deepEqual(parseRange(header, SIZE), { kind: "unsatisfiable" }, header);
  }
  assert.deepEqual(parseRange("bytes=0-", 0), { kind: "unsatisfiable" }, "an empty file has no byte 0");
  assert.deepEqual(parseRange("bytes=-1", 0), { kind: "unsatisfiable" });
});

test("If-Range: the current ETag or date keeps the range; anything else asks for the whole file", () => {
  const etag = '"abc-123"';
  const date = "Tue, 01 Dec 2026 10:00:00 GMT";
  assert.equal(ifRangeHolds(null, etag, date), true);
  assert.equal(ifRangeHolds(etag, etag, date), true);
  assert.equal(ifRangeHolds(date, etag, date), true);
  assert.equal(ifRangeHolds('"other"', etag, date), false);
  assert.equal(ifRangeHolds(`W/${etag}`, etag, date), false, "a weak validator never matches for If-Range");
  assert.equal(ifRangeHolds("Mon, 30 Nov 2026 10:00:00 GMT", etag, date), false);
});

test("If-None-Match: weak comparison, lists and *", () => {
  assert.equal(noneMatch(null, '"a"'), false);
  assert.equal(noneMatch('"a"', '"a"'), true);
  assert.equal(noneMatch('W/"a"', '"a"'), true);
  assert.equal(noneMatch('"b", "a"', '"a"'), true);
  assert.equal(noneMatch("*", '"a"'), true);
  assert.equal(noneMatch('"b"', '"a"'), false);
});
