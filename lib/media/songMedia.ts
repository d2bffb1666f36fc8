// The responses of a song's media routes, apart from Next (the route handlers only parse the id and find the
// catalogue): its audio, streamed from the file the catalogue names — never from anything in the request but
// the song id —, and its mel-spectrogram as a PNG.
import type { Catalogue } from "../catalogue/reader.ts";
import { apiCacheControl } from "../revalidateWindow.ts";
import { fileResponse } from "./fileResponse.ts";
import { openInside } from "./libraryFile.ts";
import { noneMatch } from "./httpRange.ts";
import { readMelFile } from "./melFile.ts";
import { spectrogramPng } from "./spectrogram.ts";
export { songSpectrogramUrl } from "./songMediaUrls.ts";

/** An audio file's validators (ETag from its size and time) tell a browser when it changed; an hour saves re-asking. */
const AUDIO_CACHE_CONTROL = "public, max-age=3600";
/** A picture whose URL names the build it was drawn for never changes. */
const IMMUTABLE = "public, max-age=31536000, immutable";

function notFound(message: string): Response {
  return new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * The song's audio, with ranges, HEAD and conditional requests; 404 when the song has none, when the catalogue
 * does not say where its folder is on this machine, or when its file is missing or leads outside that folder
 * (checked now, on real paths: see libraryFile.ts). The 404 never says where it looked.
 */
export async function songAudioResponse(request: Request, catalogue: Pick<Catalogue, "audioFile">, id: number): Promise<Response> {
  const audio = catalogue.audioFile(id);
  if (!audio) return notFound(`song ${id} has no audio`);
  if (audio.folder === null) return notFound(`song ${id}: its music folder is not known on this server`);
  const file = await openInside(audio.folder, audio.path);
  if (!file) return notFound(`song ${id}: its audio file cannot be found`);
  return fileResponse(request, file, { contentType: audio.mime, cacheControl: AUDIO_CACHE_CONTROL });
}

/**
 * The song's mel-spectrogram as a PNG, or 404 when it has none (no mel, the dataset moved away, a file that is
 * not a spectrogram). Asked for with the current build's id it is cached for good; otherwise for the site's
 * revalidation window. Its ETag is the build's and the song's, so a rebuild changes it.
 */
export function songSpectrogramResponse(request: Request, catalogue: Pick<Catalogue, "melFile" | "buildId">, id: number): Response {
  const etag = `"${catalogue.buildId}-${id}"`;
  const current = new URL(request.url).searchParams.get("build") === catalogue.buildId;
  const headers = new Headers({ "Cache-Control": current ? IMMUTABLE : apiCacheControl(), ETag: etag });
  const file = catalogue.melFile(id);
  if (file === null) return notFound(`song ${id} has no mel-spectrogram`);
  if (noneMatch(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  const mel = readMelFile(file);
  if (!mel) return notFound(`song ${id}: its mel-spectrogram cannot be read`);
  const png = spectrogramPng(mel);
  headers.set("Content-Type", "image/png");
  headers.set("Content-Length", String(png.length));
  return new Response(request.method === "HEAD" ? null : new Uint8Array(png), { headers });
}
