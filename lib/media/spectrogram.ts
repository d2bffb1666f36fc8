// A mel-spectrogram as a small picture (PNG) and as words (the picture's text alternative). Pure functions of
// the spectrogram's values: the site reads the dataset's .npy file (melFile.ts) and hands the values here.
//
// Picture: time left to right (4 frames of 16 ms per pixel, so every picture has the same time scale and a
// 30-second excerpt is 469 pixels wide), low frequencies at the bottom (2 pixels per mel band), loudness through
// viridis: a colour map that is perceptually uniform, readable by colour-blind viewers and in greyscale, and
// that keeps its contrast on light and dark pages alike (dark violet for quiet, yellow for loud). Each picture
// spans the 80 dB below its loudest cell, as the dataset's dB values do (top_db 80).
import { encodeIndexedPng } from "./png.ts";

export const FRAMES_PER_PIXEL = 4;
export const PIXELS_PER_BAND = 2;
/** The dB range a picture spans below its loudest cell. */
export const DYNAMIC_RANGE_DB = 80;
/** The dataset's frames: 16 kHz audio, hop 256. */
export const FRAME_SECONDS = 256 / 16000;

export interface MelValues {
  bands: number;
  frames: number;
  /** Band-major: data[band * frames + frame], dB. */
  data: Float32Array;
}

// viridis (van der Walt, Smith, Firing; CC0) at ten evenly spaced points, interpolated linearly in between.
const VIRIDIS_STOPS = [
  [0x44, 0x01, 0x54], [0x48, 0x28, 0x78], [0x3e, 0x49, 0x89], [0x31, 0x68, 0x8e], [0x26, 0x82, 0x8e],
  [0x1f, 0x9e, 0x89], [0x35, 0xb7, 0x79], [0x6e, 0xce, 0x58], [0xb5, 0xde, 0x2b], [0xfd, 0xe7, 0x25],
] as const;

/** The 256-colour viridis palette (r, g, b per index), quiet at index 0. */
export const VIRIDIS: Uint8Array = (() => {
  const palette = new Uint8Array(256 * 3);
  const last = VIRIDIS_STOPS.length - 1;
  for (let i = 0; i < 256; i++) {
    const at = (i / 255) * last;
    const lower = Math.min(Math.floor(at), last - 1);
    const t = at - lower;
    for (let c = 0; c < 3; c++) palette[i * 3 + c] = Math.round(VIRIDIS_STOPS[lower]![c]! * (1 - t) + VIRIDIS_STOPS[lower + 1]![c]! * t);
  }
  return palette;
})();

export function pictureSize(mel: Pick<MelValues, "bands" | "frames">): { width: number; height: number } {
  return { width: Math.ceil(mel.frames / FRAMES_PER_PIXEL), height: mel.bands * PIXELS_PER_BAND };
}

/** The colour index of every pixel (row-major from the top): each pixel the mean dB of its frames. */
export function spectrogramPixels(mel: MelValues): { width: number; height: number; pixels: Uint8Array } {
  const { bands, frames, data } = mel;
  const { width, height } = pictureSize(mel);
  let loudest = -Infinity;
  for (let i = 0; i < bands * frames; i++) if (data[i]! > loudest) loudest = data[i]!;
  const floor = loudest - DYNAMIC_RANGE_DB;
  const pixels = new Uint8Array(width * height);
  for (let band = 0; band < bands; band++) {
    const row = bands - 1 - band; // low frequencies at the bottom
    for (let x = 0; x < width; x++) {
      const from = x * FRAMES_PER_PIXEL;
      const to = Math.min(frames, from + FRAMES_PER_PIXEL);
      let sum = 0;
      for (let f = from; f < to; f++) sum += data[band * frames + f]!;
      const level = (sum / (to - from) - floor) / DYNAMIC_RANGE_DB;
      const index = Number.isFinite(level) ? Math.round(Math.min(1, Math.max(0, level)) * 255) : 0;
      for (let dy = 0; dy < PIXELS_PER_BAND; dy++) pixels[(row * PIXELS_PER_BAND + dy) * width + x] = index;
    }
  }
  return { width, height, pixels };
}

export function spectrogramPng(mel: MelValues): Buffer {
  return encodeIndexedPng({ ...spectrogramPixels(mel), palette: VIRIDIS });
}

/** Hz of a Slaney mel value (linear below 1 kHz, logarithmic above), as the dataset's filter bank was made. */
function melToHz(mel: number): number {
  const linearStep = 200 / 3;
  const breakMel = 1000 / linearStep;
  const logStep = Math.log(6.4) / 27;
  return mel < breakMel ? mel * linearStep : 1000 * Math.exp(logStep * (mel - breakMel));
}

function hzToMel(hz: number): number {
  const linearStep = 200 / 3;
  const breakMel = 1000 / linearStep;
  const logStep = Math.log(6.4) / 27;
  return hz < 1000 ? hz / linearStep : breakMel + Math.log(hz / 1000) / logStep;
}

/** Centre frequency of each of `bands` Slaney mel bands spanning 0 to `maxHz`. */
export function bandCentresHz(bands: number, maxHz = 8000): number[] {
  const top = hzToMel(maxHz);
  return Array.from({ length: bands }, (_, band) => melToHz(((band + 1) * top) / (bands + 1)));
}

function roundHz(hz: number): string {
  if (hz >= 1000) return `${(Math.round(hz / 100) / 10).toLocaleString("en-US")} kHz`;
  return `${Math.round(hz / 10) * 10} Hz`;
}

export interface MelSummary {
  seconds: number;
  /** Centre of the band with most energy on average. */
  peakHz: number;
  /** Standard deviation of each frame's mean loudness, dB. */
  loudnessSpreadDb: number;
}

export function summarizeMel(mel: MelValues): MelSummary {
  const { bands, frames, data } = mel;
  let peakBand = 0;
  let peakMean = -Infinity;
  for (let band = 0; band < bands; band++) {
    let sum = 0;
    for (let f = 0; f < frames; f++) sum += data[band * frames + f]!;
    if (sum / frames > peakMean) [peakMean, peakBand] = [sum / frames, band];
  }
  let mean = 0;
  let square = 0;
  for (let f = 0; f < frames; f++) {
    let frame = 0;
    for (let band = 0; band < bands; band++) frame += data[band * frames + f]!;
    frame /= bands;
    mean += frame;
    square += frame * frame;
  }
  mean /= frames;
  const spread = Math.sqrt(Math.max(0, square / frames - mean * mean));
  return { seconds: frames * FRAME_SECONDS, peakHz: bandCentresHz(bands)[peakBand]!, loudnessSpreadDb: spread };
}

/** The picture in words, for its alt text: what a sighted listener reads off it at a glance. */
export function describeMel(summary: MelSummary): string {
  const loudness =
    summary.loudnessSpreadDb < 3 ? "an even loudness throughout" : summary.loudnessSpreadDb < 8 ? "loudness that varies" : "loudness that changes a lot";
  return `${Math.round(summary.seconds)} seconds, most energy around ${roundHz(summary.peakHz)}, ${loudness}`;
}
