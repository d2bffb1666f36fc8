// Mel-spectrograms: arena_mel/{floor(id/1000)}/{id}.npy, shape (48, T) float32 or float16, C order.
// The .npy header is parsed here (magic, version, the dict's descr / fortran_order / shape) and checked against
// what the models rely on; the same parser serves findMels, which checks every file's header and size before
// any training, and decodeMel, which reads the values and brings every spectrogram to exactly 48 x 1876 frames.
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { widenFloat16 } from "../../lib/float16.ts";
import { DataError, checkpoint } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { MEL_BANDS, MEL_FRAMES, melRelativePath } from "./melon.ts";

/** numpy's names for the dtype codes, so errors speak the user's language. */
const DTYPE_NAMES: Record<string, string> = {
  f2: "float16", f4: "float32", f8: "float64",
  i1: "int8", i2: "int16", i4: "int32", i8: "int64",
  u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64",
  b1: "bool", c8: "complex64", c16: "complex128",
};
/** The dtypes a mel may have, little-endian as numpy writes them on every common machine. */
const ITEM_BYTES: Record<string, number> = { "<f4": 4, "<f2": 2 };
const MAGIC = "\x93NUMPY";

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** What a .npy header says, once checked to describe a mel-spectrogram. */
export interface MelHeader {
  /** "<f4" or "<f2". */
  descr: string;
  bands: number;
  frames: number;
  /** Where the data starts. */
  dataOffset: number;
  /** Bytes the data needs: bands * frames * item size. */
  dataBytes: number;
}

/**
 * Parses and checks the header of a .npy file: `head` holds its first bytes (at least the whole header), `size`
 * is the file's length. Throws a one-line DataError naming `file` for anything the models cannot use.
 */
export function parseMelHeader(head: Uint8Array, size: number, file: string): MelHeader {
  const fail = (detail: string): never => {
    throw new DataError(file, null, detail);
  };
  if (size < 10) fail(`file is ${size} bytes, too short for a .npy header`);
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.toString("latin1", 0, 6) !== MAGIC) fail("bad .npy header: the file does not start with \\x93NUMPY");
  const major = bytes[6]!;
  if (major < 1 || major > 3) fail(`bad .npy header: format version ${major}.${bytes[7]}, expected 1.0, 2.0 or 3.0`);
  // Version 1.0 gives the header's length in 2 bytes, 2.0 and 3.0 in 4.
  const preamble = major === 1 ? 10 : 12;
  if (size < preamble) fail(`file is ${size} bytes, too short for a .npy header`);
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const dataOffset = preamble + headerLength;
  if (dataOffset > size) fail(`bad .npy header: it is ${headerLength} bytes long but the file ends after ${size} bytes (file truncated?)`);
  if (dataOffset > bytes.length) fail(`bad .npy header: ${headerLength} bytes long, more than a mel-spectrogram's header can be`);
  const dict = bytes.toString(major === 3 ? "utf8" : "latin1", preamble, dataOffset);

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(dict)?.[1];
  if (descr === undefined) fail("bad .npy header: no dtype ('descr') in the header");
  const itemBytes = ITEM_BYTES[descr!];
  if (itemBytes === undefined) {
    const code = /^[<|]/.test(descr!) ? descr!.slice(1) : descr!;
    fail(`dtype ${DTYPE_NAMES[code] ?? code} is not supported, expected float32 or float16`);
  }
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(dict)?.[1];
  if (fortran === undefined) fail("bad .npy header: no 'fortran_order' in the header");
  if (fortran === "True") fail("array is in Fortran order, expected C order");
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(dict)?.[1];
  if (shapeMatch === undefined) fail("bad .npy header: no 'shape' in the header");
  const parts = shapeMatch!.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (!parts.every((p) => /^\d{1,9}$/.test(p))) fail(`bad .npy header: shape (${shapeMatch}) is not a tuple of sizes`);
  const shape = parts.map(Number);
  if (shape.length !== 2) fail(`shape ${shapeText(shape)} is not 2-D, expected (${MEL_BANDS}, frames)`);
  const [bands, frames] = shape as [number, number];
  if (bands !== MEL_BANDS) fail(`shape ${shapeText(shape)} has ${bands} mel bands, expected ${MEL_BANDS}`);
  if (frames < 1) fail(`shape ${shapeText(shape)} has no frames`);
  const dataBytes = bands * frames * itemBytes!;
  if (size - dataOffset !== dataBytes) {
    const values = Math.floor((size - dataOffset) / itemBytes!);
    const hint = size - dataOffset < dataBytes ? " (file truncated?)" : "";
    fail(`data holds ${values} values, shape ${shapeText(shape)} needs ${bands * frames}${hint}`);
  }
  return { descr: descr!, bands, frames, dataOffset, dataBytes };
}

/**
 * Decodes one mel .npy file into a band-major Float32Array of MEL_BANDS x MEL_FRAMES
 * (index band * MEL_FRAMES + frame). Shorter clips repeat their last frame; longer ones are cut.
 */
