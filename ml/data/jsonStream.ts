// Reading the dataset's JSON files. The big ones (song_meta.json is ~190 MB) are streamed element by element
// with stream-json's tokenizer and array streamer, so parsing memory stays constant whatever the file size;
// only the records the caller keeps accumulate. Every failure becomes a one-line DataError naming the file.
// The bytes must be UTF-8 (a byte-order mark is allowed): an invalid byte is an error naming its offset and the
// record it falls in, never a silent U+FFFD in the catalogue.
import { readFileSync, statSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { jsonParser, type Token } from "stream-json/parser.js";
import { streamArray } from "stream-json/streamers/stream-array.js";
import { verifyFile } from "stream-json/file/verifier.js";
import { jsonVerifier } from "stream-json/core/utils/verifier.js";
import { DataError, Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { firstInvalidUtf8, hexByte, isUtf8, wholeSequencesLength } from "./utf8.ts";

/** stream-chain's "no output" marker (Symbol.for makes it the library's own symbol). */
const NONE = Symbol.for("object-stream.none");
/** What the tokenizer returns for a block: the tokens found, or NONE. */
type TokenBatch = { values: Token[] } | typeof NONE;
/** What the array streamer returns for a token: a completed element, or NONE. */
type Element = { key: number; value: unknown } | typeof NONE;
/** Read size: large blocks keep the per-call overhead of the tokenizer low. */
const BLOCK_BYTES = 1 << 20;

export interface ReadOptions {
  /** Draw a progress bar (bytes read) on stderr. */
  progress?: boolean;
  signal?: AbortSignal;
}

export interface ArrayReadOptions extends ReadOptions {
  /** How errors name the element at `index` before its fields are known (default `record index N`). */
  recordLabel?: (index: number) => string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
}

/** Maps a failed open/read of `path` to the message the user sees. */
function fileError(path: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const file = basename(path);
  if (code === "ENOENT") return new DataError(file, null, `file not found in ${dirname(path)}`);
  if (code === "EISDIR") return new DataError(file, null, `${path} is a directory, expected a JSON file`);
  if (code === "ELOOP") return new DataError(file, null, `${path} is a symbolic link loop, expected a JSON file`);
  return new DataError(file, null, `cannot read ${path} (${code ?? (error as Error).message})`);
}

/**
 * Throws unless `path` is a regular file (after following links). Opening a FIFO or a device would block or
 * never end; a directory or a link loop gets its own clear line.
 */
function checkRegularFile(path: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw fileError(path, error);
  }
  if (stats.isDirectory()) throw new DataError(basename(path), null, `${path} is a directory, expected a JSON file`);
  if (!stats.isFile()) throw new DataError(basename(path), null, `${path} is not a regular file, expected a JSON file`);
}

/** Reads a small JSON file (genre_gn_all.json, sample_truth.json) whole. */
export async function readJsonFile(path: string): Promise<unknown> {
  checkRegularFile(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(path, error);
  }
  return parseJsonBytes(bytes, basename(path));
}

/** The same for a file read synchronously (a `--config` file). */
export function readJsonFileSync(path: string): unknown {
  checkRegularFile(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fileError(path, error);
  }
  return parseJsonBytes(bytes, basename(path));
}

/** Parses the UTF-8 JSON in `bytes` (from the file named `file`), with one-line errors. */
export function parseJsonBytes(bytes: Uint8Array, file: string): unknown {
  if (bytes.length === 0) throw new DataError(file, null, "file is empty, expected JSON");
  const start = startsWithBom(bytes) ? 3 : 0;
  const body = bytes.subarray(start);
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    throw new DataError(file, null, `invalid UTF-8 at byte ${start + at} (${lineAndColumn(body, at)}): ${hexByte(body[at]!)}; the file must be UTF-8`);
  }
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse's wording changes between Node versions; the verifier gives a stable line and column.
    throw syntaxErrorIn(text, file, error as Error, bytes.length);
  }
}

/** "line L, column C" of byte `offset` of `bytes` (columns count characters). */
function lineAndColumn(bytes: Uint8Array, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString("utf8").length + 1;
  return `line ${line}, column ${column}`;
}

/**
 * Streams the elements of the top-level JSON array in `path`, calling `onItem(value, index)` for each in order.
 * Resolves with the number of elements. A syntax error names its line and column (found by stream-json's
 * verifier, run only on that failure path); a file that ends early names the byte where it ended and the
 * record it cut.
 */
