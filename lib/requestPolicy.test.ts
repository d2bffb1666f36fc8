import assert from "node:assert/strict";
import { test } from "node:test";
import { checkRequest, isCataloguePage } from "./requestPolicy.ts";

function answer(method: string, url: string) {
  const verdict = checkRequest(method, url);
  return verdict.kind === "pass" ? null : verdict.response;
}

test("the site only reads: GET and HEAD pass, OPTIONS lists them, anything else is 405 with Allow, pages and API alike", () => {
  for (const url of ["/", "/songs/1", "/api/songs/1", "/api/search?q=ab", "/_next/static/x.js"]) {
    assert.equal(answer("GET", url), null, url);
    assert.equal(answer("HEAD", url), null, url);
    assert.deepEqual(answer("OPTIONS", url)?.status, 204);
    assert.equal(answer("OPTIONS", url)?.headers.allow, "GET, HEAD, OPTIONS");
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"]) {
      const response = answer(method, url)!;
      assert.equal(response.status, 405, `${method} ${url}`);
      assert.equal(response.headers.allow, "GET, HEAD, OPTIONS");
    }
  }
  assert.deepEqual(JSON.parse(answer("TRACE", "/api/songs/1")!.body), { error: "method TRACE is not allowed: this site only reads (GET, HEAD, OPTIONS)" });
  assert.equal(answer("POST", "/songs/1")!.headers["content-type"], "text/plain; charset=utf-8");
});

test("addresses that do not decode, or carry control characters, are 400 (JSON on the API)", () => {
  for (const url of ["/songs/%FF", "/songs/%", "/songs/%E0%A4%A", "/api/songs/%", "/api/map/%FF", "/songs/a%00b", "/search%0A"]) {
    assert.equal(answer("GET", url)?.status, 400, url);
  }
  for (const url of ["/api/search?q=a%00b", "/search?q=a%00b", "/search?q=%1F", "/api/search?q=%7F"]) {
    assert.equal(answer("GET", url)?.status, 400, url);
  }
  assert.deepEqual(Object.keys(JSON.parse(answer("GET", "/api/songs/%")!.body)), ["error"]);
  // Text, including broken escapes in a query (read literally, as browsers do), is fine.
  for (const url of ["/search?q=%ED%95%9C", "/search?q=100%", "/search?q=%FF", "/search?q=a+b&limit=3", "/songs/1?utm=x"]) {
    assert.equal(answer("GET", url), null, url);
  }
  assert.equal(answer("GET", "http://evil.example/")?.status, 400);
});

test("a song id with leading zeros is redirected to its one canonical URL", () => {
  assert.deepEqual(answer("GET", "/songs/0001"), {
    status: 308,
    headers: { location: "/songs/1", "cache-control": "no-store", "content-type": "text/plain; charset=utf-8" },
    body: "308 see /songs/1\n",
  });
  assert.equal(answer("GET", "/songs/0000000001")?.headers.location, "/songs/1");
  assert.equal(answer("GET", "/songs/00?x=1")?.headers.location, "/songs/0?x=1");
  assert.equal(answer("GET", "/songs/0"), null);
  assert.equal(answer("GET", "/songs/10"), null);
  // Too long to be an id: left to the page, which answers 404.
  assert.equal(answer("GET", "/songs/000000000000000000001234567890123"), null);
});

test("the pages that show the catalogue", () => {
  for (const path of ["/", "/search", "/map", "/about", "/attribution", "/songs/1", "/songs/x"]) assert.ok(isCataloguePage(path), path);
  for (const path of ["/icon.svg", "/_next/static/a.js", "/api/songs/1", "/nope"]) assert.ok(!isCataloguePage(path), path);
});
