// Decoding the excerpt a song is represented by: 30 seconds centred on the middle of the track (the middle
// avoids intros and fade-outs, and is where a song is most itself), or the whole track when it is shorter.
// ffmpeg reads any format it knows and resamples with soxr to 16 kHz; the channels are then averaged to mono
// here, as librosa.load(mono=True) does (ffmpeg's own downmix would weight them by 1/√2 in float output).
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { threadId } from "node:worker_threads";
import { findFfmpeg } from "./ffmpeg.ts";
import { EXCERPT_SAMPLES, EXCERPT_SECONDS, SAMPLE_RATE } from "./melSpectrogram.ts";

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecodeError";
  }
}

/** Longest stretch decoded when the whole file must be (unknown duration): the middle of its first 15 minutes. */
export const WHOLE_DECODE_LIMIT_SECONDS = 900;

export interface Excerpt {
  /** 16 kHz mono, at most EXCERPT_SAMPLES. */
  samples: Float32Array;
  /** Where the excerpt starts in the track, in seconds (3 decimals). */
  startSeconds: number;
  /** Seconds of audio that decode, when the whole file was decoded (unknown or untrustworthy duration). */
  decodedSeconds: number | null;
}

/** Start of the excerpt for a track of `durationSeconds`: centred, in whole milliseconds. */
export function excerptStart(durationSeconds: number): number {
  if (!(durationSeconds > EXCERPT_SECONDS)) return 0;
  return Math.floor(((durationSeconds - EXCERPT_SECONDS) / 2) * 1000) / 1000;
}

/** The centred EXCERPT_SAMPLES of decoded samples (all of them when shorter). */
export function middleExcerpt(samples: Float32Array): { samples: Float32Array; startSample: number } {
  if (samples.length <= EXCERPT_SAMPLES) return { samples, startSample: 0 };
  const startSample = Math.floor((samples.length - EXCERPT_SAMPLES) / 2);
  return { samples: samples.slice(startSample, startSample + EXCERPT_SAMPLES), startSample };
}

const LITTLE_ENDIAN = endianness() === "LE";

/** Reads the RIFF/WAVE file ffmpeg writes (sizes may be placeholders) as interleaved float32 frames. */
export function parseFloatWav(bytes: Buffer): { channels: number; sampleRate: number; data: Float32Array } {
  if (bytes.length < 12 || bytes.toString("latin1", 0, 4) !== "RIFF" || bytes.toString("latin1", 8, 12) !== "WAVE") {
    throw new DecodeError("ffmpeg did not produce a WAVE stream");
  }
  let at = 12;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString("latin1", at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === "fmt ") {
      channels = bytes.readUInt16LE(at + 10);
      sampleRate = bytes.readUInt32LE(at + 12);
      bits = bytes.readUInt16LE(at + 22);
    } else if (id === "data") {
      // The data is the rest of the file (ffmpeg writing to a pipe leaves the size a placeholder).
      if (bits !== 32 || channels < 1) throw new DecodeError(`unexpected PCM layout from ffmpeg (${bits} bits, ${channels} channels)`);
      const start = at + 8;
      const count = Math.floor((bytes.length - start) / 4);
      let data: Float32Array;
      if (LITTLE_ENDIAN) {
        // A copy of the bytes viewed as floats (the data may start at any offset of the file's buffer).
        const offset = bytes.byteOffset + start;
        data = new Float32Array(bytes.buffer.slice(offset, offset + 4 * count));
      } else {
        data = new Float32Array(count);
        for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(start + 4 * i);
      }
      return { channels, sampleRate, data };
    }
    at += 8 + size + (size & 1);
  }
  throw new DecodeError("ffmpeg's WAVE stream has no data");
}

/** Averages interleaved channels into one. */
export function toMono(interleaved: Float32Array, channels: number): Float32Array {
  if (channels === 1) return interleaved;
  const frames = Math.floor(interleaved.length / channels);
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[f * channels + c]!;
    mono[f] = sum / channels;
  }
  return mono;
}

/**
 * ffmpeg's complaint in one line: its closing error (the line naming the file) with the first diagnostic
 * before it, both without the file name and the "[mp3 @ 0x55d…]" prefixes (addresses differ run to run).
 */
export function ffmpegReason(stderr: string, file: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, "").trim())
    .filter(Boolean);
  const named = (l: string) => l.startsWith(`file:${file}: `) || l.startsWith(`${file}: `);
  const strip = (l: string) => l.replace(`file:${file}: `, "").replace(`${file}: `, "");
  const closing = [...lines].reverse().find(named);
  const detail = lines.find((l) => !named(l) && !l.startsWith("Error opening input"));
  if (closing && detail) return `${strip(closing)} (${detail.replace(/\.$/, "")})`;
  return strip(closing ?? detail ?? "ffmpeg failed without a message");
}

