// The song-page cache of server.mjs, as pure pieces that can be tested: which requests it may answer, what of a
// response it keeps, and a bounded LRU map that forgets everything when the catalogue file is replaced.
// server.mjs does the I/O (capturing what Next sends, replaying it); the freshness rules are explained there.
import { fileIdentity } from "./catalogue/connection.ts";

const SONG_PATH = /^\/songs\/\d+$/;
// Requests that ask Next for something other than the plain HTML document (client navigation payloads,
// prefetches, server actions, partial content): always passed through.
const NON_DOCUMENT_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "range"];
// Headers that describe one connection or one transfer, not the page: never replayed from the cache.
const UNSTORED_HEADERS = new Set([
  "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
  "proxy-authorization", "content-length", "date",
  "x-nextjs-cache", // Next's verdict on the first request, not on a replay
]);

export type HeaderValue = string | string[];
export type Headers = Record<string, HeaderValue>;
export type Encoding = "gzip" | "identity";

export interface CachedPage {
  status: number;
  headers: Headers;
  body: Buffer;
  /** Date.now() after which the entry is no longer served. */
  expires: number;
}

export interface RequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The URL path of a request that may be answered from the cache, else null. */
export function cachedPath(req: RequestLike): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const path = req.url ?? "";
  if (!SONG_PATH.test(path)) return null; // also rules out any query string
  if (NON_DOCUMENT_HEADERS.some((name) => req.headers[name] !== undefined)) return null;
  return path;
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

// Next compresses responses itself (gzip when the client accepts it), so one path has up to two bodies: a gzip
// one and an uncompressed one. Each is its own entry; a client is only ever sent a body it said it accepts.
/** The encodings this request may be answered with from the cache, preferred first. */
export function acceptableEncodings(req: RequestLike): Encoding[] {
  return acceptsGzip(req.headers["accept-encoding"]) ? ["gzip", "identity"] : ["identity"];
}

/** The encoding a captured body is stored under, or null when it is one this cache does not keep. */
export function storedEncoding(headers: Record<string, unknown>): Encoding | null {
  const encoding = headers["content-encoding"];
  if (encoding === undefined) return "identity";
  return encoding === "gzip" ? "gzip" : null;
}

export function cacheKey(path: string, encoding: Encoding): string {
  return `${encoding} ${path}`;
}

/** Whether a captured response may be replayed to other visitors. */
export function storable(status: number, headers: Record<string, unknown>): boolean {
  if (status !== 200 || storedEncoding(headers) === null) return false;
  if (headers["set-cookie"] !== undefined) return false; // per-visitor
  // STALE: Next's copy is already older than the window; keeping it for another window would break the bound.
  return headers["x-nextjs-cache"] !== "STALE";
}

/** The headers worth replaying: everything but per-connection ones (numbers as strings). */
export function storedHeaders(headers: Record<string, string | number | string[] | undefined>): Headers {
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!UNSTORED_HEADERS.has(name) && value !== undefined) kept[name] = typeof value === "number" ? String(value) : value;
  }
  return kept;
}

/** A bounded map from cache key to a captured page; least recently used entries go first. */
export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #catalogue: string;
  readonly #maxEntries: number;
  #identity: string | null;
  /** Bumped whenever the cache is dropped, so a response rendered before that is not stored after it. */
  generation = 0;

  constructor(catalogueFile: string, maxEntries = 5000) {
    this.#catalogue = catalogueFile;
    this.#maxEntries = maxEntries;
    this.#identity = fileIdentity(catalogueFile);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Drops every entry if the catalogue file was replaced since the last look (one stat call). */
  checkCatalogue(): void {
    const identity = fileIdentity(this.#catalogue);
    if (identity === this.#identity) return;
    this.#identity = identity;
    this.#entries.clear();
    this.generation++;
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= now) return undefined;
    this.#entries.set(key, entry); // now the most recently used
    return entry;
  }

  /** Stores `entry` unless the cache was dropped since `generation` was read (the page may be from the old catalogue). */
  set(key: string, entry: CachedPage, generation: number): void {
    if (generation !== this.generation) return;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
