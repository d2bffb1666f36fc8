// One import worker: for each file it is sent, reads the tags, decodes the excerpt with ffmpeg, computes the
// mel-spectrogram and encodes it as .npy bytes, and for a format browsers cannot play encodes an MP3 preview of
// the same excerpt; the bytes go back to the main thread (the only writer of the dataset, so an interrupted
// import never leaves a half-written file).
import { parentPort } from "node:worker_threads";
import { DecodeError, decodeExcerpt } from "../audio/decode.ts";
import { findFfmpeg, readsTrackerModules } from "../audio/ffmpeg.ts";
import { SAMPLE_RATE, melSpectrogram } from "../audio/melSpectrogram.ts";
import { encodeNpy, type MelDtype } from "../sample/npyWriter.ts";
import { browsersPlay, encodePreview } from "./preview.ts";
import { readTags, type AudioFormat, type SongTags } from "./tags.ts";

export interface ImportTask {
  index: number;
  absolute: string;
  /** Relative to the music folder (what decides whether browsers play it: its extension). */
  path: string;
  melDtype: MelDtype;
}

export type ImportResult =
  | {
      index: number;
      ok: true;
      tags: SongTags;
      format: AudioFormat;
      /** Why the tags could not be read (the names then come from the path). */
      tagError: string | null;
      excerptStart: number;
      decodedSeconds: number | null;
      frames: number;
      npy: Uint8Array;
      /** MP3 of the excerpt, for a format browsers cannot play; null when it plays as it is, or no preview could be made. */
      preview: Uint8Array | null;
      /** Why a preview was needed and could not be made. */
      previewError: string | null;
    }
  | { index: number; ok: false; reason: string };

export type WorkerMessage = { task: ImportTask } | { stop: true };

const TRACKER_MODULE = /\.(mod|xm|it|s3m|mtm|669|med|okt|stm|umx)$/i;

/** Less than a second of audio is no song (a damaged file, or a sound effect). */
export const MIN_SAMPLES = SAMPLE_RATE;

const port = parentPort!;
let current: AbortController | null = null;

async function run(task: ImportTask): Promise<ImportResult> {
  current = new AbortController();
  try {
    const { tags, format, tagError } = await readTags(task.absolute);
    const excerpt = await decodeExcerpt(task.absolute, format.duration, current.signal);
    if (excerpt.samples.length < MIN_SAMPLES) {
      const seconds = (excerpt.samples.length / SAMPLE_RATE).toFixed(2);
      throw new DecodeError(`only ${seconds} s of audio decode${format.duration ? ` of the ${format.duration.toFixed(1)} s its header announces (truncated)` : ""}: too short to stand for a song`);
    }
    const mel = melSpectrogram(excerpt.samples);
    const npy = encodeNpy(mel.data, mel.bands, mel.frames, task.melDtype);
    let preview: Uint8Array | null = null;
    let previewError: string | null = null;
    if (!browsersPlay({ path: task.path, codec: format.codec })) {
      try {
        preview = await encodePreview(task.absolute, excerpt.startSeconds, current.signal);
      } catch (error) {
        if (current.signal.aborted) throw error;
        previewError = (error as Error).message;
      }
    }
    return {
      index: task.index,
      ok: true,
      tags,
      format,
      tagError,
      excerptStart: excerpt.startSeconds,
      decodedSeconds: excerpt.decodedSeconds,
      frames: mel.frames,
      npy: new Uint8Array(npy.buffer, npy.byteOffset, npy.byteLength),
      preview,
      previewError,
    };
  } catch (error) {
    let reason = error instanceof DecodeError ? error.message : `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    if (TRACKER_MODULE.test(task.absolute) && !readsTrackerModules()) {
      reason += ` (${findFfmpeg().path} has no libopenmpt for tracker modules; Debian's ffmpeg has)`;
    }
    return { index: task.index, ok: false, reason };
  } finally {
    current = null;
  }
}

port.on("message", (message: WorkerMessage) => {
  if ("stop" in message) {
    // Ctrl-C: kill the running ffmpeg, then let the thread end.
    current?.abort();
    port.close();
    return;
  }
  void run(message.task).then((result) => {
    if (result.ok) {
      const transfer = [result.npy.buffer as ArrayBuffer];
      if (result.preview) transfer.push(result.preview.buffer as ArrayBuffer);
      port.postMessage(result, transfer);
    }
    else port.postMessage(result);
  });
});
