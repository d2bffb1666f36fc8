// Real encoded audio for tests, made at test time by ffmpeg's lavfi sources: tones, chords, noise, silence,
// in the codecs a music library holds, with tags. Nothing binary is committed for these.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { findFfmpeg } from "../audio/ffmpeg.ts";

/** Encoder arguments per file extension (every one is in both Debian's ffmpeg and the static npm build). */
const CODECS: Record<string, string[]> = {
  mp3: ["-c:a", "libmp3lame", "-b:a", "128k"],
  ogg: ["-c:a", "libvorbis", "-q:a", "3"],
  opus: ["-c:a", "libopus", "-b:a", "64k"],
  flac: ["-c:a", "flac"],
  m4a: ["-c:a", "aac", "-b:a", "128k"],
  wav: ["-c:a", "pcm_s16le"],
  aiff: ["-c:a", "pcm_s16be"],
};

export const SOURCES = {
  tone: (hz: number) => `sine=frequency=${hz}:sample_rate=44100`,
  chord: (...hz: number[]) => `aevalsrc=${hz.map((f) => `0.2*sin(2*PI*${f}*t)`).join("+")}:s=44100`,
  noise: (seed: number) => `anoisesrc=color=pink:seed=${seed}:amplitude=0.3:r=44100`,
  silence: () => "anullsrc=r=44100:cl=stereo",
};

export interface SynthOptions {
  /** A lavfi source (SOURCES); several are concatenated one after another. */
  sources: string[];
  /** Seconds of each source. */
  seconds: number[];
  tags?: Record<string, string>;
  /** Two channels: the source on the left, silence on the right. */
  leftOnly?: boolean;
}

/** Writes `file` (codec from its extension) and returns it. */
export function synthesize(file: string, options: SynthOptions): string {
  mkdirSync(dirname(file), { recursive: true });
  const ext = file.slice(file.lastIndexOf(".") + 1);
  const codec = CODECS[ext];
  if (!codec) throw new Error(`synthesize: no encoder for .${ext}`);
  const inputs = options.sources.flatMap((source, i) => ["-f", "lavfi", "-t", String(options.seconds[i]), "-i", source]);
  const n = options.sources.length;
  const mono = Array.from({ length: n }, (_, i) => `[${i}:a]aformat=sample_rates=44100:channel_layouts=mono[m${i}]`).join(";");
  const joined = `${mono};${Array.from({ length: n }, (_, i) => `[m${i}]`).join("")}concat=n=${n}:v=0:a=1[c]`;
  const layout = options.leftOnly ? ";[c]pan=stereo|c0=c0|c1=0*c0[out]" : ";[c]anull[out]";
  const metadata = Object.entries(options.tags ?? {}).flatMap(([key, value]) => ["-metadata", `${key}=${value}`]);
  execFileSync(findFfmpeg().path, [
    "-hide_banner", "-loglevel", "error", "-y", ...inputs,
    "-filter_complex", joined + layout, "-map", "[out]", ...metadata, ...codec, file,
  ]);
  return file;
}
