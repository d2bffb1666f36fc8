import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import {
  MIN_GZIP_BYTES, PageCache, bodyOf, cacheKey, cachedPage, canonicalRequestHeaders, entryBytes, negotiateEncoding, storable, storedHeaders,
  type CachedPage,
} from "./pageCache.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-page-cache-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const page = (expires: number, text = "<html>"): CachedPage => cachedPage(200, { "content-type": "text/html" }, Buffer.from(text), expires);
const HTML = { "content-type": "text/html; charset=utf-8" };

describe("which requests the cache may answer and fill", () => {
  const keyOf = (url: string, headers: Record<string, string> = {}, method = "GET") => cacheKey({ method, url, headers });

  test("plain GET and HEAD of a canonical song page", () => {
    assert.deepEqual(keyOf("/songs/42"), { path: "/songs/42", route: "song" });
    assert.deepEqual(keyOf("/songs/42", {}, "HEAD"), { path: "/songs/42", route: "song" });
    assert.deepEqual(keyOf("/songs/0"), { path: "/songs/0", route: "song" });
    assert.equal(keyOf("/songs/42", {}, "POST"), null);
    for (const url of ["/songs/42?x=1", "/songs/42?discovery=0.7", "/songs/abc", "/songs/42/", "/songs/0042", "/songs/99999999999", "/", "/map", "/about", "/searchx?q=ab", "/api/map/tcae", "/api/songs/42/audio", "/api/songs/42/spectrogram", "/api/songs/0042"]) {
      assert.equal(keyOf(url), null, url);
    }
  });

  test("the search page, the API's search and song documents, under their canonical address", () => {
    assert.deepEqual(keyOf("/search?q=%EC%82%AC%EB%9E%91"), { path: "/search?q=%EC%82%AC%EB%9E%91", route: "search" });
    assert.deepEqual(keyOf("/search?utm=x&q=love+song&q=other"), { path: "/search?q=love+song", route: "search" }, "the first q, as the page reads it");
    assert.deepEqual(keyOf("/search"), { path: "/search", route: "search" });
    assert.deepEqual(keyOf("/search?page=2&q=ab"), { path: "/search?q=ab&page=2", route: "search" });
    assert.deepEqual(keyOf("/api/search?limit=5&q=ab&x=1"), { path: "/api/search?q=ab&limit=5", route: "api" });
    assert.deepEqual(keyOf("/api/search?q=ab"), { path: "/api/search?q=ab", route: "api" });
    assert.deepEqual(keyOf("/api/songs/7?v=3"), { path: "/api/songs/7", route: "api" });
    assert.deepEqual(keyOf("/api/songs/7?discovery=0.7&v=3"), { path: "/api/songs/7?discovery=0.7", route: "api" });
    // One entry for every spelling of the same question.
    assert.equal(keyOf("/search?q=a%20b")!.path, keyOf("/search?q=a+b")!.path);
  });

  test("never client-navigation payloads, prefetches (x-middleware-prefetch included), actions, ranges or conditional requests", () => {
    for (const name of ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "next-url", "x-middleware-prefetch", "x-nextjs-data", "range", "if-none-match", "if-modified-since"]) {
      for (const url of ["/songs/1", "/search?q=ab", "/api/search?q=ab", "/api/songs/1"]) assert.equal(keyOf(url, { [name]: "1" }), null, `${name} ${url}`);
    }
  });

  test("Next is asked with the same headers whatever the visitor sent", () => {
    const visitor = { host: "mugle.example", "user-agent": "Googlebot", cookie: "a=b", "accept-encoding": "br", "x-forwarded-host": "evil.example", "x-anything": "1" };
    assert.deepEqual(canonicalRequestHeaders(visitor), { host: "mugle.example", accept: "text/html", "accept-encoding": "identity" });
    assert.deepEqual(canonicalRequestHeaders(visitor, "search"), { host: "mugle.example", accept: "text/html", "accept-encoding": "identity" });
    assert.deepEqual(canonicalRequestHeaders(visitor, "api"), { host: "mugle.example", accept: "application/json", "accept-encoding": "identity" });
    assert.deepEqual(canonicalRequestHeaders({}), { host: "localhost", accept: "text/html", "accept-encoding": "identity" });
  });

  test("each request is answered in the encoding it accepts", () => {
    assert.equal(negotiateEncoding({ headers: { "accept-encoding": "gzip, deflate, br" } }), "gzip");
    assert.equal(negotiateEncoding({ headers: { "accept-encoding": "br;q=1, *;q=0.5" } }), "gzip");
    assert.equal(negotiateEncoding({ headers: { "accept-encoding": "gzip;q=0" } }), "identity");
    assert.equal(negotiateEncoding({ headers: {} }), "identity");
  });
});

