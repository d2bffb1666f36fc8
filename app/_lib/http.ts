// JSON responses of the API: errors as {error}, and caching suited to data that only changes on a rebuild —
// shared caches may keep an answer a minute and serve it stale while revalidating; the ETag is the build id,
// so a client revalidating after a rebuild gets the new data and before one a 304.
import { NextResponse } from "next/server";

export const CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=600";

export function jsonError(status: number, error: string): NextResponse {
  return NextResponse.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
}

/** `body` as JSON with the build's ETag, or 304 when the request already holds that version. */
export function cachedJson(request: Request, buildId: string, body: unknown): NextResponse {
  const etag = `"${buildId}"`;
  const headers = { "Cache-Control": CACHE_CONTROL, ETag: etag };
  const held = request.headers.get("if-none-match");
  if (held && held.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new NextResponse(null, { status: 304, headers });
  }
  return NextResponse.json(body, { headers });
}

/** The catalogue is missing or of another schema: the API says so as a 503 with the reason. */
export function unavailable(message: string): NextResponse {
  return jsonError(503, `catalogue unavailable: ${message}`);
}