export async function streamJsonArray(
  path: string,
  onItem: (value: unknown, index: number) => void,
  options: ArrayReadOptions = {},
): Promise<number> {
  const file = basename(path);
  const recordLabel = options.recordLabel ?? ((index: number) => `record index ${index}`);
  checkRegularFile(path);
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const size = (await handle.stat()).size;
    if (size === 0) throw new DataError(file, null, "file is empty, expected a JSON array");
    // Without `progress` the bar stays silent; with it, MUGLE_QUIET=1 can still silence it.
    const progress = createProgress(file, size, options.progress ? { unit: "B" } : { unit: "B", quiet: true });
    const tokenize = jsonParser({ streamValues: false });
    const elements = streamArray();
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    let count = 0;
    let started = false;
    let bytesRead = 0;
    /** The first bytes of a character cut by the end of the previous block. */
    let carried: Buffer = Buffer.alloc(0);

    const consume = (batch: TokenBatch) => {
      if (batch === NONE) return;
      for (const token of batch.values) {
        if (!started) {
          if (token.name !== "startArray") throw new DataError(file, null, `expected a JSON array at the top level, found ${describeToken(token.name)}`);
          started = true;
        }
        const element = elements(token) as Element;
        if (element !== NONE) {
          onItem(element.value, count);
          count++;
        }
      }
    };
    const feed = async (text: string | typeof NONE, atEnd: boolean) => {
      let batch: TokenBatch;
      try {
        // stream-chain flushes a stage by passing NONE; the typings only admit text.
        batch = text === NONE ? (tokenize as unknown as (end: symbol) => TokenBatch)(NONE) : (tokenize(text) as TokenBatch);
      } catch (error) {
        if (error instanceof DataError) throw error;
        // At end of input every complete record has been delivered: the file stops inside record `count`.
        if (atEnd) throw new DataError(file, started ? recordLabel(count) : null, `JSON ends at byte ${size} before the record is complete (file truncated?)`);
        throw await syntaxError(path, error as Error);
      }
      consume(batch);
    };
    /** The bytes up to an invalid one are parsed first, so the error names the record the byte falls in. */
    const invalidUtf8 = async (bytes: Buffer, from: number, at: number, fileOffset: number): Promise<DataError> => {
      await feed(bytes.toString("utf8", from, at), false);
      const where = started ? recordLabel(count) : null;
      return new DataError(file, where, `invalid UTF-8 at byte ${fileOffset + at}: ${hexByte(bytes[at]!)}; the file must be UTF-8`);
    };

    for (;;) {
      if (options.signal?.aborted) throw new Interrupted();
      const n = await handle.read(block, 0, BLOCK_BYTES, null).then(
        (result) => result.bytesRead,
        (error: unknown) => {
          throw fileError(path, error);
        },
      );
      if (n === 0) {
        if (carried.length > 0) throw await invalidUtf8(carried, 0, 0, bytesRead - carried.length);
        await feed(NONE, true);
        break;
      }
      // The file offset of bytes[0]: the carried bytes were read with the previous block.
      const offset = bytesRead - carried.length;
      const bytes = carried.length > 0 ? Buffer.concat([carried, block.subarray(0, n)]) : block.subarray(0, n);
      const skip = offset === 0 && startsWithBom(bytes) ? 3 : 0;
      const whole = wholeSequencesLength(bytes);
      const body = bytes.subarray(skip, whole);
      if (!isUtf8(body)) throw await invalidUtf8(bytes, skip, skip + firstInvalidUtf8(body), offset);
      const text = body.toString("utf8");
      // The block buffer is reused by the next read: keep a copy of the cut character.
      carried = Buffer.from(bytes.subarray(whole));
      await feed(text, false);
      bytesRead += n;
      progress.update(bytesRead);
    }
    progress.done();
    return count;
  } finally {
    await handle.close();
  }
}

function describeToken(name: string): string {
  if (name === "startObject") return "an object";
  if (name.startsWith("string")) return "a string";
  if (name.startsWith("number")) return "a number";
  return name.replace(/Value$/, "");
}

/** Locates a syntax error in a streamed file precisely with stream-json's verifier (the parser tracks no lines). */
async function syntaxError(path: string, parserError: Error): Promise<DataError> {
  try {
    await verifyFile(path);
  } catch (error) {
    const located = locatedError(basename(path), error);
    if (located) return located;
  }
  return new DataError(basename(path), null, `invalid JSON: ${cleanMessage(parserError.message)}`);
}

/** The same for JSON held in memory; an error at the very end means the text stops early. */
function syntaxErrorIn(text: string, file: string, parserError: Error, bytes: number): DataError {
  const verify = jsonVerifier() as unknown as (chunk: string | symbol) => unknown;
  try {
    verify(text);
    verify(NONE);
  } catch (error) {
    const { offset } = error as { offset?: number };
    if (offset !== undefined && offset >= text.length) return new DataError(file, null, `JSON ends at byte ${bytes} before it is complete (file truncated?)`);
    const located = locatedError(file, error);
    if (located) return located;
  }
  return new DataError(file, null, `invalid JSON: ${cleanMessage(parserError.message)}`);
}

function locatedError(file: string, error: unknown): DataError | null {
  const { line, pos, message } = error as Error & { line?: number; pos?: number };
  if (typeof line !== "number" || typeof pos !== "number") return null;
  return new DataError(file, null, `invalid JSON at line ${line}, column ${pos}: ${cleanMessage(message)}`);
}

/** "ERROR at 12 (1, 13): Verifier cannot parse input: expected ','" -> "expected ','" */
function cleanMessage(message: string): string {
  return message
    .replace(/^ERROR at \d+ \(\d+, \d+\): /, "")
    .replace(/^(Verifier|Parser) cannot parse input: /, "");
}
