// HTTP range requests (RFC 9110 §14) for the audio route, as pure functions: which bytes of a file of `size`
// bytes a request asks for. One range per request: a multi-range request is answered with the whole file, which
// the RFC allows (a server may always ignore Range) and which spares a multipart body no player asks for.

export type RangeVerdict =
  /** Send the whole file (200): no Range, a unit other than bytes, several ranges, or a stale If-Range. */
  | { kind: "full" }
  /** Send bytes start..end, both inclusive (206). */
  | { kind: "partial"; start: number; end: number }
  /** Malformed, or starting at or past the end of the file (416). */
  | { kind: "unsatisfiable" };

const DIGITS = /^\d+$/;

/** What `Range: header` asks of a file of `size` bytes. */
export function parseRange(header: string | null | undefined, size: number): RangeVerdict {
  if (header === null || header === undefined || header.trim() === "") return { kind: "full" };
  const equals = header.indexOf("=");
  if (equals < 0) return { kind: "unsatisfiable" };
  // A unit this server does not know is ignored, as the RFC requires.
  if (header.slice(0, equals).trim().toLowerCase() !== "bytes") return { kind: "full" };
  const specs = header.slice(equals + 1).split(",").map((s) => s.trim());
  if (specs.length > 1) return specs.every((s) => /^\d*-\d*$/.test(s) && s !== "-") ? { kind: "full" } : { kind: "unsatisfiable" };
  const spec = specs[0]!;
  const dash = spec.indexOf("-");
  if (dash < 0) return { kind: "unsatisfiable" };
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === "") {
    // "-n": the last n bytes
    if (!DIGITS.test(last)) return { kind: "unsatisfiable" };
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  if (!DIGITS.test(first) || (last !== "" && !DIGITS.test(last))) return { kind: "unsatisfiable" };
  const start = Number(first);
  if (start >= size) return { kind: "unsatisfiable" };
  if (last === "") return { kind: "partial", start, end: size - 1 };
  const end = Number(last);
  if (end < start) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}

/**
 * Whether a range request still applies given its If-Range: absent, or naming the representation's current
 * strong ETag or its Last-Modified date exactly. Otherwise the client holds another version and gets it whole.
 */
export function ifRangeHolds(ifRange: string | null | undefined, etag: string, lastModified: string): boolean {
  if (ifRange === null || ifRange === undefined || ifRange.trim() === "") return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith("W/")) return value === etag;
  return value === lastModified;
}

/** Whether If-None-Match names `etag` (weak comparison, as the RFC asks for this header) or is `*`. */
export function noneMatch(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === bare;
  });
}
