import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { contentSecurityPolicy, inlineScriptHashes } from "./securityHeaders.ts";

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("base64");

test("every inline script is hashed over its exact text; script files and duplicates are not listed", () => {
  const html = [
    '<html><head><script src="/_next/static/chunks/a.js" async=""></script>',
    "<script>self.__next_f=self.__next_f||[]</script></head><body>",
    '<script>self.__next_f.push([1,"한국어 \\u003c/script>"])</script>',
    '<SCRIPT type="application/json" id="x">{"a":1}</SCRIPT >',
    "<script>self.__next_f=self.__next_f||[]</script>",
    "</body></html>",
  ].join("");
  assert.deepEqual(inlineScriptHashes(html), [
    sha("self.__next_f=self.__next_f||[]"),
    sha('self.__next_f.push([1,"한국어 \\u003c/script>"])'),
    sha('{"a":1}'),
  ]);
  assert.deepEqual(inlineScriptHashes("<p>no scripts</p>"), []);
});

test("the policy lists exactly the page's hashes and keeps everything else to the site itself", () => {
  const policy = contentSecurityPolicy(["abc=", "abc=", "def="]);
  const directives = new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1).join(" ")]));
  assert.equal(directives.get("script-src"), "'self' 'sha256-abc=' 'sha256-def='");
  assert.equal(directives.get("default-src"), "'self'");
  assert.equal(directives.get("frame-ancestors"), "'none'");
  assert.equal(directives.get("object-src"), "'none'");
  assert.equal(directives.get("base-uri"), "'none'");
  assert.equal(directives.get("media-src"), "'self' blob:");
  assert.ok(!policy.includes("unsafe-eval"));
  assert.ok(!directives.get("script-src")!.includes("unsafe-inline"));
  assert.equal(new Map(contentSecurityPolicy().split("; ").map((d) => [d.split(" ")[0]!, d])).get("script-src"), "script-src 'self'");
});
