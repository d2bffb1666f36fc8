// GET /api/map/{music2vec|tcae|cel}: the stored 2-D projection of one embedding for the /map page,
// column-wise ({ids, x, y, genre, names, artists, genres}) so thousands of points stay a compact payload.
import { cachedJson, jsonError, unavailable } from "../../../_lib/http";
import { readCatalogue } from "../../../_lib/siteCatalogue";
import { MODELS, type Model } from "@/lib/types.ts";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ model: string }> }) {
  const model = (await params).model;
  if (!(MODELS as readonly string[]).includes(model)) return jsonError(400, `model must be one of ${MODELS.join(", ")}`);
  const { data, error } = readCatalogue((catalogue) => ({ points: catalogue.mapPoints(model as Model), buildId: catalogue.buildId }));
  if (error) return unavailable(error.publicMessage);
  const { points, buildId } = data;
  // Four decimals place a point to 1/20,000 of the map: finer than any screen, and half the bytes.
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return cachedJson(request, buildId, { ...points, x: points.x.map(round), y: points.y.map(round) });
}
