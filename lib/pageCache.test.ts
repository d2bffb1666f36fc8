import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { PageCache, acceptableEncodings, cachedPath, storable, storedEncoding, storedHeaders, type CachedPage } from "./pageCache.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-page-cache-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const page = (expires: number, text = "<html>"): CachedPage => ({ status: 200, headers: {}, body: Buffer.from(text), expires });

describe("which requests the cache may answer", () => {
  test("plain GET and HEAD of a song page only", () => {
    assert.equal(cachedPath({ method: "GET", url: "/songs/42", headers: {} }), "/songs/42");
    assert.equal(cachedPath({ method: "HEAD", url: "/songs/42", headers: {} }), "/songs/42");
    assert.equal(cachedPath({ method: "POST", url: "/songs/42", headers: {} }), null);
    for (const url of ["/songs/42?x=1", "/songs/abc", "/songs/42/", "/api/songs/42", "/"]) assert.equal(cachedPath({ method: "GET", url, headers: {} }), null, url);
  });

  test("never client-navigation payloads, prefetches, actions or ranges", () => {
    for (const name of ["rsc", "next-router-state-tree", "next-router-prefetch", "next-action", "range"]) {
      assert.equal(cachedPath({ method: "GET", url: "/songs/1", headers: { [name]: "1" } }), null, name);
    }
  });

  test("gzip only for clients that accept it", () => {
    assert.deepEqual(acceptableEncodings({ headers: { "accept-encoding": "gzip, deflate, br" } }), ["gzip", "identity"]);
    assert.deepEqual(acceptableEncodings({ headers: { "accept-encoding": "br;q=1, *;q=0.5" } }), ["gzip", "identity"]);
    assert.deepEqual(acceptableEncodings({ headers: { "accept-encoding": "gzip;q=0" } }), ["identity"]);
    assert.deepEqual(acceptableEncodings({ headers: {} }), ["identity"]);
  });
});

describe("what of a response is kept", () => {
  test("200s in gzip or no encoding, without cookies, that Next did not serve stale", () => {
    assert.equal(storable(200, {}), true);
    assert.equal(storable(200, { "content-encoding": "gzip", "x-nextjs-cache": "HIT" }), true);
    assert.equal(storable(404, {}), false);
    assert.equal(storable(200, { "content-encoding": "br" }), false);
    assert.equal(storable(200, { "set-cookie": ["a=b"] }), false);
    assert.equal(storable(200, { "x-nextjs-cache": "STALE" }), false);
    assert.equal(storedEncoding({ "content-encoding": "gzip" }), "gzip");
  });

  test("per-connection headers are dropped, numbers become text", () => {
    assert.deepEqual(
      storedHeaders({ "content-type": "text/html", "content-length": 10, connection: "keep-alive", date: "x", "x-nextjs-cache": "MISS", "x-count": 3 }),
      { "content-type": "text/html", "x-count": "3" },
    );
  });
});

describe("PageCache", () => {
  test("entries expire, and the least recently used goes first when full", () => {
    const file = join(dir, "a.sqlite");
    writeFileSync(file, "v1");
    const cache = new PageCache(file, 2);
    cache.set("a", page(1000), cache.generation);
    cache.set("b", page(1000), cache.generation);
    assert.ok(cache.get("a", 500)); // a is now the most recent
    cache.set("c", page(1000), cache.generation);
    assert.equal(cache.get("b", 500), undefined);
    assert.ok(cache.get("a", 500) && cache.get("c", 500));
    assert.equal(cache.get("a", 1000), undefined, "served at or after its expiry");
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
    cache.set("y", page(Number.MAX_SAFE_INTEGER), before); // rendered from the old catalogue
    assert.equal(cache.get("y"), undefined);
    cache.set("y", page(Number.MAX_SAFE_INTEGER), cache.generation);
    assert.ok(cache.get("y"));
  });
});