describe("what of a response is kept", () => {
  test("complete 200 HTML pages that may be cached, uncompressed, without cookies, not served stale", () => {
    assert.equal(storable(200, HTML, 10), true);
    assert.equal(storable(200, { ...HTML, "x-nextjs-cache": "HIT", "cache-control": "s-maxage=60, stale-while-revalidate" }, 10), true);
    assert.equal(storable(404, HTML, 10), false);
    assert.equal(storable(200, HTML, 0), false, "empty body");
    assert.equal(storable(200, {}, 10), false, "no content type");
    assert.equal(storable(200, { "content-type": "application/json" }, 2), false, "what x-middleware-prefetch gets: {}");
    assert.equal(storable(200, { "content-type": "text/x-component" }, 10), false, "an RSC payload");
    assert.equal(storable(200, { ...HTML, "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate" }, 10), false);
    assert.equal(storable(200, { ...HTML, "cache-control": "no-store" }, 10), false);
    assert.equal(storable(200, { ...HTML, "content-encoding": "gzip" }, 10), false);
    assert.equal(storable(200, { ...HTML, "set-cookie": ["a=b"] }, 10), false);
    assert.equal(storable(200, { ...HTML, "x-nextjs-cache": "STALE" }, 10), false);
  });

  test("the search page although Next marks it no-store (it renders it per request); the API's JSON only for the API", () => {
    const dynamic = { ...HTML, "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate" };
    assert.equal(storable(200, dynamic, 10, "search"), true);
    assert.equal(storable(200, { ...dynamic, "set-cookie": ["a=b"] }, 10, "search"), false);
    assert.equal(storable(404, dynamic, 10, "search"), false);
    assert.equal(storable(200, { "content-type": "text/x-component" }, 10, "search"), false);
    const json = { "content-type": "application/json", "cache-control": "public, max-age=60, stale-while-revalidate=60", etag: '"b"' };
    assert.equal(storable(200, json, 10, "api"), true);
    assert.equal(storable(200, json, 10, "song"), false, "what x-middleware-prefetch gets on a page: {}");
    assert.equal(storable(400, { ...json, "cache-control": "no-store" }, 10, "api"), false, "an error");
    assert.equal(storable(200, { ...json, "cache-control": "no-store" }, 10, "api"), false);
    assert.equal(storable(200, HTML, 10, "api"), false);
  });

  test("per-connection and encoding headers are dropped, numbers become text", () => {
    assert.deepEqual(
      storedHeaders({ "content-type": "text/html", "content-length": 10, "content-encoding": "gzip", connection: "keep-alive", date: "x", "x-nextjs-cache": "MISS", "x-count": 3 }),
      { "content-type": "text/html", "x-count": "3" },
    );
  });

  test("an entry holds the page gzipped once, and gives it back in either encoding", () => {
    const html = Buffer.from("<html>한국어</html>".repeat(500));
    const entry = page(1000, html.toString());
    assert.ok(entry.gzipped);
    assert.deepEqual(gunzipSync(entry.body), html);
    assert.deepEqual(bodyOf(entry, "gzip"), { payload: entry.body, gzip: true });
    assert.deepEqual(bodyOf(entry, "identity"), { payload: html, gzip: false });
    assert.ok(entryBytes(entry) < html.length, "counted at its compressed size");
  });

  test("a small body is kept and sent as it is, whatever the request accepts", () => {
    const json = Buffer.from('[{"id":1,"name":"사랑"}]');
    assert.ok(json.length < MIN_GZIP_BYTES);
    const entry = cachedPage(200, { "content-type": "application/json" }, json, 1000);
    assert.equal(entry.gzipped, false);
    assert.deepEqual(bodyOf(entry, "gzip"), { payload: json, gzip: false });
    assert.deepEqual(bodyOf(entry, "identity"), { payload: json, gzip: false });
  });

  test("the key counts against the budget: long addresses cannot hide bytes", () => {
    const entry = page(1000);
    assert.equal(entryBytes(entry, "/search?q=" + "a".repeat(4000)) - entryBytes(entry), 2 * (10 + 4000));
  });
});

