// The GET/HEAD handler shared by the song media routes (/api/songs/{id}/audio, /api/songs/{id}/spectrogram): the
// song id is all the request says; lib/media/songMedia.ts makes the response.
import { jsonError, unavailable } from "./http";
import { loadCatalogue, parseSongId } from "./siteCatalogue";
import { isCatalogueUnavailable } from "@/lib/catalogue/connection.ts";
import type { Catalogue } from "@/lib/catalogue/reader.ts";

type Context = { params: Promise<{ id: string }> };
type MediaResponder = (request: Request, catalogue: Catalogue, id: number) => Response | Promise<Response>;

export function songMediaRoute(respond: MediaResponder) {
  return async function GET(request: Request, { params }: Context): Promise<Response> {
    const id = parseSongId((await params).id);
    if (id === null) return jsonError(400, "song id must be a non-negative integer");
    const { catalogue, error } = loadCatalogue();
    if (error) return unavailable(error.publicMessage);
    try {
      return await respond(request, catalogue, id);
    } catch (problem) {
      // Damage found while reading the song's row: the same 503 as a catalogue that cannot be opened.
      if (isCatalogueUnavailable(problem)) return unavailable(problem.publicMessage);
      throw problem;
    }
  };
}
