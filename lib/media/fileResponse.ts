// A file as an HTTP response (Web API Response, as Next's route handlers return): streamed, with range
// requests (206 with Content-Range, 416 for a range the file cannot satisfy, If-Range), conditional requests
// (ETag, 304) and HEAD. The file is already open (libraryFile.ts decided that it may be served); it is closed
// when the body has been sent, or at once when there is no body to send.
import { Readable } from "node:stream";
import { ifRangeHolds, noneMatch, parseRange } from "./httpRange.ts";
import type { OpenedFile } from "./libraryFile.ts";

export interface FileResponseOptions {
  contentType: string;
  cacheControl: string;
}

/** A strong validator for a file's current content: it changes whenever its size or modification time does. */
export function fileEtag(file: Pick<OpenedFile, "size" | "mtimeMs">): string {
  return `"${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}"`;
}

export async function fileResponse(request: Request, file: OpenedFile, options: FileResponseOptions): Promise<Response> {
  const etag = fileEtag(file);
  const lastModified = new Date(Math.floor(file.mtimeMs / 1000) * 1000).toUTCString();
  const headers = new Headers({
    "Content-Type": options.contentType,
    "Accept-Ranges": "bytes",
    "Cache-Control": options.cacheControl,
    ETag: etag,
    "Last-Modified": lastModified,
  });
  const withoutBody = async (status: number) => {
    await file.handle.close();
    return new Response(null, { status, headers });
  };

  if (noneMatch(request.headers.get("if-none-match"), etag)) return withoutBody(304);

  let verdict = parseRange(request.headers.get("range"), file.size);
  if (verdict.kind !== "full" && !ifRangeHolds(request.headers.get("if-range"), etag, lastModified)) verdict = { kind: "full" };
  if (verdict.kind === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${file.size}`);
    return withoutBody(416);
  }
  const [start, end, status] = verdict.kind === "partial" ? [verdict.start, verdict.end, 206] : [0, file.size - 1, 200];
  if (verdict.kind === "partial") headers.set("Content-Range", `bytes ${start}-${end}/${file.size}`);
  headers.set("Content-Length", String(Math.max(0, end - start + 1)));
  if (request.method === "HEAD" || file.size === 0) return withoutBody(status);

  // The stream closes the file when it ends, fails or is cancelled (the listener went away mid-song).
  const stream = file.handle.createReadStream({ start, end, autoClose: true });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
}
