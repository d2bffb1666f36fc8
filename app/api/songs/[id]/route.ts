// GET /api/songs/{id}: the song document (lib/types.ts) (the same JSON as `mugle recommend --json`).
// `?discovery=0..1` re-ranks every list between familiar (0) and hidden gems (1) (lib/discovery.ts); 0.5, or
// no parameter, is the stored ranking.
import { cachedJson, jsonError, unavailable } from "../../../_lib/http";
import { parseSongId, readCatalogue } from "../../../_lib/siteCatalogue";
import { NEUTRAL_DISCOVERY, documentAtDiscovery, parseDiscovery } from "@/lib/discovery.ts";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const id = parseSongId(raw);
  if (id === null) return jsonError(400, "song id must be a non-negative integer");
  const discoveryText = new URL(request.url).searchParams.get("discovery");
  const discovery = discoveryText === null ? NEUTRAL_DISCOVERY : parseDiscovery(discoveryText);
  if (discovery === null) return jsonError(400, "discovery must be a number from 0 (familiar) to 1 (hidden gems)");
  const { data, error } = readCatalogue((catalogue) => ({ doc: documentAtDiscovery(catalogue, id, discovery), buildId: catalogue.buildId }));
  if (error) return unavailable(error.publicMessage);
  if (!data.doc) return jsonError(404, `song ${id} is not in the catalogue`);
  return cachedJson(request, data.buildId, data.doc);
}
