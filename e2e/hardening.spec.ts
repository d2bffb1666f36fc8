// What a hostile visitor tries against the production server (server.mjs in front of Next), on a server of this
// spec's own (a copy of the catalogue it may replace, nothing cached yet): poisoning the page cache through request
// headers or encodings, respelt ids, addresses that do not decode, methods a read-only site does not serve,
// missing security headers, and an unusable catalogue, which must be a 503 that recovers by itself.
import { expect, test } from "@playwright/test";
import { copyFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { damageTable, writeFixtureCatalogue } from "../lib/catalogue/fixture.ts";
import { withCatalogue } from "../lib/catalogue/reader.ts";
import { DATABASE } from "./fixtures.ts";
import { raw, startServer, type RawResponse, type TestServer } from "./server.ts";

test.describe.configure({ mode: "serial" });

let server: TestServer;
let dir: string;
let served: string;
/** Songs no other test of this file requests first, so each test starts with its pages uncached. */
let songs: { id: number; name: string }[] = [];
const nextSong = () => songs.shift()!;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  dir = mkdtempSync(join(tmpdir(), "mugle-hardening-"));
  served = join(dir, "catalogue.sqlite");
  copyFileSync(DATABASE, served);
  songs = withCatalogue(served, (catalogue) => catalogue.popularSongs(60).slice(20).map(({ id, name }) => ({ id, name })));
  server = await startServer(served);
});

