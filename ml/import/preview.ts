// Previews for files browsers cannot play. The site streams a song's own file when every common browser plays
// its format (catalogueAudio.ts browsersPlay); for any other (tracker modules, WMA, AIFF, Monkey's Audio,
// WavPack, Musepack, AC-3, ALAC …) the import makes a preview: the same excerpt the
// models hear (30 s centred on the middle), as MP3 at 128 kb/s, the one format every browser plays, written into
// the dataset (previews/{id // 1000}/{id}.mp3, about 0.5 MB each).
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, resolve, join } from "node:path";
import { threadId } from "node:worker_threads";
import { DecodeError, ffmpegReason } from "../audio/decode.ts";
import { findFfmpeg } from "../audio/ffmpeg.ts";
import { EXCERPT_SECONDS } from "../audio/melSpectrogram.ts";

export const PREVIEW_MIME = "audio/mpeg";
const PREVIEW_BITRATE = "128k";

export const PREVIEWS_FOLDER = "previews";

/** previews/{floor(id/1000)}/{id}.mp3, relative to the dataset directory (laid out like arena_mel). */
export function previewRelativePath(songId: number): string {
  return `${PREVIEWS_FOLDER}/${Math.floor(songId / 1000)}/${songId}.mp3`;
}

/** Extensions whose files browsers play, provided the codec inside is one of PLAYABLE_CODECS. */
const PLAYABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  "mp3", "mpga", "m4a", "m4b", "mp4", "aac", "adts", "flac", "wav", "wave", "ogg", "oga", "opus", "webm", "weba",
]);
/** Codecs as music-metadata names them: MP3, AAC (not ALAC), FLAC, PCM, Vorbis, Opus. */
const PLAYABLE_CODECS = [/^MPEG [12](\.5)? Layer 3$/i, /^(MPEG-4\/)?AAC\b/i, /^FLAC$/i, /^PCM\b/i, /^Vorbis\b/i, /^Opus$/i];

/** Whether every common browser plays the file as it is (its extension, and its codec when known). */
export function browsersPlay(audio: { path: string; codec: string | null }): boolean {
  if (!PLAYABLE_EXTENSIONS.has(extname(audio.path).slice(1).toLowerCase())) return false;
  // A codec music-metadata cannot name inside a playable container is left to the browser.
  return audio.codec === null || PLAYABLE_CODECS.some((codec) => codec.test(audio.codec!));
}

let outputs = 0;

/** The preview of `file`: `seconds` from `startSeconds`, as MP3 bytes (the same bytes for the same file and ffmpeg). */
export async function encodePreview(file: string, startSeconds: number, signal?: AbortSignal, seconds = EXCERPT_SECONDS): Promise<Uint8Array> {
  const absolute = resolve(file);
  const output = join(tmpdir(), `mugle-preview-${process.pid}-${threadId}-${++outputs}.mp3`);
  const args = ["-hide_banner", "-nostdin", "-loglevel", "error"];
  if (startSeconds > 0) args.push("-ss", startSeconds.toFixed(3));
  args.push(
    "-i", `file:${absolute}`, "-t", String(seconds), "-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1",
    "-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", PREVIEW_BITRATE,
    // No encoder version or date in the file: the same input gives the same bytes.
    "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp3", "-y", output,
  );
  try {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((done, fail) => {
      const child = spawn(findFfmpeg().path, args, { stdio: ["ignore", "ignore", "pipe"], signal });
      let errors = "";
      child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
      child.on("error", fail);
      child.on("close", (exit) => done({ code: exit, stderr: errors }));
    });
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(output);
    } catch {
      // reported below
    }
    if (code !== 0 || !bytes || bytes.length === 0) throw new DecodeError(`no preview could be made: ${ffmpegReason(stderr, absolute)}`);
    // A copy that owns its memory: it is transferred to the main thread, and a small file's Buffer may be a
    // slice of node's shared pool.
    return new Uint8Array(bytes);
  } finally {
    rmSync(output, { force: true });
  }
}
