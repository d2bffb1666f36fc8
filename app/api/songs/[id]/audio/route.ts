// GET/HEAD /api/songs/{id}/audio: the song's recording (an imported library), streamed with range requests.
// The song id is all the request says: the file is the one the catalogue names, checked to lie inside the music
// folder at every request (lib/media/songMedia.ts).
import { jsonError, unavailable } from "../../../../_lib/http";
import { loadCatalogue, parseSongId } from "../../../../_lib/siteCatalogue";
import { songAudioResponse } from "@/lib/media/songMedia.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const id = parseSongId((await params).id);
  if (id === null) return jsonError(400, "song id must be a non-negative integer");
  const { catalogue, error } = loadCatalogue();
  if (error) return unavailable(error.publicMessage);
  return songAudioResponse(request, catalogue, id);
}

export const HEAD = GET;
