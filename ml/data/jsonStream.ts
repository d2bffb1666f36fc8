// Reading the dataset's JSON files. The big ones (song_meta.json is ~190 MB) are streamed element by element
// with stream-json's tokenizer and array streamer, so parsing memory stays constant whatever the file size;
// only the records the caller keeps accumulate. Every failure becomes a one-line DataError naming the file.
import { open, readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { jsonParser, type Token } from "stream-json/parser.js";
import { streamArray } from "stream-json/streamers/stream-array.js";
import { verifyFile } from "stream-json/file/verifier.js";
import { DataError, Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";

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

/** Maps a failed open/read of `path` to the message the user sees. */
function fileError(path: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const file = basename(path);
  if (code === "ENOENT") return new DataError(file, null, `file not found in ${dirname(path)}`);
  if (code === "EISDIR") return new DataError(file, null, `${path} is a directory, expected a JSON file`);
  return new DataError(file, null, `cannot read ${path} (${code ?? (error as Error).message})`);
}

/** Reads a small JSON file (genre_gn_all.json) whole. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    // JSON.parse's wording changes between Node versions; the verifier gives a stable line and column.
    throw await syntaxError(path, error as Error, { chars: text.length, bytes: Buffer.byteLength(text) });
  }
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
  options: ReadOptions = {},
): Promise<number> {
  const file = basename(path);
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
    const decoder = new StringDecoder("utf8");
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    let count = 0;
    let started = false;
    let bytesRead = 0;

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

    for (;;) {
      if (options.signal?.aborted) throw new Interrupted();
      const n = await handle.read(block, 0, BLOCK_BYTES, null).then(
        (result) => result.bytesRead,
        (error: unknown) => {
          throw fileError(path, error);
        },
      );
      let batch: TokenBatch;
      try {
        if (n === 0) {
          // stream-chain flushes a stage by passing NONE; the typings only admit text.
          batch = (tokenize as unknown as (end: symbol) => TokenBatch)(NONE);
        } else {
          let text = decoder.write(block.subarray(0, n));
          if (bytesRead === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          batch = tokenize(text) as TokenBatch;
        }
      } catch (error) {
        if (error instanceof DataError) throw error;
        // At end of input every complete record has been delivered: the file stops inside record `count`.
        if (n === 0) throw new DataError(file, `record index ${count}`, `JSON ends at byte ${size} before the record is complete (file truncated?)`);
        throw await syntaxError(path, error as Error);
      }
      consume(batch);
      bytesRead += n;
      progress.update(bytesRead);
      if (n === 0) break;
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

/**
 * Locates a syntax error precisely with stream-json's verifier (it tracks line and column; the parser does not).
 * `end` is the file's length when known: an error there means the file stops early.
 */
async function syntaxError(path: string, parserError: Error, end?: { chars: number; bytes: number }): Promise<DataError> {
  const file = basename(path);
  try {
    await verifyFile(path);
  } catch (error) {
    const { line, pos, offset, message } = error as Error & { line?: number; pos?: number; offset?: number };
    if (typeof line === "number" && typeof pos === "number") {
      if (end && offset !== undefined && offset >= end.chars) {
        return new DataError(file, null, `JSON ends at byte ${end.bytes} before it is complete (file truncated?)`);
      }
      return new DataError(file, null, `invalid JSON at line ${line}, column ${pos}: ${cleanMessage(message)}`);
    }
  }
  return new DataError(file, null, `invalid JSON: ${cleanMessage(parserError.message)}`);
}

/** "ERROR at 12 (1, 13): Verifier cannot parse input: expected ','" -> "expected ','" */
function cleanMessage(message: string): string {
  return message
    .replace(/^ERROR at \d+ \(\d+, \d+\): /, "")
    .replace(/^(Verifier|Parser) cannot parse input: /, "");
}
