// GET/HEAD /api/songs/{id}/audio: the song's recording (an imported library), streamed with range requests.
// The song id is all the request says: the file is the one the catalogue names, checked to lie inside the music
// folder at every request (lib/media/songMedia.ts).
import { jsonError, unavailable } from "../../../../_lib/http";
import { loadCatalogue, parseSongId } from "../../../../_lib/siteCatalogue";
import { songAudioResponse } from "@/lib/media/songMedia.ts";
import { isCatalogueUnavailable } from "@/lib/catalogue/connection.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const id = parseSongId((await params).id);
  if (id === null) return jsonError(400, "song id must be a non-negative integer");
  const { catalogue, error } = loadCatalogue();
  if (error) return unavailable(error.publicMessage);
  try {
    return await songAudioResponse(request, catalogue, id);
  } catch (problem) {
    // Damage found while reading the song's row: the same 503 as a catalogue that cannot be opened.
    if (isCatalogueUnavailable(problem)) return unavailable(problem.publicMessage);
    throw problem;
  }
}

export const HEAD = GET;
