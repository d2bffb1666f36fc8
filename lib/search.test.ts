import assert from "node:assert/strict";
import { test } from "node:test";
import { characterCount, escapeLike, ftsString, normaliseQuery, planSearch } from "./search.ts";

test("normaliseQuery lower-cases, composes Hangul, collapses spaces and trims", () => {
  // "사랑" typed as decomposed jamo (as macOS file names do) becomes the two precomposed syllables.
  assert.equal(normaliseQuery("  NEON\t Runner  \u1109\u1161\u1105\u1161\u11BC "), "neon runner 사랑");
  assert.equal(characterCount(normaliseQuery("\u1109\u1161\u1105\u1161\u11BC")), 2);
});

test("queries shorter than two characters are not searched", () => {
  assert.equal(planSearch(""), null);
  assert.equal(planSearch("   "), null);
  assert.equal(planSearch("a"), null);
  assert.equal(planSearch("사"), null);
  assert.notEqual(planSearch("사랑"), null);
});

test("words of three or more characters go to FTS as quoted strings, shorter ones to LIKE", () => {
  const plan = planSearch("MC 도윤 Run")!;
  assert.equal(plan.text, "mc 도윤 run");
  assert.equal(plan.ftsMatch, '"run"');
  assert.deepEqual(plan.shortWordPatterns, ["%mc%", "%도윤%"]);
  assert.equal(plan.prefixPattern, "mc 도윤 run%");
});

test("FTS operators and quotes become literal text", () => {
  assert.equal(ftsString('say "hi"'), '"say ""hi"""');
  assert.equal(planSearch("love AND NEAR( x* ^foo")!.ftsMatch, '"love" "and" "near(" "^foo"');
  assert.deepEqual(planSearch("love AND NEAR( x* ^foo")!.shortWordPatterns, ["%x*%"]);
});

test("LIKE wildcards and the escape character are escaped", () => {
  assert.equal(escapeLike("100%_\\"), "100\\%\\_\\\\");
  assert.deepEqual(planSearch("% _")!.shortWordPatterns, ["%\\%%", "%\\_%"]);
});

test("very long queries are cut", () => {
  assert.equal(characterCount(planSearch("가".repeat(500))!.text), 100);
});
