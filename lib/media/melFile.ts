// Reading a dataset's mel-spectrogram file (.npy, float16 or float32, shape (bands, frames), C order) for the
// site's pictures. The build reads the same files strictly (ml/data/mel.ts: one error line for anything wrong);
// the site is lenient instead: a file that is missing, unreadable or not a spectrogram is simply no picture,
// never a failed page.
import { readFileSync } from "node:fs";
import { parse } from "npyjs";
import { widenFloat16 } from "../float16.ts";
import type { MelValues } from "./spectrogram.ts";

/** The values of a .npy mel-spectrogram, or null when the bytes are not one. */
export function parseMelNpy(bytes: Uint8Array): MelValues | null {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let npy: ReturnType<typeof parse>;
  try {
    npy = parse(buffer, { convertFloat16: false });
  } catch {
    return null;
  }
  const dtype = npy.dtype as string;
  if ((dtype !== "f2" && dtype !== "f4") || npy.fortranOrder || npy.shape.length !== 2) return null;
  const [bands, frames] = npy.shape as [number, number];
  if (bands < 1 || frames < 1) return null;
  const data = dtype === "f2" ? widenFloat16(npy.data as Uint16Array) : (npy.data as Float32Array);
  if (data.length !== bands * frames) return null;
  return { bands, frames, data };
}

/** The mel-spectrogram in `file`, or null when there is none (missing, unreadable, malformed). */
export function readMelFile(file: string): MelValues | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  return parseMelNpy(bytes);
}
