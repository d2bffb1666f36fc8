// GET/HEAD /api/songs/{id}/audio: the song's recording (an imported library), streamed with range requests.
// The song id is all the request says: the file is the one the catalogue names, checked to lie inside the music
// folder at every request (lib/media/songMedia.ts).
import { songMediaRoute } from "../../../../_lib/songMediaRoute";
import { songAudioResponse } from "@/lib/media/songMedia.ts";

export const dynamic = "force-dynamic";

export const GET = songMediaRoute(songAudioResponse);
export const HEAD = GET;
