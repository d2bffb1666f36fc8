// Resuming a stopped build: the results of the long stages (the embeddings, the top-50 lists, the maps)
// are kept on disk as each stage finishes, under the output's directory, and a build with the same inputs,
// configuration and code takes them back instead of computing them again. Read, preprocessing and the fast
// stages after the top-50 are recomputed; they are deterministic for the seed, so the catalogue is the one
// an uninterrupted build writes.
//
// The key hashes: the configuration; the dataset's files (path, size, modification time) and, for the mel
// folders, each folder's name, entry count and modification time (adding or removing a mel file changes
// them; rewriting one in place does not); and the source of ml/ and lib/ (any code change invalidates).
// Layout: DIR/.mugle-build-cache/OUTPUT-NAME/KEY/STAGE.bin. Entries of another key for the same output are
// stale and deleted when a build starts; the whole entry is deleted once the catalogue is written. Each
// file is written to a temporary name and renamed when complete, so Ctrl-C never leaves a torn entry.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FORMAT = "mugle-stage-cache-v1";
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Typed arrays a cached value may hold (anywhere inside plain objects and arrays). */
type Binary = Int32Array | Float32Array | Uint8Array | Float64Array;
const BINARY_TYPES = { Int32Array, Float32Array, Uint8Array, Float64Array } as const;

function isBinary(value: unknown): value is Binary {
  return value instanceof Int32Array || value instanceof Float32Array || value instanceof Uint8Array || value instanceof Float64Array;
}

/** A value as JSON with its typed arrays moved into `chunks` ({"$binary": type, "chunk": i}). */
function split(value: unknown, chunks: Binary[]): unknown {
  if (isBinary(value)) {
    chunks.push(value);
    return { $binary: value.constructor.name, chunk: chunks.length - 1 };
  }
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [split(k, chunks), split(v, chunks)]) };
  if (Array.isArray(value)) return value.map((v) => split(v, chunks));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, split(v, chunks)]));
  return value;
}

function rebuild(value: unknown, chunks: Binary[]): unknown {
  if (Array.isArray(value)) return value.map((v) => rebuild(v, chunks));
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.$binary === "string") return chunks[record.chunk as number];
    if (Array.isArray(record.$map)) return new Map((record.$map as [unknown, unknown][]).map(([k, v]) => [rebuild(k, chunks), rebuild(v, chunks)]));
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, rebuild(v, chunks)]));
  }
  return value;
}

/** File: 4-byte header length, JSON header (value and chunk layout), then each chunk 8-byte aligned. */
export function encodeStageValue(value: unknown): Buffer {
  const chunks: Binary[] = [];
  const structure = split(value, chunks);
  const layout: { type: string; offset: number; length: number }[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    layout.push({ type: chunk.constructor.name, offset, length: chunk.length });
    offset += Math.ceil(chunk.byteLength / 8) * 8;
  }
  let header = Buffer.from(JSON.stringify({ format: FORMAT, structure, layout }));
  header = Buffer.concat([header, Buffer.alloc((8 - ((4 + header.length) % 8)) % 8, 0x20)]);
  const out = Buffer.alloc(4 + header.length + offset);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  chunks.forEach((chunk, i) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).copy(out, 4 + header.length + layout[i]!.offset));
  return out;
}

export function decodeStageValue(bytes: Buffer): unknown {
  const headerLength = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")) as {
    format: string;
    structure: unknown;
    layout: { type: keyof typeof BINARY_TYPES; offset: number; length: number }[];
  };
  if (header.format !== FORMAT) throw new Error(`stage cache: format ${header.format}, expected ${FORMAT}`);
  const base = 4 + headerLength;
  const chunks = header.layout.map(({ type, offset, length }) => {
    const Type = BINARY_TYPES[type];
    const copy = new Type(length);
    const bytesPer = Type.BYTES_PER_ELEMENT;
    Buffer.from(copy.buffer).set(bytes.subarray(base + offset, base + offset + length * bytesPer));
    return copy;
  });
  return rebuild(header.structure, chunks);
}

function hashFiles(hash: ReturnType<typeof createHash>, dir: string, filter: (name: string) => boolean): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "testing") hashFiles(hash, path, filter);
    } else if (filter(entry.name)) {
      hash.update(relative(repositoryRoot, path)).update(readFileSync(path));
    }
  }
}

/** The cache key of a build: configuration, dataset files and mel folders, and the pipeline's code. */
function statOrError(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (error) {
    return String((error as NodeJS.ErrnoException).code ?? error);
  }
}

function countOrError(dir: string): number | string {
  try {
    return readdirSync(dir).length;
  } catch (error) {
    return String((error as NodeJS.ErrnoException).code ?? error);
  }
}

export function buildKey(dataDir: string, config: unknown): string {
  const hash = createHash("sha256").update(FORMAT).update(JSON.stringify(config));
  // Entries the build does not read (a dangling link, a folder of no kept song) may be unreadable: they change the
  // key by their error, never stop the build here (the build's own checks name the entries it needs).
  for (const name of readdirSync(dataDir).sort()) {
    const stat = statOrError(join(dataDir, name));
    if (typeof stat === "string") hash.update(`${name}:${stat}`);
    else if (stat.isFile()) hash.update(`${name}:${stat.size}:${stat.mtimeMs}`);
  }
  const mels = join(dataDir, "arena_mel");
  const melsStat = statOrError(mels);
  if (typeof melsStat !== "string" && melsStat.isDirectory()) {
    for (const folder of readdirSync(mels).sort()) {
      const stat = statOrError(join(mels, folder));
      if (typeof stat === "string") hash.update(`mel/${folder}:${stat}`);
      else if (stat.isDirectory()) hash.update(`mel/${folder}:${countOrError(join(mels, folder))}:${stat.mtimeMs}`);
    }
  }
  for (const dir of ["ml", "lib"]) hashFiles(hash, join(repositoryRoot, dir), (name) => (name.endsWith(".ts") && !name.endsWith(".test.ts")) || name.endsWith(".wasm") || name.endsWith(".sql"));
  return hash.digest("hex").slice(0, 24);
}

export class StageCache {
  private readonly dir: string;
  private readonly outputDir: string;

  constructor(outFile: string, readonly key: string) {
    this.outputDir = join(dirname(resolve(outFile)), ".mugle-build-cache", basename(outFile));
    this.dir = join(this.outputDir, key);
  }

  /** Deletes the entries of other keys for this output (stale: other inputs, configuration or code). */
  removeStale(): void {
    if (!existsSync(this.outputDir)) return;
    for (const entry of readdirSync(this.outputDir)) if (entry !== this.key) rmSync(join(this.outputDir, entry), { recursive: true, force: true });
  }

  private file(stage: string): string {
    return join(this.dir, `${stage.replace(/[^a-z0-9-]+/gi, "_")}.bin`);
  }

  /** The value a previous build stored for `stage`, or undefined. */
  load<T>(stage: string): T | undefined {
    const file = this.file(stage);
    if (!existsSync(file)) return undefined;
    return decodeStageValue(readFileSync(file)) as T;
  }

  save(stage: string, value: unknown): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.file(stage);
    writeFileSync(`${file}.tmp`, encodeStageValue(value));
    renameSync(`${file}.tmp`, file);
  }

  /** Deletes this output's entries: the build finished, nothing is left to resume. */
  clear(): void {
    rmSync(this.outputDir, { recursive: true, force: true });
    const root = dirname(this.outputDir);
    if (existsSync(root) && readdirSync(root).length === 0) rmSync(root, { recursive: true, force: true });
  }
}