test.afterAll(() => {
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => raw(server.base, "GET", path, headers);
const text = (response: RawResponse) =>
  (response.headers["content-encoding"] === "gzip" ? gunzipSync(response.body) : response.body).toString("utf8");
/** React escapes titles in HTML: compare against the escaped form. */
const html = (title: string) => title.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

test("no request header can change the song page another visitor gets", async () => {
  const poisons: Record<string, string>[] = [
    { "x-middleware-prefetch": "1" }, // made the cache store "{}" for everyone
    { rsc: "1" },
    { "next-router-prefetch": "1", rsc: "1" },
    { "user-agent": "Googlebot/2.1", "x-forwarded-host": "evil.example", cookie: "a=b", "accept-language": "xx" },
  ];
  for (const poison of poisons) {
    const song = nextSong();
    const path = `/songs/${song.id}`;
    const first = await get(path, poison);
    expect(first.status, JSON.stringify(poison)).toBeLessThan(500);
    const page = await get(path, { "accept-encoding": "gzip" });
    const again = await get(path, { "accept-encoding": "gzip" });
    for (const response of [page, again]) {
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^text\/html/);
      expect(text(response)).toContain(html(song.name));
      expect(text(response)).not.toContain("evil.example");
    }
    expect(again.headers["x-mugle-cache"]).toBe("hit");
    expect(text(again)).toBe(text(page));
  }
});

test("the search page and the API are kept under their canonical address, and no request header changes them", async () => {
  const { id, name } = nextSong();
  // Two letters of the title (any answer will do, none included: it is the caching that is under test).
  const query = /\p{L}{2}/u.exec(name)?.[0] ?? "ab";
  const poison = { cookie: "a=b", "user-agent": "Googlebot/2.1", "x-forwarded-host": "evil.example", accept: "text/x-component" };
  for (const [first, canonical] of [
    [`/api/songs/${id}?utm=1`, `/api/songs/${id}`],
    [`/api/search?limit=5&q=${encodeURIComponent(query)}&x=1`, `/api/search?q=${encodeURIComponent(query)}&limit=5`],
    [`/search?x=1&q=${encodeURIComponent(query)}`, `/search?q=${encodeURIComponent(query)}`],
  ]) {
    const poisoned = await get(first!, poison);
    expect(poisoned.status, first).toBe(200);
    expect(poisoned.headers["x-mugle-cache"], first).toBe("miss");
    const again = await get(canonical!, { "accept-encoding": "gzip" });
    expect(again.headers["x-mugle-cache"], canonical).toBe("hit");
    expect(text(again), canonical).toBe(text(poisoned));
    expect(text(again), canonical).not.toContain("evil.example");
  }
  const document = await get(`/api/songs/${id}`);
  expect(JSON.parse(text(document)).song.id).toBe(id);
  // A client holding this build's version is Next's to answer: 304, never a body from the cache.
  const revalidated = await get(`/api/songs/${id}`, { "if-none-match": String(document.headers.etag) });
  expect(revalidated.status).toBe(304);
  expect(revalidated.headers["x-mugle-cache"]).toBeUndefined();
});

test("encodings are negotiated per request: a first visitor without gzip decides nothing for the others", async () => {
  const path = `/songs/${nextSong().id}`;
  const identity = await get(path, { "accept-encoding": "identity" });
  expect(identity.headers["content-encoding"]).toBeUndefined();
  const gzip = await get(path, { "accept-encoding": "gzip, deflate, br" });
  expect(gzip.headers["x-mugle-cache"]).toBe("hit");
  expect(gzip.headers["content-encoding"]).toBe("gzip");
  expect(gzip.headers.vary).toMatch(/accept-encoding/i);
  expect(gunzipSync(gzip.body).toString()).toBe(identity.body.toString());
  const plain = await get(path, { "accept-encoding": "gzip;q=0" });
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(plain.body.toString()).toBe(identity.body.toString());
  expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
});

test("a respelt id redirects to the canonical URL, which has one cache entry", async () => {
  const { id, name } = nextSong();
  for (const spelling of [`/songs/0${id}`, `/songs/0000000${id}`]) {
    const response = await get(spelling);
    expect(response.status, spelling).toBe(308);
    expect(response.headers.location).toBe(`/songs/${id}`);
  }
  expect((await get(`/songs/${id}`)).headers["x-mugle-cache"]).toBe("miss");
  const hit = await get(`/songs/${id}`);
  expect(hit.headers["x-mugle-cache"]).toBe("hit");
  expect(text(hit)).toContain(html(name));
});

test("addresses and queries that do not decode, or carry control characters, are 400; nothing is a 500", async () => {
  const { id } = songs[0]!;
  for (const [path, api] of [
    ["/songs/%FF", false], ["/songs/%", false], ["/songs/%00", false], ["/%", false], ["/search?q=a%00b", false],
    ["/api/songs/%", true], ["/api/map/%FF", true], ["/api/search?q=a%00b", true], ["/api/songs/%E2%82", true],
  ] as const) {
    const response = await get(path);
    expect(response.status, path).toBe(400);
    expect(response.headers["content-type"], path).toMatch(api ? /^application\/json/ : /^text\/plain/);
    if (api) expect(Object.keys(JSON.parse(response.body.toString())), path).toEqual(["error"]);
  }
  for (const path of [
    "/songs/%2e%2e", "/songs/..%2F..%2Fetc%2Fpasswd", `/songs/${id}%20`, "/songs/-1", "/songs/1e3", "/songs/99999999999999999999",
    `/songs/${id}/x`, "/api/songs/..%2f", "/api/map/..", "/api/search?q=%FF%FE", "/search?q=%", "/map?song=%FF", "/about?x=%00x".replace("%00", "%25"),
    `/songs/${"9".repeat(3000)}`, "/_next/static/%FF",
  ]) {
    const response = await get(path);
    expect(response.status, path).toBeGreaterThanOrEqual(200);
    expect(response.status, path).toBeLessThan(500);
  }
});

test("the site only reads: other methods are 405 with Allow, on pages as on the API; OPTIONS lists them", async () => {
  const { id } = songs[0]!;
  for (const path of ["/", `/songs/${id}`, "/search?q=ab", "/map", "/about", `/api/songs/${id}`, "/api/search?q=ab", "/api/map/tcae"]) {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "TRACE"]) {
      const response = await raw(server.base, method, path);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow, `${method} ${path}`).toBe("GET, HEAD, OPTIONS");
      expect(response.body.toString(), `${method} ${path}`).not.toContain("<html");
    }
    const options = await raw(server.base, "OPTIONS", path);
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, HEAD, OPTIONS");
  }
});

