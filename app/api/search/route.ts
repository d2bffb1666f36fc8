// GET /api/search?q=&limit=: [{id, name, artists, album, genres}], best matches first.
// q: at least 2 characters after trimming (else 400); limit: an integer 1..50, default 10 (else 400 —
// a bad limit is a client bug worth surfacing rather than silently clamping).
import { cachedJson, jsonError, unavailable } from "../../_lib/http";
import { readCatalogue } from "../../_lib/siteCatalogue";
import { MIN_QUERY_LENGTH, characterCount, normaliseQuery } from "@/lib/search.ts";

export const dynamic = "force-dynamic";

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const q = params.get("q") ?? "";
  // Not text anyone types: a client bug or a probe.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(q)) return jsonError(400, "q must not contain control characters");
  if (characterCount(normaliseQuery(q)) < MIN_QUERY_LENGTH) {
    return jsonError(400, `q must have at least ${MIN_QUERY_LENGTH} characters`);
  }
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? DEFAULT_LIMIT : /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return jsonError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
  const { data, error } = readCatalogue((catalogue) => ({ hits: catalogue.search(q, limit), buildId: catalogue.buildId }));
  if (error) return unavailable(error.publicMessage);
  return cachedJson(request, data.buildId, data.hits);
}
