import assert from "node:assert/strict";
import { test } from "node:test";
import { characterCount, escapeLike, ftsString, normaliseQuery, pairToken, pairTokens, planSearch } from "./search.ts";

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

test("words of three or more characters go to the trigram index, two-character words to the pair index, one-character words to LIKE", () => {
  const plan = planSearch("MC 도윤 Run x")!;
  assert.equal(plan.text, "mc 도윤 run x");
  assert.equal(plan.ftsMatch, '"run"');
  assert.equal(plan.pairMatch, `${pairToken("mc")} ${pairToken("도윤")}`);
  assert.deepEqual(plan.shortWordPatterns, ["%x%"]);
  assert.equal(plan.prefixPattern, "mc 도윤 run x%");
});

test("pair tokens: letters and digits only, one per distinct pair within a word, never across a space", () => {
  assert.equal(pairToken("도윤"), "pb3c4xc724");
  assert.equal(pairToken("a%"), "p61x25");
  assert.deepEqual(pairTokens("abab cd"), [pairToken("ab"), pairToken("ba"), pairToken("cd")]);
  assert.ok(!pairTokens("ab cd").includes(pairToken("bc")));
  for (const token of pairTokens("100% 사랑, (live)")) assert.match(token, /^p[0-9a-f]+x[0-9a-f]+$/);
});

test("FTS operators and quotes become literal text", () => {
  assert.equal(ftsString('say "hi"'), '"say ""hi"""');
  assert.equal(planSearch("love AND NEAR( x* ^foo")!.ftsMatch, '"love" "and" "near(" "^foo"');
  assert.equal(planSearch("love AND NEAR( x* ^foo")!.pairMatch, pairToken("x*"));
});

test("LIKE wildcards and the escape character are escaped", () => {
  assert.equal(escapeLike("100%_\\"), "100\\%\\_\\\\");
  assert.deepEqual(planSearch("% _")!.shortWordPatterns, ["%\\%%", "%\\_%"]);
  assert.equal(planSearch("%_")!.pairMatch, pairToken("%_"));
});

test("very long queries are cut", () => {
  assert.equal(characterCount(planSearch("가".repeat(500))!.text), 100);
});