export function decodeMel(bytes: Uint8Array, file: string): Float32Array {
  const header = parseMelHeader(bytes, bytes.byteLength, file);
  const { bands, frames, dataOffset } = header;
  // Copied out: the data need not be aligned for a typed-array view, and the file's bytes may be reused.
  // (Uint8Array's slice copies; a Buffer's slice would be a view.)
  const raw = Uint8Array.prototype.slice.call(bytes, dataOffset, dataOffset + header.dataBytes);
  const data = header.descr === "<f2"
    ? widenFloat16(new Uint16Array(raw.buffer, raw.byteOffset, bands * frames))
    : new Float32Array(raw.buffer, raw.byteOffset, bands * frames);

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

/** The reason a path under arena_mel/ cannot be read, as the error line says it. */
function unreadable(error: unknown, expected: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ELOOP") return `is a symbolic link loop, expected ${expected}`;
  if (code === "ENOTDIR") return `is a file, expected ${expected}`;
  if (code === "EISDIR") return `is a directory, expected ${expected}`;
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  return `cannot be read (${code ?? (error as Error).message})`;
}

const NPY_FILE = "a .npy file";

/** The song's mel-spectrogram, or null when the dataset has no file for it. */
export function readMel(dataDir: string, songId: number): Float32Array | null {
  const relative = melRelativePath(songId);
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dataDir, relative));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DataError(relative, null, unreadable(error, NPY_FILE));
  }
  return decodeMel(bytes, relative);
}

export function hasMel(dataDir: string, songId: number): boolean {
  return existsSync(join(dataDir, melRelativePath(songId)));
}

/**
 * The ids among `songIds` that have a mel file, in the given order. Lists each arena_mel/{k} folder once
 * instead of probing every file, which matters for 700k songs. A missing arena_mel or folder means no mels;
 * one that is a file, a link loop or unreadable is an error naming it.
 */
export function listMelIds(dataDir: string, songIds: Iterable<number>): number[] {
  const root = join(dataDir, "arena_mel");
  try {
    if (!statSync(root).isDirectory()) throw new DataError("arena_mel", null, "is a file, expected a directory of mel-spectrogram folders (arena_mel/0/0.npy, ...)");
  } catch (error) {
    if (error instanceof DataError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new DataError("arena_mel", null, unreadable(error, "a directory of mel-spectrogram folders"));
  }
  const folders = new Map<number, Set<string>>();
  const filesIn = (folder: number): Set<string> => {
    let files = folders.get(folder);
    if (!files) {
      try {
        files = new Set(readdirSync(join(root, String(folder))));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
          throw new DataError(`arena_mel/${folder}`, null, unreadable(error, "a directory of .npy files"));
        }
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

/** Bytes read to check a header: numpy's headers are 128 bytes; a longer one is read whole. */
const HEAD_BYTES = 4096;

/**
 * Checks one mel file without reading its data: a regular file whose .npy header describes a (48, frames)
 * float32 or float16 C-order array and whose size matches it. Values (NaN, infinity) are checked when read.
 */
export function checkMelFile(dataDir: string, songId: number): void {
  const relative = melRelativePath(songId);
  const path = join(dataDir, relative);
  let fd: number | undefined;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new DataError(relative, null, `is a directory, expected ${NPY_FILE}`);
    if (!stats.isFile()) throw new DataError(relative, null, `is not a regular file, expected ${NPY_FILE}`);
    fd = openSync(path, "r");
    let head = Buffer.alloc(Math.min(stats.size, HEAD_BYTES));
    readSync(fd, head, 0, head.length, 0);
    const declared = head.length >= 12 && head.toString("latin1", 0, 6) === MAGIC
      ? (head[6] === 1 ? 10 + head.readUInt16LE(8) : 12 + head.readUInt32LE(8))
      : 0;
    if (declared > head.length && declared <= stats.size) {
      head = Buffer.alloc(declared);
      readSync(fd, head, 0, declared, 0);
    }
    parseMelHeader(head, stats.size, relative);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(relative, null, unreadable(error, NPY_FILE));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The ids among `songIds` with a mel file (listMelIds), each file's header checked (checkMelFile) before the
 * build trains on any: a damaged file is reported in seconds, not after an hour of training. Reads about 4 kB
 * per file; a progress bar shows the rate.
 */
export async function findMels(
  dataDir: string,
  songIds: Iterable<number>,
  options: { progress?: boolean; signal?: AbortSignal } = {},
): Promise<number[]> {
  const ids = listMelIds(dataDir, songIds);
  const progress = createProgress("mel headers", ids.length, { unit: "files", ...(options.progress === false && { quiet: true }) });
  for (let i = 0; i < ids.length; i++) {
    if (i % 512 === 0) await checkpoint(options.signal);
    checkMelFile(dataDir, ids[i]!);
    progress.tick();
  }
  progress.done();
  return ids;
}
