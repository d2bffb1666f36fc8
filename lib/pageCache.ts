// The response cache of server.mjs, as pure pieces that can be tested: which requests it may answer and fill,
// what Next is asked (the same request whoever asks), what of a response it keeps, and a byte-bounded LRU map that
// forgets everything when the catalogue file is replaced. server.mjs does the I/O; the freshness rules are
// explained there.
//
// What it holds: what the site answers from the catalogue alone, the same for every visitor:
// - song pages (/songs/{id});
// - the search page (/search?q=…&page=N), which Next renders anew on every request (it reads the query string),
//   and whose rows cost tens of milliseconds each time;
// - the API's search and song documents (/api/search?q=…&limit=…, /api/songs/{id}[?discovery=…]).
// Each is kept under its canonical address: only the query parameters the route reads, in a fixed order, so
// `/api/songs/7?utm=x` and `/api/songs/7` are one entry, and Next is asked for that canonical address.
//
// No visitor can change what another one gets:
// - a request that asks Next for something other than the plain document (client navigation payloads,
//   prefetches, server actions, ranges, conditional requests) bypasses the cache entirely, in both directions;
// - every other request is passed to Next with a fixed set of headers (canonicalRequestHeaders), whatever the
//   visitor sent, so the response rendered for one visitor is the response rendered for all;
// - only complete 200 responses of the route's type (HTML pages, JSON for the API) without cookies are kept
//   (storable);
// - each entry is stored once, in one encoding (gzipped when large enough to be worth it), and every visitor is
//   answered in the encoding they accept (negotiateEncoding; unzipped per request for the few that do not take
//   gzip): the first visitor's Accept-Encoding decides nothing. Kept gzipped, a song page is about a tenth of its
//   size (8 kB instead of 90).
import { gunzipSync, gzipSync } from "node:zlib";
import { fileIdentity } from "./catalogue/connection.ts";

/** Canonical song paths only (/songs/0001 is redirected to /songs/1 before it gets here). */
const SONG_PATH = /^\/songs\/(0|[1-9]\d{0,9})$/;
const API_SONG_PATH = /^\/api\/songs\/(0|[1-9]\d{0,9})$/;
/**
 * Request headers with which a request wants something other than the document: Next's own protocol (an RSC
 * payload, a prefetch, a server action), part of the body, or a 304 when it still holds the version it names. It
 * is passed through untouched.
 */
const NEXT_PROTOCOL_HEADERS = [
  "rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url", "next-action",
  "next-hmr-refresh", "x-middleware-prefetch", "x-nextjs-data", "x-prerender-revalidate", "range",
  "if-none-match", "if-modified-since",
];
// Headers that describe one connection or one transfer, not the page: never replayed from the cache.
const UNSTORED_HEADERS = new Set([
  "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
  "proxy-authorization", "content-length", "content-encoding", "date",
  "x-nextjs-cache", // Next's verdict on the first request, not on a replay
]);
/** What an entry costs besides its body and its key (headers, bookkeeping), for the byte budget. */
const ENTRY_OVERHEAD_BYTES = 2048;
/** Smaller bodies are stored and sent as they are: gzip would save next to nothing. */
export const MIN_GZIP_BYTES = 1024;

export type HeaderValue = string | string[];
export type Headers = Record<string, HeaderValue>;
export type Encoding = "gzip" | "identity";

export interface CachedPage {
  status: number;
  /** Everything to replay but the body's encoding and length. */
  headers: Headers;
  /** The body as Next rendered it, gzipped once when stored if it is at least MIN_GZIP_BYTES. */
  body: Buffer;
  /** Whether `body` is gzipped. */
  gzipped: boolean;
  /** Date.now() after which the entry is no longer served. */
  expires: number;
}

/** Which kind of answer a cached address is: it decides what Next is asked and what of its answer is kept. */
export type CachedRoute = "song" | "search" | "api";

/** A request the cache may answer and fill: its canonical address (the entry's key, what Next is asked) and kind. */
export interface CacheKey {
  path: string;
  route: CachedRoute;
}

export interface RequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The canonical address and kind of a request that may be answered from the cache (and fill it), else null. */
export function cacheKey(req: RequestLike): CacheKey | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  if (NEXT_PROTOCOL_HEADERS.some((name) => req.headers[name] !== undefined)) return null;
  const url = req.url ?? "";
  const queryAt = url.indexOf("?");
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  // Song pages with a query string (?discovery=…) are Next's own cached route: not held here.
  if (SONG_PATH.test(url)) return { path: url, route: "song" };
  const params = new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1));
  if (path === "/search") return { path: withParams(path, params, ["q", "page"]), route: "search" };
  if (path === "/api/search") return { path: withParams(path, params, ["q", "limit"]), route: "api" };
  if (API_SONG_PATH.test(path)) return { path: withParams(path, params, ["discovery"]), route: "api" };
  return null;
}

/** `path` with the first value of each of `names` that the request carries, in that order, and nothing else. */
function withParams(path: string, params: URLSearchParams, names: readonly string[]): string {
  const kept = new URLSearchParams();
  for (const name of names) {
    const value = params.get(name);
    if (value !== null) kept.set(name, value);
  }
  const query = kept.toString();
  return query === "" ? path : `${path}?${query}`;
}

/**
 * The headers a cacheable request is passed to Next with, instead of the visitor's: the host, what it accepts
 * (a page or JSON, by the route) and an Accept-Encoding of identity (the cache compresses the body itself).
 * Cookies, the user agent (Next renders metadata differently for bots), forwarded-for headers and anything unknown
 * are left out, so no header a visitor sends can shape the response stored for everyone.
 */
