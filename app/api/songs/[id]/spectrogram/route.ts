// GET/HEAD /api/songs/{id}/spectrogram: the song's mel-spectrogram as a PNG, drawn from the dataset's .npy file;
// cached for good when asked for with the current build's id (lib/media/songMedia.ts).
import { jsonError, unavailable } from "../../../../_lib/http";
import { loadCatalogue, parseSongId } from "../../../../_lib/siteCatalogue";
import { songSpectrogramResponse } from "@/lib/media/songMedia.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const id = parseSongId((await params).id);
  if (id === null) return jsonError(400, "song id must be a non-negative integer");
  const { catalogue, error } = loadCatalogue();
  if (error) return unavailable(error.publicMessage);
  return songSpectrogramResponse(request, catalogue, id);
}

export const HEAD = GET;