test("security headers on every response: pages, cache hits, the API, assets, redirects and errors", async () => {
  const { id } = songs[0]!;
  const home = text(await get("/"));
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(home)![1]!;
  const responses: [string, RawResponse][] = [
    ["page", await get("/")],
    ["song page", await get(`/songs/${id}`)],
    ["cached song page", await get(`/songs/${id}`)],
    ["search page", await get("/search?q=ab")],
    ["404 page", await get("/no-such-page")],
    ["API", await get(`/api/songs/${id}`)],
    ["API 404", await get("/api/songs/2000000000")],
    ["asset", await get(asset)],
    ["icon", await get("/icon.svg")],
    ["redirect", await get(`/songs/0${id}`)],
    ["400", await get("/songs/%FF")],
    ["405", await raw(server.base, "POST", "/")],
    ["HEAD", await raw(server.base, "HEAD", `/songs/${id}`)],
  ];
  for (const [what, response] of responses) {
    expect(response.headers["x-content-type-options"], what).toBe("nosniff");
    expect(response.headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(response.headers["x-frame-options"], what).toBe("DENY");
    const csp = String(response.headers["content-security-policy"]);
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("object-src 'none'");
    expect(csp, what).not.toContain("unsafe-inline' 'sha"); // scripts: never 'unsafe-inline'
    expect(/script-src [^;]*unsafe-inline/.test(csp), what).toBe(false);
  }
  // A page's policy lists the hashes of its own inline scripts (Next writes several into every page).
  for (const [what, response] of responses.slice(0, 5)) {
    expect(String(response.headers["content-security-policy"]), what).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*'){2,}/);
  }
});

test("an unusable catalogue is a 503 page and a 503 JSON error, whatever is wrong with it, and the next good file is served", async () => {
  test.setTimeout(60_000);
  const { id, name } = nextSong();
  const good = join(dir, "good.sqlite");
  copyFileSync(served, good);
  // Cached while the catalogue was fine: must not be served while it is not.
  expect((await get(`/songs/${id}`)).status).toBe(200);
  expect((await get(`/songs/${id}`)).headers["x-mugle-cache"]).toBe("hit");

  const replace = async (write: (file: string) => void | Promise<void>) => {
    const next = join(dir, "next.sqlite");
    rmSync(next, { force: true });
    await write(next);
    renameSync(next, served);
  };
  const states: [string, () => Promise<void>, RegExp][] = [
    ["missing", async () => rmSync(served, { force: true }), /No catalogue yet/],
    ["not SQLite", () => replace((f) => writeFileSync(f, "not a database ".repeat(100))), /cannot be read/],
    ["an older schema", () => replace((f) => writeFixtureCatalogue(f, { userVersion: 1 })), /needs a rebuild/],
    ["damaged pages behind an intact header", () => replace((f) => { copyFileSync(good, f); damageTable(f, "songs"); }), /is damaged/],
  ];
  for (const [state, make, title] of states) {
    await make();
    for (const path of ["/", `/songs/${id}`, "/map", "/about", "/search?q=ab"]) {
      const response = await get(path);
      expect(response.status, `${state}: ${path}`).toBe(503);
      expect(response.headers["cache-control"], `${state}: ${path}`).toBe("no-store");
      expect(response.headers["retry-after"], `${state}: ${path}`).toBeDefined();
      expect(text(response), `${state}: ${path}`).toMatch(title);
      expect(text(response), `${state}: ${path}`).not.toContain(html(name));
    }
    for (const path of [`/api/songs/${id}`, "/api/search?q=ab", "/api/map/tcae"]) {
      const response = await get(path);
      expect(response.status, `${state}: ${path}`).toBe(503);
      expect(JSON.parse(response.body.toString()).error, `${state}: ${path}`).toMatch(/^catalogue unavailable: catalogue\.sqlite: /);
    }
    expect((await raw(server.base, "HEAD", "/")).status, `${state}: HEAD /`).toBe(503);
  }

  // A rebuild puts a good file in place: served at once, pages and API.
  await replace((f) => copyFileSync(good, f));
  await expect.poll(async () => (await get(`/songs/${id}`)).status, { timeout: 10_000 }).toBe(200);
  expect(text(await get(`/songs/${id}`))).toContain(html(name));
  expect((await get("/")).status).toBe(200);
  expect((await get(`/api/songs/${id}`)).status).toBe(200);
});

test("damage found while rendering a page that was never cached is a 503 too", async () => {
  const { id } = nextSong();
  const good = join(dir, "good.sqlite");
  const next = join(dir, "next.sqlite");
  copyFileSync(good, next);
  damageTable(next, "ensembles");
  renameSync(next, served);
  // The header and most tables are fine: the damage is met part way through reading the song page.
  const response = await get(`/songs/${id}`);
  expect(response.status).toBe(503);
  expect(text(response)).toMatch(/is damaged/);
  expect((await get(`/api/songs/${id}`)).status).toBe(503);
  copyFileSync(good, next);
  renameSync(next, served);
  await expect.poll(async () => (await get(`/songs/${id}`)).status, { timeout: 10_000 }).toBe(200);
});