export function canonicalRequestHeaders(headers: RequestLike["headers"], route: CachedRoute = "song"): Record<string, string> {
  const host = headers.host;
  return {
    host: typeof host === "string" && host !== "" ? host : "localhost",
    accept: route === "api" ? "application/json" : "text/html",
    "accept-encoding": "identity",
  };
}

/** Whether Accept-Encoding allows gzip (named, or `*`, without q=0). */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  if (!acceptEncoding) return false;
  return String(acceptEncoding).split(",").some((part) => {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    if (coding.trim() !== "gzip" && coding.trim() !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The encoding this request is answered in: gzip when it accepts it, else the page as is. */
export function negotiateEncoding(req: RequestLike): Encoding {
  return acceptsGzip(req.headers["accept-encoding"]) ? "gzip" : "identity";
}

function headerText(value: unknown): string {
  return Array.isArray(value) ? value.join(", ") : value === undefined || value === null ? "" : String(value);
}

/**
 * Whether a captured response may be replayed to other visitors: a 200 of the route's type (an HTML page, JSON
 * for the API), uncompressed (the cache asked for identity), with a body, no cookie, nothing in Cache-Control
 * forbidding shared caching, and not served stale by Next (keeping it for another window would break the
 * freshness bound). The search page is the exception to Cache-Control: Next marks every page that reads its query
 * string private and no-store, because it renders it per request; what it renders depends on nothing but the
 * canonical address (the key) and the catalogue, whose replacement empties the cache.
 */
export function storable(status: number, headers: Record<string, unknown>, bodyBytes: number, route: CachedRoute = "song"): boolean {
  if (status !== 200 || bodyBytes === 0) return false;
  const type = headerText(headers["content-type"]).toLowerCase();
  if (!type.startsWith(route === "api" ? "application/json" : "text/html")) return false;
  const encoding = headerText(headers["content-encoding"]).toLowerCase();
  if (encoding !== "" && encoding !== "identity") return false;
  if (headers["set-cookie"] !== undefined) return false; // per-visitor
  if (route !== "search" && /\b(no-store|private|no-cache)\b/i.test(headerText(headers["cache-control"]))) return false;
  return headers["x-nextjs-cache"] !== "STALE";
}

/** The headers worth replaying: everything but per-connection and encoding ones (numbers as strings). */
export function storedHeaders(headers: Record<string, string | number | string[] | undefined>): Headers {
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!UNSTORED_HEADERS.has(name) && value !== undefined) kept[name] = typeof value === "number" ? String(value) : value;
  }
  return kept;
}

/** A response to store: the body gzipped once here when it is worth it. */
export function cachedPage(status: number, headers: Headers, identity: Buffer, expires: number): CachedPage {
  const gzipped = identity.length >= MIN_GZIP_BYTES;
  return { status, headers, body: gzipped ? gzipSync(identity) : identity, gzipped, expires };
}

/** What to send for `entry` to a request that accepts `encoding`: the payload, and whether it is gzipped. */
export function bodyOf(entry: CachedPage, encoding: Encoding): { payload: Buffer; gzip: boolean } {
  if (!entry.gzipped) return { payload: entry.body, gzip: false };
  return encoding === "gzip" ? { payload: entry.body, gzip: true } : { payload: gunzipSync(entry.body), gzip: false };
}

/** What an entry stored under `key` costs against the byte budget. */
export function entryBytes(entry: CachedPage, key = ""): number {
  return entry.body.length + 2 * key.length + ENTRY_OVERHEAD_BYTES;
}

/**
 * A map from canonical address to a captured response, bounded by a byte budget (and an entry count); the least
 * recently used entries go first. However many distinct addresses are requested, it never holds more than
 * `maxBytes`.
 */
export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #catalogue: string;
  readonly #maxBytes: number;
  readonly #maxEntries: number;
  #bytes = 0;
  #identity: string | null;
  /** Bumped whenever the cache is dropped, so a response rendered before that is not stored after it. */
  generation = 0;

  constructor(catalogueFile: string, options: { maxBytes?: number; maxEntries?: number } = {}) {
    this.#catalogue = catalogueFile;
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.#maxEntries = options.maxEntries ?? 5000;
    this.#identity = fileIdentity(catalogueFile);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held, as counted against the budget. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Drops every entry if the catalogue file was replaced since the last look (one stat call). */
  checkCatalogue(): void {
    const identity = fileIdentity(this.#catalogue);
    if (identity === this.#identity) return;
    this.#identity = identity;
    this.#entries.clear();
    this.#bytes = 0;
    this.generation++;
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= now) {
      this.#bytes -= entryBytes(entry, key);
      return undefined;
    }
    this.#entries.set(key, entry); // now the most recently used
    return entry;
  }

  /** Stores `entry` unless the cache was dropped since `generation` was read (the page may be from the old catalogue). */
  set(key: string, entry: CachedPage, generation: number): void {
    if (generation !== this.generation) return;
    const size = entryBytes(entry, key);
    if (size > this.#maxBytes) return;
    this.#remove(key);
    this.#entries.set(key, entry);
    this.#bytes += size;
    while (this.#bytes > this.#maxBytes || this.#entries.size > this.#maxEntries) this.#remove(this.#entries.keys().next().value!);
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entryBytes(entry, key);
  }
}
