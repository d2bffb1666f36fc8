// JSON responses of the API: errors as {error}, and caching suited to data that only changes on a rebuild —
// caches may keep an answer for the site's revalidation window and serve it stale for as long again while
// revalidating (the same 2 × MUGLE_REVALIDATE_SECONDS bound as the song pages); the ETag is the build id, so a
// client revalidating after a rebuild gets the new data and before one a 304.
import { NextResponse } from "next/server";
import { apiCacheControl } from "@/lib/revalidateWindow.ts";

export function jsonError(status: number, error: string): NextResponse {
  return NextResponse.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
}

/** `body` as JSON with the build's ETag, or 304 when the request already holds that version. */
export function cachedJson(request: Request, buildId: string, body: unknown): NextResponse {
  const etag = `"${buildId}"`;
  const headers = { "Cache-Control": apiCacheControl(), ETag: etag };
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
