import assert from "node:assert/strict";
import { test } from "node:test";
import { SEARCH_PAGES, characterCount, normaliseQuery, searchPageNumber, searchQuery, searchText } from "./search.ts";

test("normaliseQuery lower-cases, composes Hangul, collapses spaces and trims", () => {
  // "사랑" typed as decomposed jamo (as macOS file names do) becomes the two precomposed syllables.
  assert.equal(normaliseQuery("  NEON\t Runner  \u1109\u1161\u1105\u1161\u11BC "), "neon runner 사랑");
  assert.equal(characterCount(normaliseQuery("\u1109\u1161\u1105\u1161\u11BC")), 2);
});

test("queries shorter than two characters are not searched", () => {
  assert.equal(searchQuery(""), null);
  assert.equal(searchQuery("   "), null);
  assert.equal(searchQuery("a"), null);
  assert.equal(searchQuery("사"), null);
  assert.equal(searchQuery(" \u0000a\n"), null);
  assert.equal(searchQuery("사랑"), "사랑");
  assert.equal(searchQuery("  MC \t도윤 "), "mc 도윤");
});

test("song search text: title, artists and album in the query's normal form, one line whatever the data holds", () => {
  assert.equal(searchText("Neon  Runner", ["MC 도윤", "Blue"], "Night\nDrive"), "neon runner mc 도윤, blue night drive");
  assert.equal(searchText("\u1109\u1161\u1105\u1161\u11BC", [], ""), "사랑");
});

test("very long queries are cut", () => {
  assert.equal(characterCount(searchQuery("가".repeat(500))!), 100);
});

test("the search page's page number: 1 to SEARCH_PAGES, anything else the first page", () => {
  assert.equal(searchPageNumber(null), 1);
  assert.equal(searchPageNumber("2"), 2);
  assert.equal(searchPageNumber(String(SEARCH_PAGES)), SEARCH_PAGES);
  for (const raw of ["", "0", "-1", "1.5", "02", " 2", "2x", "1e1", String(SEARCH_PAGES + 1), "99999999999999999999"]) {
    assert.equal(searchPageNumber(raw), 1, raw);
  }
});
