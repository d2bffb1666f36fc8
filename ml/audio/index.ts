// The audio front-end: any file ffmpeg decodes → the representative 30-second excerpt at 16 kHz mono →
// the Melon dataset's 48-band log-power mel-spectrogram.
import { decodeExcerpt, type Excerpt } from "./decode.ts";
import { melSpectrogram, type MelSpectrogram } from "./melSpectrogram.ts";

export { DecodeError, decodeAudio, decodeExcerpt, excerptStart, type Excerpt } from "./decode.ts";
export { findFfmpeg, type Ffmpeg } from "./ffmpeg.ts";
export * from "./melSpectrogram.ts";

/**
 * The mel-spectrogram of a file's excerpt (48 × 1876 for a track of 30 s or more, fewer frames for a
 * shorter one, as in the dataset). `durationSeconds`, when known, lets only the excerpt be decoded.
 */
export async function melFromFile(
  file: string,
  options: { durationSeconds?: number | null; signal?: AbortSignal } = {},
): Promise<{ mel: MelSpectrogram; excerpt: Excerpt }> {
  const excerpt = await decodeExcerpt(file, options.durationSeconds ?? null, options.signal);
  return { mel: melSpectrogram(excerpt.samples), excerpt };
}
