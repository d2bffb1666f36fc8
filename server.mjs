// The production server (`npm start`; run as `node --import tsx server.mjs` so it can share lib/'s TypeScript).
// It serves the whole app through Next's request handler, and in front of it:
// - request policy (lib/requestPolicy.ts): read-only methods (405 with Allow otherwise), addresses that decode
//   (400 otherwise), canonical song URLs (/songs/0001 → 308 /songs/1);
// - the catalogue's health: while it is unusable (missing, unreadable, damaged, another schema) pages get the
//   "catalogue unavailable" page and the API a JSON error, both with status 503, and the next request after a
//   good file appears is served normally;
// - security headers on every response (lib/securityHeaders.ts), and on every HTML page a Content-Security-Policy
//   listing the SHA-256 of exactly the inline scripts that page holds: HTML is read whole before it is sent;
// - a small in-memory cache of what the site answers from the catalogue alone (lib/pageCache.ts): song pages, the
//   search page, and the API's search and song documents. Next's own page cache already holds song pages, but its
//   per-request overhead (routing, cache lookup, response plumbing) costs several times what sending the page does,
//   and it renders the search page and runs the API's handlers anew on every request; answering repeat requests
//   here is what brings them inside the latency targets at 32 connections. It is bounded in bytes
//   (MUGLE_PAGE_CACHE_MB, default 32).
//
// Freshness is never worse than Next's alone (lib/revalidateWindow.ts):
// - an entry lives for MUGLE_REVALIDATE_SECONDS, and only responses Next served fresh (HIT, MISS: younger than that
//   window; the search page and the API are rendered for the request) are stored, so nothing leaves here more than
//   twice the window after it was rendered;
// - the whole cache is dropped as soon as the catalogue file's identity changes (a rebuild's atomic rename), and a
//   response whose request began before that change is not stored.
//
// PORT (default 3000) and HOST (default: all interfaces) say where to listen; MUGLE_DB names the catalogue.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import next from "next";
import { catalogueFile } from "./lib/catalogue/location.ts";
import { catalogueProblem } from "./lib/catalogue/reader.ts";
import {
  MIN_GZIP_BYTES, PageCache, bodyOf, cacheKey, cachedPage, canonicalRequestHeaders, negotiateEncoding, storable, storedHeaders,
} from "./lib/pageCache.ts";
import { checkRequest, isApiPath, isCataloguePage } from "./lib/requestPolicy.ts";
import { revalidateSeconds } from "./lib/revalidateWindow.ts";
import { SECURITY_HEADERS, contentSecurityPolicy, inlineScriptHashes } from "./lib/securityHeaders.ts";

const port = Number(process.env.PORT) || 3000;
const host = process.env.HOST || undefined;
const pageCacheBytes = (Number(process.env.MUGLE_PAGE_CACHE_MB) > 0 ? Number(process.env.MUGLE_PAGE_CACHE_MB) : 32) * 1024 * 1024;
/** The "catalogue unavailable" page marks itself (app/_components/CatalogueUnavailable.tsx): such a page is a 503. */
const UNAVAILABLE_MARKER = 'data-catalogue-unavailable="true"';
/** While the catalogue is unusable, clients are asked to come back after this many seconds. */
const RETRY_AFTER_SECONDS = "10";

