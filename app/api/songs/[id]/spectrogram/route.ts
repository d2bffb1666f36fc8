// GET/HEAD /api/songs/{id}/spectrogram: the song's mel-spectrogram as a PNG, drawn from the dataset's .npy file;
// cached for good when asked for with the current build's id (lib/media/songMedia.ts).
import { jsonError, unavailable } from "../../../../_lib/http";
import { loadCatalogue, parseSongId } from "../../../../_lib/siteCatalogue";
import { songSpectrogramResponse } from "@/lib/media/songMedia.ts";
import { isCatalogueUnavailable } from "@/lib/catalogue/connection.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const id = parseSongId((await params).id);
  if (id === null) return jsonError(400, "song id must be a non-negative integer");
  const { catalogue, error } = loadCatalogue();
  if (error) return unavailable(error.publicMessage);
  try {
    return await songSpectrogramResponse(request, catalogue, id);
  } catch (problem) {
    // Damage found while reading the song's row: the same 503 as a catalogue that cannot be opened.
    if (isCatalogueUnavailable(problem)) return unavailable(problem.publicMessage);
    throw problem;
  }
}

export const HEAD = GET;