describe("PageCache", () => {
  test("entries expire, and the least recently used goes first when the entry count is reached", () => {
    const file = join(dir, "a.sqlite");
    writeFileSync(file, "v1");
    const cache = new PageCache(file, { maxEntries: 2 });
    cache.set("a", page(1000), cache.generation);
    cache.set("b", page(1000), cache.generation);
    assert.ok(cache.get("a", 500)); // a is now the most recent
    cache.set("c", page(1000), cache.generation);
    assert.equal(cache.get("b", 500), undefined);
    assert.ok(cache.get("a", 500) && cache.get("c", 500));
    assert.equal(cache.get("a", 1000), undefined, "served at or after its expiry");
  });

  test("never holds more than its byte budget, however many pages are stored", () => {
    const file = join(dir, "budget.sqlite");
    writeFileSync(file, "v1");
    // Random text: compresses as badly as a budget test needs.
    const pageOf = (i: number) => page(Number.MAX_SAFE_INTEGER, `${i} ${randomBytes(6000).toString("base64")}`.slice(0, 8000));
    const pages = Array.from({ length: 1000 }, (_, i) => pageOf(i));
    const one = entryBytes(pages[0]!, "/songs/0");
    const budget = Math.round(one * 10.5);
    const cache = new PageCache(file, { maxBytes: budget, maxEntries: 1_000_000 });
    for (let i = 0; i < 1000; i++) {
      cache.set(`/songs/${i}`, pages[i]!, cache.generation);
      assert.ok(cache.bytes <= budget, `${cache.bytes} bytes after ${i + 1} pages`);
    }
    assert.equal(cache.size, 10);
    assert.ok(cache.get("/songs/999") && !cache.get("/songs/989"));
    // Replacing an entry does not count it twice; an entry larger than the whole budget is not stored.
    const held = cache.bytes;
    const replacement = page(Number.MAX_SAFE_INTEGER, randomBytes(3000).toString("base64"));
    cache.set("/songs/999", replacement, cache.generation);
    assert.equal(cache.bytes, held - entryBytes(pages[999]!, "/songs/999") + entryBytes(replacement, "/songs/999"));
    cache.set("/huge", page(Number.MAX_SAFE_INTEGER, randomBytes(20 * one).toString("base64")), cache.generation);
    assert.equal(cache.get("/huge"), undefined);
    assert.equal(cache.size, 10);
  });

  test("a rebuild (a new file renamed over the catalogue) drops everything, and late pages of the old one are refused", () => {
    const file = join(dir, "b.sqlite");
    writeFileSync(file, "old");
    const cache = new PageCache(file);
    const before = cache.generation;
    cache.set("x", page(Number.MAX_SAFE_INTEGER), before);
    cache.checkCatalogue();
    assert.ok(cache.get("x"), "unchanged file keeps the cache");
    writeFileSync(join(dir, "b.new"), "new catalogue");
    renameSync(join(dir, "b.new"), file);
    cache.checkCatalogue();
    assert.equal(cache.get("x"), undefined);
    assert.equal(cache.bytes, 0);
    cache.set("y", page(Number.MAX_SAFE_INTEGER), before); // rendered from the old catalogue
    assert.equal(cache.get("y"), undefined);
    cache.set("y", page(Number.MAX_SAFE_INTEGER), cache.generation);
    assert.ok(cache.get("y"));
  });
});
