// The Melon Playlist Continuation format (ARCHITECTURE.md, "The dataset format"), as TypeScript shapes.

/** One entry of song_meta.json. */
export interface SongMeta {
  id: number;
  album_id: number;
  artist_id_basket: number[];
  artist_name_basket: string[];
  song_name: string;
  song_gn_gnr_basket: string[];
  song_gn_dtl_gnr_basket: string[];
  /** yyyymmdd as an integer; month and day may be 00 when unknown, 0 when nothing is known. */
  issue_date: number;
  album_name: string;
}

/** One entry of train.json (also val.json, test.json). */
export interface Playlist {
  id: number;
  plylst_title: string;
  tags: string[];
  songs: number[];
  like_cnt: number;
  /** "YYYY-MM-DD HH:MM:SS.000" */
  updt_date: string;
}

/** Mel-spectrogram shape: 48 mel bands x 1876 frames (about 30 s). */
export const MEL_BANDS = 48;
export const MEL_FRAMES = 1876;
/** Mel frames per second (16 kHz audio, hop 256). */
export const MEL_FRAMES_PER_SECOND = 16000 / 256;
/** The bands are mel-spaced over 0–8 kHz (16 kHz audio); band b is centred on mel (b + 1) · MEL_MAX / (MEL_BANDS + 1). */
export const MEL_MAX_HZ = 8000;
const MEL_MAX = 2595 * Math.log10(1 + MEL_MAX_HZ / 700);

/** Fractional band index (0 = first band's centre) of a frequency. */
export function bandOfFrequency(hz: number): number {
  const mel = 2595 * Math.log10(1 + hz / 700);
  return mel / (MEL_MAX / (MEL_BANDS + 1)) - 1;
}

/** The frequency at a fractional band index: the inverse of bandOfFrequency. */
export function frequencyOfBand(band: number): number {
  return 700 * (10 ** (((band + 1) * MEL_MAX) / (MEL_BANDS + 1) / 2595) - 1);
}

/** arena_mel/{floor(id/1000)}/{id}.npy, relative to the dataset directory (the site reads it too). */
export { melRelativePath } from "../../lib/datasetFiles.ts";

/** The sample generator's ground truth (sample_truth.json), used by evaluation when present. */
export interface SampleTruth {
  seed: number;
  songs: { id: number; work: number; version: "original" | "english" | "remix" | "live" | "cover" | "acoustic" | "instrumental"; genre: string }[];
}
export const SAMPLE_TRUTH_FILE = "sample_truth.json";