let soxrMissing = false;
let outputs = 0;

/** Runs ffmpeg on `file` from `startSeconds` for at most `seconds` (null: to the end); 16 kHz mono float32. */
export async function decodeAudio(
  file: string,
  options: { startSeconds?: number; seconds?: number | null; signal?: AbortSignal } = {},
): Promise<Float32Array> {
  const absolute = resolve(file);
  const { path } = findFfmpeg();
  const args = ["-hide_banner", "-nostdin", "-loglevel", "error"];
  if (options.startSeconds && options.startSeconds > 0) args.push("-ss", options.startSeconds.toFixed(3));
  // "file:" keeps ffmpeg from reading a name like "concat:…" or "http:…" as a protocol.
  args.push("-i", `file:${absolute}`, "-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1");
  if (!soxrMissing) args.push("-af", "aresample=resampler=soxr");
  args.push("-ar", String(SAMPLE_RATE), "-c:a", "pcm_f32le", "-fflags", "+bitexact", "-f", "wav");
  if (options.seconds != null) args.push("-t", String(options.seconds));
  // Through a temporary file rather than a pipe: a pipe moves the 4 MB of a stereo excerpt 64 KB at a time, each
  // a round trip between ffmpeg and this thread, which cost more than the decoding itself.
  const output = join(tmpdir(), `mugle-decode-${process.pid}-${threadId}-${++outputs}.wav`);
  args.push("-y", output);

  let result: { bytes: Buffer; stderr: string; code: number | null };
  try {
    result = await new Promise((done, fail) => {
      const child = spawn(path, args, { stdio: ["ignore", "ignore", "pipe"], signal: options.signal });
      let errors = "";
      child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
      child.on("error", fail);
      child.on("close", (exit) => {
        let bytes = Buffer.alloc(0);
        try {
          bytes = readFileSync(output);
        } catch {
          // no output: ffmpeg failed before writing, reported from its error text
        }
        done({ bytes, stderr: errors, code: exit });
      });
    });
  } finally {
    rmSync(output, { force: true });
  }
  const { bytes, stderr, code } = result;
  if (code !== 0 && !soxrMissing && stderr.includes("resampling engine")) {
    // An ffmpeg built without libsoxr: its own resampler is a little less accurate, but works.
    soxrMissing = true;
    return decodeAudio(file, options);
  }
  // A damaged file may decode in part and still make ffmpeg exit with an error: what decoded is kept.
  let wav: ReturnType<typeof parseFloatWav> | null = null;
  try {
    wav = bytes.length > 0 ? parseFloatWav(bytes) : null;
  } catch (error) {
    if (code === 0) throw error;
  }
  if (code !== 0 && (!wav || wav.data.length === 0)) throw new DecodeError(`ffmpeg cannot decode it: ${ffmpegReason(stderr, absolute)}`);
  if (!wav) return new Float32Array(0);
  if (wav.sampleRate !== SAMPLE_RATE) throw new DecodeError(`ffmpeg returned ${wav.sampleRate} Hz instead of ${SAMPLE_RATE}`);
  return toMono(wav.data, wav.channels);
}

/**
 * The excerpt of `file` that represents it. With a known duration only the excerpt is decoded; when the
 * duration is unknown, or the file ends early (a truncated download whose header still claims the full
 * length), the whole file is decoded and the middle of what decodes is taken.
 */
export async function decodeExcerpt(file: string, durationSeconds: number | null, signal?: AbortSignal): Promise<Excerpt> {
  if (durationSeconds && durationSeconds > 0) {
    const startSeconds = excerptStart(durationSeconds);
    const samples = await decodeAudio(file, { startSeconds, seconds: EXCERPT_SECONDS, signal });
    const expected = Math.min(EXCERPT_SAMPLES, Math.floor((durationSeconds - startSeconds) * SAMPLE_RATE));
    // A tenth of a second of slack: container durations are rounded, and encoders pad or trim a frame.
    if (samples.length >= expected - SAMPLE_RATE / 10 && samples.length > 0) return { samples, startSeconds, decodedSeconds: null };
  }
  const all = await decodeAudio(file, { seconds: WHOLE_DECODE_LIMIT_SECONDS, signal });
  if (all.length === 0) throw new DecodeError("no audio decodes from it (empty stream, or truncated before the first frame)");
  const { samples, startSample } = middleExcerpt(all);
  return { samples, startSeconds: Math.round((startSample / SAMPLE_RATE) * 1000) / 1000, decodedSeconds: all.length / SAMPLE_RATE };
}
