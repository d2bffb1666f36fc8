// What server.mjs answers before a request reaches Next.js, as one pure function. The site only reads, so:
// - GET and HEAD are served; OPTIONS says what is allowed (204 with Allow); any other method is 405 with Allow,
//   pages and API alike (Next would render a page for a POST, and its 405s carry no Allow);
// - an address that does not decode (a lone %, %FF in the path) or that carries control characters (NUL in a
//   query) is a 400, never a crash inside Next;
// - a song id spelt with leading zeros (/songs/0001) is redirected to its one canonical URL (/songs/1), so every
//   spelling shares one page-cache entry and the cache cannot be grown by respelling ids.
// API answers are JSON {error}, the API's shape; page answers are one line of plain text.

export const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

export interface EarlyResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type RequestVerdict = { kind: "pass" } | { kind: "respond"; response: EarlyResponse };

/** Control characters (C0 and DEL): no address or query has a use for them. */
const CONTROL = /[\u0000-\u001f\u007f]/u;
const NON_CANONICAL_SONG = /^\/songs\/0+(\d+)$/;

export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

function respond(path: string, status: number, message: string, headers: Record<string, string> = {}): RequestVerdict {
  const api = isApiPath(path);
  return {
    kind: "respond",
    response: {
      status,
      headers: {
        "content-type": api ? "application/json" : "text/plain; charset=utf-8",
        "cache-control": "no-store",
        ...headers,
      },
      body: api ? JSON.stringify({ error: message }) : `${status} ${message}\n`,
    },
  };
}

/** Decodes a path or query component, or null when its percent-encoding is broken (a lone %, %FF, …). */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return null;
  }
}

/** The early answer to `method url`, if any (`url` as in the request line: path and query). */
export function checkRequest(method: string | undefined, url: string | undefined): RequestVerdict {
  const target = url ?? "";
  const queryAt = target.indexOf("?");
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? "" : target.slice(queryAt + 1);

  if (method !== "GET" && method !== "HEAD") {
    if (method === "OPTIONS") return { kind: "respond", response: { status: 204, headers: { allow: ALLOWED_METHODS, "cache-control": "no-store" }, body: "" } };
    return respond(path, 405, `method ${method ?? "?"} is not allowed: this site only reads (${ALLOWED_METHODS})`, { allow: ALLOWED_METHODS });
  }
  if (!path.startsWith("/")) return respond(path, 400, "the address must be a path starting with /");
  const segments = path.split("/").map(decoded);
  if (segments.some((segment) => segment === null)) return respond(path, 400, "the address is not validly percent-encoded");
  if (segments.some((segment) => CONTROL.test(segment!))) return respond(path, 400, "the address contains control characters");
  for (const pair of query === "" ? [] : query.split("&")) {
    // A broken escape in a query is read literally (as browsers and URLSearchParams do); control characters are not text.
    const text = decoded(pair) ?? pair;
    if (CONTROL.test(text)) return respond(path, 400, "the query contains control characters");
  }
  const song = NON_CANONICAL_SONG.exec(path);
  if (song && song[1]!.length <= 10) {
    const location = `/songs/${Number(song[1])}${queryAt < 0 ? "" : `?${query}`}`;
    return { kind: "respond", response: { status: 308, headers: { location, "cache-control": "no-store", "content-type": "text/plain; charset=utf-8" }, body: `308 see ${location}\n` } };
  }
  return { kind: "pass" };
}

/**
 * The pages that show the catalogue: while it is unusable, server.mjs answers these with the "catalogue
 * unavailable" page and status 503 (other paths, such as /_next/ assets and the icon, are served as usual).
 */
export function isCataloguePage(path: string): boolean {
  return path === "/" || path === "/search" || path === "/map" || path === "/about" || path === "/attribution" || path.startsWith("/songs/");
}
