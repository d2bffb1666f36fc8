// GET /api/songs/{id}: the song document (lib/types.ts) (the same JSON as `mugle recommend --json`).
import { cachedJson, jsonError, unavailable } from "../../../_lib/http";
import { parseSongId, readCatalogue } from "../../../_lib/siteCatalogue";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const id = parseSongId(raw);
  if (id === null) return jsonError(400, "song id must be a non-negative integer");
  const { data, error } = readCatalogue((catalogue) => ({ doc: catalogue.songDocument(id), buildId: catalogue.buildId }));
  if (error) return unavailable(error.publicMessage);
  if (!data.doc) return jsonError(404, `song ${id} is not in the catalogue`);
  return cachedJson(request, data.buildId, data.doc);
}
