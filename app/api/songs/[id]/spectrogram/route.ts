// GET/HEAD /api/songs/{id}/spectrogram: the song's mel-spectrogram as a PNG, drawn from the dataset's .npy file;
// cached for good when asked for with the current build's id (lib/media/songMedia.ts).
import { songMediaRoute } from "../../../../_lib/songMediaRoute";
import { songSpectrogramResponse } from "@/lib/media/songMedia.ts";

export const dynamic = "force-dynamic";

export const GET = songMediaRoute(songSpectrogramResponse);
export const HEAD = GET;