function toBuffer(chunk, encoding) {
  if (chunk === undefined || chunk === null || typeof chunk === "function") return null;
  if (typeof chunk === "string") return Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8");
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Moves headers given to writeHead onto the response (setHeader), so getHeaders() sees them all. */
function adoptHeaders(res, headers) {
  if (Array.isArray(headers)) {
    // [name, value, name, value, ...] or [[name, value], ...]
    const pairs = Array.isArray(headers[0]) ? headers : headers.flatMap((_, i) => (i % 2 ? [] : [[headers[i], headers[i + 1]]]));
    for (const [name, value] of pairs) res.setHeader(name, value);
  } else if (headers) {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  }
}

/**
 * Holds back a response whose Content-Type starts with `type` until Next has written all of it, then calls
 * `onComplete(status, body)` to send it (a page's CSP needs the whole page, the cache a complete response).
 * Anything else passes straight through. A response Next abandons (the client left, the render failed) never
 * reaches onComplete.
 */
function hold(res, type, onComplete) {
  const { writeHead, write, end, flushHeaders } = res;
  let mode = null;
  const chunks = [];
  const decide = () => {
    mode ??= String(res.getHeader("content-type") ?? "").toLowerCase().startsWith(type) ? "hold" : "pass";
    return mode;
  };
  res.writeHead = function (status, reason, headers) {
    if (typeof reason !== "string") [reason, headers] = [undefined, reason];
    adoptHeaders(res, headers);
    res.statusCode = status;
    if (reason !== undefined) res.statusMessage = reason;
    return decide() === "pass" ? writeHead.call(res, status) : res;
  };
  res.flushHeaders = function () {
    if (decide() === "pass") flushHeaders.call(res);
  };
  res.write = function (chunk, encoding, callback) {
    if (decide() === "pass") return write.call(res, chunk, encoding, callback);
    const buffer = toBuffer(chunk, encoding);
    if (buffer) chunks.push(Buffer.from(buffer)); // a copy: the caller may reuse its buffer
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") process.nextTick(done);
    return true;
  };
  res.end = function (chunk, encoding, callback) {
    if (decide() === "pass") return end.call(res, chunk, encoding, callback);
    const buffer = toBuffer(chunk, encoding);
    if (buffer) chunks.push(Buffer.from(buffer));
    // Sent from here on with the response's own methods.
    Object.assign(res, { writeHead, write, end, flushHeaders });
    onComplete(res.statusCode, Buffer.concat(chunks));
    const done = [chunk, encoding, callback].find((x) => typeof x === "function");
    if (done) res.once("finish", done);
    return res;
  };
}

/**
 * Sends `body` in `encoding`, what the visitor accepts (gzipped here when it is worth it). Asked before Next was
 * asked for identity: the request's own header says identity by then.
 */
function sendBody(req, res, status, body, encoding) {
  const gzip = encoding === "gzip" && body.length >= MIN_GZIP_BYTES;
  send(req, res, status, gzip ? gzipSync(body) : body, gzip);
}

function send(req, res, status, payload, gzip) {
  res.removeHeader("content-encoding");
  if (gzip) res.setHeader("content-encoding", "gzip");
  const vary = String(res.getHeader("vary") ?? "");
  if (!/\baccept-encoding\b/i.test(vary)) res.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  res.setHeader("content-length", payload.length);
  res.writeHead(status);
  res.end(req.method === "HEAD" ? undefined : payload);
}

/** Sends a cached entry in `encoding`: what the visitor accepts (asked before their headers were replaced). */
function sendCached(req, res, entry, verdict, encoding) {
  for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
  res.setHeader("x-mugle-cache", verdict);
  const { payload, gzip } = bodyOf(entry, encoding);
  send(req, res, entry.status, payload, gzip);
}

function sendEarly(req, res, { status, headers, body }) {
  res.writeHead(status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

function unavailableJson(req, res, problem) {
  const body = JSON.stringify({ error: `catalogue unavailable: ${problem.publicMessage}` });
  sendEarly(req, res, { status: 503, headers: { "content-type": "application/json", "cache-control": "no-store", "retry-after": RETRY_AFTER_SECONDS }, body });
}

/** Headers the requests Next answers with a document may carry that ask for something else (RSC, prefetch). */
function wantsDocument(req) {
  return !("rsc" in req.headers || "next-router-prefetch" in req.headers || "next-router-state-tree" in req.headers || "next-action" in req.headers);
}

const app = next({ dev: false, dir: fileURLToPath(new URL(".", import.meta.url)), hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const pages = new PageCache(catalogueFile(), { maxBytes: pageCacheBytes });

const server = createServer((req, res) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  // Pages get their own policy with their scripts' hashes once read; this one (no inline scripts) covers the rest.
  res.setHeader("content-security-policy", contentSecurityPolicy());

  const verdict = checkRequest(req.method, req.url);
  if (verdict.kind === "respond") return sendEarly(req, res, verdict.response);
  const path = req.url.split("?")[0];

  let unavailable = false;
  if (isApiPath(path) || isCataloguePage(path)) {
    const problem = catalogueProblem();
    if (problem) {
      if (isApiPath(path)) return unavailableJson(req, res, problem);
      // The home page renders the "catalogue unavailable" page (and never a song page cached before the problem).
      req.url = "/";
      unavailable = true;
    }
  }

  const key = unavailable ? null : cacheKey(req);
  const encoding = negotiateEncoding(req);
  let generation = 0;
  let startedAt = 0;
  if (key !== null) {
    pages.checkCatalogue();
    const entry = pages.get(key.path);
    if (entry) return sendCached(req, res, entry, "hit", encoding);
    // Whoever asks, Next is asked the same question, so the stored response is the same for everyone.
    req.url = key.path;
    req.headers = canonicalRequestHeaders(req.headers, key.route);
    generation = pages.generation;
    startedAt = Date.now();
  }
  /** Stores a complete response Next sent for a cacheable request and sends it; false when it may not be kept. */
  const store = (status, body) => {
    if (key === null || req.method !== "GET") return false;
    const declared = res.getHeader("content-length");
    const complete = declared === undefined || Number(declared) === body.length;
    if (!complete || !storable(status, res.getHeaders(), body.length, key.route)) return false;
    const entry = cachedPage(status, storedHeaders(res.getHeaders()), body, startedAt + revalidateSeconds() * 1000);
    pages.set(key.path, entry, generation);
    sendCached(req, res, entry, "miss", encoding);
    return true;
  };

  if (req.method === "GET" && !isApiPath(path) && !path.startsWith("/_next/") && wantsDocument(req)) {
    // Next is asked for the page uncompressed: it is read, hashed and compressed here.
    req.headers["accept-encoding"] = "identity";
    hold(res, "text/html", (status, body) => {
      const html = body.toString("utf8");
      res.setHeader("content-security-policy", contentSecurityPolicy(inlineScriptHashes(html)));
      if (unavailable || html.includes(UNAVAILABLE_MARKER)) {
        res.setHeader("cache-control", "no-store");
        res.setHeader("retry-after", RETRY_AFTER_SECONDS);
        return sendBody(req, res, 503, body, encoding);
      }
      if (!store(status, body)) sendBody(req, res, status, body, encoding);
    });
  } else if (key !== null && key.route === "api" && req.method === "GET") {
    hold(res, "application/json", (status, body) => {
      if (!store(status, body)) sendBody(req, res, status, body, encoding);
    });
  } else if (unavailable) {
    // A HEAD of a page while the catalogue is unusable.
    return sendEarly(req, res, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "retry-after": RETRY_AFTER_SECONDS }, body: "" });
  }

  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});

server.listen(port, host, () => {
  console.log(`> Mugle ready on http://${host ?? "localhost"}:${port}`);
});

// Ctrl-C or a supervisor's SIGTERM: stop accepting connections, let requests in flight finish, then exit
// (forced after 10 s so a hung keep-alive connection cannot keep the process alive).
function shutdown(signal) {
  console.log(`> ${signal}: shutting down`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));
