// Mel-spectrograms: arena_mel/{floor(id/1000)}/{id}.npy, shape (48, T) float32 or float16, C order.
// npyjs parses the header and the data (and widens float16); this module checks what the models rely on
// and brings every spectrogram to exactly 48 x 1876 frames.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { float16ToFloat32, parse, type NpyArray } from "npyjs";
import { DataError } from "../core/errors.ts";
import { MEL_BANDS, MEL_FRAMES, melRelativePath } from "./melon.ts";

/** numpy's names for the dtype codes npyjs reports, so errors speak the user's language. */
const DTYPE_NAMES: Record<string, string> = {
  f2: "float16", f4: "float32", f8: "float64",
  i1: "int8", i2: "int16", i4: "int32", i8: "int64",
  u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64",
  b1: "bool", c8: "complex64", c16: "complex128",
};

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Parses .npy bytes with npyjs, turning its exceptions into one-line errors about the file. */
function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  if (bytes.byteLength < 10) throw new DataError(file, null, `file is ${bytes.byteLength} bytes, too short for a .npy header`);
  // npyjs views the data in place, so hand it a buffer that holds exactly this file.
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  try {
    // float16 is widened below through a table: npyjs's per-value conversion takes ~25 ms per spectrogram.
    return parse(buffer, { convertFloat16: false });
  } catch (error) {
    const message = (error as Error).message;
    if (message === "Not an .npy file") throw new DataError(file, null, "bad .npy header: the file does not start with \\x93NUMPY");
    if (message === "Malformed .npy header") throw new DataError(file, null, "bad .npy header: no dtype ('descr') in the header");
    const unsupported = /^Unsupported dtype: (.*)$/.exec(message);
    if (unsupported) throw new DataError(file, null, `dtype ${unsupported[1]} is not supported, expected float32 or float16`);
    // Typed-array views that do not fit the buffer: the header or the data stops short.
    throw new DataError(file, null, `bad .npy file (${bytes.byteLength} bytes): header or data truncated (${message})`);
  }
}

let float16Table: Float32Array | undefined;

/** Every float16 bit pattern's value, built once with npyjs's conversion: a lookup per value after that. */
function widenFloat16(halves: Uint16Array): Float32Array {
  if (!float16Table) {
    float16Table = new Float32Array(1 << 16);
    for (let bits = 0; bits < 1 << 16; bits++) float16Table[bits] = float16ToFloat32(bits);
  }
  const values = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) values[i] = float16Table[halves[i]!]!;
  return values;
}

/**
 * Decodes one mel .npy file into a band-major Float32Array of MEL_BANDS x MEL_FRAMES
 * (index band * MEL_FRAMES + frame). Shorter clips repeat their last frame; longer ones are cut.
 */
export function decodeMel(bytes: Uint8Array, file: string): Float32Array {
  const npy = parseNpy(bytes, file);
  const dtype = npy.dtype as string;
  if (dtype !== "f4" && dtype !== "f2") {
    throw new DataError(file, null, `dtype ${DTYPE_NAMES[dtype] ?? dtype} is not supported, expected float32 or float16`);
  }
  if (npy.fortranOrder) throw new DataError(file, null, "array is in Fortran order, expected C order");
  const { shape } = npy;
  if (shape.length !== 2) throw new DataError(file, null, `shape ${shapeText(shape)} is not 2-D, expected (${MEL_BANDS}, frames)`);
  const [bands, frames] = shape as [number, number];
  if (bands !== MEL_BANDS) throw new DataError(file, null, `shape ${shapeText(shape)} has ${bands} mel bands, expected ${MEL_BANDS}`);
  if (frames < 1) throw new DataError(file, null, `shape ${shapeText(shape)} has no frames`);
  const data = dtype === "f2" ? widenFloat16(npy.data as Uint16Array) : (npy.data as Float32Array);
  if (data.length !== bands * frames) {
    throw new DataError(file, null, `data holds ${data.length} values, shape ${shapeText(shape)} needs ${bands * frames} (file truncated?)`);
  }

  const mel = new Float32Array(MEL_BANDS * MEL_FRAMES);
  const kept = Math.min(frames, MEL_FRAMES);
  for (let band = 0; band < MEL_BANDS; band++) {
    const from = band * frames;
    const to = band * MEL_FRAMES;
    for (let frame = 0; frame < kept; frame++) {
      const v = data[from + frame]!;
      if (!Number.isFinite(v)) throw new DataError(file, null, `value at band ${band}, frame ${frame} is ${v}, expected a finite number`);
      mel[to + frame] = v;
    }
    if (kept < MEL_FRAMES) mel.fill(data[from + kept - 1]!, to + kept, to + MEL_FRAMES);
  }
  return mel;
}

/** The song's mel-spectrogram, or null when the dataset has no file for it. */
export function readMel(dataDir: string, songId: number): Float32Array | null {
  const relative = melRelativePath(songId);
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dataDir, relative));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DataError(relative, null, `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return decodeMel(bytes, relative);
}

export function hasMel(dataDir: string, songId: number): boolean {
  return existsSync(join(dataDir, melRelativePath(songId)));
}

/**
 * The ids among `songIds` that have a mel file, in the given order. Lists each arena_mel/{k} folder once
 * instead of probing every file, which matters for 700k songs.
 */
export function listMelIds(dataDir: string, songIds: Iterable<number>): number[] {
  const folders = new Map<number, Set<string>>();
  const filesIn = (folder: number): Set<string> => {
    let files = folders.get(folder);
    if (!files) {
      try {
        files = new Set(readdirSync(join(dataDir, "arena_mel", String(folder))));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        files = new Set();
      }
      folders.set(folder, files);
    }
    return files;
  };
  const ids: number[] = [];
  for (const id of songIds) if (filesIn(Math.floor(id / 1000)).has(`${id}.npy`)) ids.push(id);
  return ids;
}
