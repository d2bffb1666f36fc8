// The song-page cache of server.mjs, as pure pieces that can be tested: which requests it may answer and fill,
// what Next is asked (the same request whoever asks), what of a response it keeps, and a byte-bounded LRU map that
// forgets everything when the catalogue file is replaced. server.mjs does the I/O; the freshness rules are
// explained there.
//
// No visitor can change what another one gets:
// - a request that asks Next for something other than the plain HTML document (client navigation payloads,
//   prefetches, server actions, ranges, anything with a query) bypasses the cache entirely, in both directions;
// - every other request is passed to Next with a fixed set of headers (canonicalRequestHeaders), whatever the
//   visitor sent, so the page rendered for one visitor is the page rendered for all;
// - only complete 200 HTML responses that say they may be cached are kept (storable);
// - each entry holds the page gzipped, made here from one render, and every visitor is answered in the encoding
//   they accept (negotiateEncoding; unzipped per request for the few that do not take gzip): the first visitor's
//   Accept-Encoding decides nothing. Kept gzipped, a song page is about a tenth of its size (8 kB instead of 90).
import { gunzipSync, gzipSync } from "node:zlib";
import { fileIdentity } from "./catalogue/connection.ts";

/** Canonical song paths only (/songs/0001 is redirected to /songs/1 before it gets here). */
const SONG_PATH = /^\/songs\/(0|[1-9]\d{0,9})$/;
/**
 * Request headers of Next's own protocol: with any of them a request wants something other than the document
 * (an RSC payload, a prefetch, a server action, part of the body), so it is passed through untouched.
 */
const NEXT_PROTOCOL_HEADERS = [
  "rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url", "next-action",
  "next-hmr-refresh", "x-middleware-prefetch", "x-nextjs-data", "x-prerender-revalidate", "range",
];
// Headers that describe one connection or one transfer, not the page: never replayed from the cache.
const UNSTORED_HEADERS = new Set([
  "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
  "proxy-authorization", "content-length", "content-encoding", "date",
  "x-nextjs-cache", // Next's verdict on the first request, not on a replay
]);
/** What an entry costs besides its two bodies (headers, key, bookkeeping), for the byte budget. */
const ENTRY_OVERHEAD_BYTES = 2048;

export type HeaderValue = string | string[];
export type Headers = Record<string, HeaderValue>;
export type Encoding = "gzip" | "identity";

export interface CachedPage {
  status: number;
  /** Everything to replay but the body's encoding and length. */
  headers: Headers;
  /** The page as Next rendered it, gzipped once when stored. */
  gzip: Buffer;
  /** Date.now() after which the entry is no longer served. */
  expires: number;
}

export interface RequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The URL path of a request that may be answered from the cache (and fill it), else null. */
export function cachedPath(req: RequestLike): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const path = req.url ?? "";
  if (!SONG_PATH.test(path)) return null; // also rules out any query string
  if (NEXT_PROTOCOL_HEADERS.some((name) => req.headers[name] !== undefined)) return null;
  return path;
}

/**
 * The headers a cacheable request is passed to Next with, instead of the visitor's: the host, and an
 * Accept-Encoding of identity (the cache compresses the page itself). Cookies, the user agent (Next renders
 * metadata differently for bots), forwarded-for headers and anything unknown are left out, so no header a
 * visitor sends can shape the page stored for everyone.
 */
export function canonicalRequestHeaders(headers: RequestLike["headers"]): Record<string, string> {
  const host = headers.host;
  return {
    host: typeof host === "string" && host !== "" ? host : "localhost",
    accept: "text/html",
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
 * Whether a captured response may be replayed to other visitors: a 200 HTML page, uncompressed (the cache
 * asked for identity), with a body, no cookie, nothing in Cache-Control forbidding shared caching, and not
 * served stale by Next (keeping it for another window would break the freshness bound).
 */
export function storable(status: number, headers: Record<string, unknown>, bodyBytes: number): boolean {
  if (status !== 200 || bodyBytes === 0) return false;
  if (!headerText(headers["content-type"]).toLowerCase().startsWith("text/html")) return false;
  const encoding = headerText(headers["content-encoding"]).toLowerCase();
  if (encoding !== "" && encoding !== "identity") return false;
  if (headers["set-cookie"] !== undefined) return false; // per-visitor
  if (/\b(no-store|private|no-cache)\b/i.test(headerText(headers["cache-control"]))) return false;
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

/** A page to store: the body gzipped once here. */
export function cachedPage(status: number, headers: Headers, identity: Buffer, expires: number): CachedPage {
  return { status, headers, gzip: gzipSync(identity), expires };
}

/** The body of `entry` in `encoding`. */
export function bodyOf(entry: CachedPage, encoding: Encoding): Buffer {
  return encoding === "gzip" ? entry.gzip : gunzipSync(entry.gzip);
}

/** What an entry costs against the byte budget. */
export function entryBytes(entry: CachedPage): number {
  return entry.gzip.length + ENTRY_OVERHEAD_BYTES;
}

/**
 * A map from path to a captured page, bounded by a byte budget (and an entry count); the least recently used
 * entries go first. However many distinct song URLs are requested, it never holds more than `maxBytes`.
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
      this.#bytes -= entryBytes(entry);
      return undefined;
    }
    this.#entries.set(key, entry); // now the most recently used
    return entry;
  }

  /** Stores `entry` unless the cache was dropped since `generation` was read (the page may be from the old catalogue). */
  set(key: string, entry: CachedPage, generation: number): void {
    if (generation !== this.generation) return;
    const size = entryBytes(entry);
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
    this.#bytes -= entryBytes(entry);
  }
}
