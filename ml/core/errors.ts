// Bad input is reported as one line naming the file, the record and the field, e.g.
//   train.json: playlist 1234 (index 17): songs[3] is "abc", expected an integer song id
// The CLI prints `message` alone and exits non-zero; nothing is written.

export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly record: string | null,
    readonly detail: string,
  ) {
    super(record ? `${file}: ${record}: ${detail}` : `${file}: ${detail}`);
    this.name = "DataError";
  }
}

/** How many characters of a value an error shows. */
const SHOWN_CHARACTERS = 60;

/** How a value is shown in an error: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  const text = jsonPreview(value, SHOWN_CHARACTERS);
  const shown = text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS - 3)}...` : text;
  return typeof value === "string" || value === null ? shown : `${shown} (${Array.isArray(value) ? "array" : typeof value})`;
}

/**
 * The JSON text of `value`, stopped soon after `limit` characters. Walks only as much of the value as it shows,
 * so a 20 MB string or an array nested 100,000 deep (JSON.stringify overflows the stack on it) costs no more
 * than a short one: every level of nesting adds a character, so the walk never goes deeper than `limit`.
 */
function jsonPreview(value: unknown, limit: number): string {
  let text = "";
  const walk = (v: unknown): void => {
    if (text.length > limit) return;
    if (typeof v === "string") {
      text += JSON.stringify(v.length > limit ? v.slice(0, limit) : v);
    } else if (Array.isArray(v)) {
      text += "[";
      for (let i = 0; i < v.length && text.length <= limit; i++) {
        if (i > 0) text += ",";
        walk(v[i] ?? null);
      }
      text += "]";
    } else if (v !== null && typeof v === "object") {
      text += "{";
      let first = true;
      for (const key in v) {
        if (text.length > limit) break;
        if (!Object.hasOwn(v, key)) continue;
        text += `${first ? "" : ","}${JSON.stringify(key.length > limit ? key.slice(0, limit) : key)}:`;
        first = false;
        walk((v as Record<string, unknown>)[key]);
      }
      text += "}";
    } else {
      text += JSON.stringify(v) ?? String(v);
    }
  };
  walk(value);
  return text;
}

/** Raised when the user presses Ctrl-C: stages stop at the next safe point and the build discards its temp file. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

/**
 * A safe point in a long loop: gives the event loop a turn (so a Ctrl-C handler and progress redraws run),
 * then stops the work if the user asked to.
 */
export async function checkpoint(signal?: AbortSignal): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new Interrupted();
}

/**
 * Problems in the input that do not stop a build (a value is kept with only its valid part): counted per kind,
 * the first case named, and printed once after reading, e.g.
 *   song_meta.json: 3 songs have an impossible issue_date, kept as year or year-month; first: song 52 (index 52): 20190231
 */
export class DataWarnings {
  readonly #kinds = new Map<string, { file: string; what: readonly [string, string]; count: number; first: string }>();

  /**
   * One more case of `what` in `file`, said for one and for several (["song has an impossible issue_date, ...",
   * "songs have ..."]); `example` names the case.
   */
  add(file: string, what: readonly [one: string, many: string], example: string): void {
    const key = `${file}\u0000${what[1]}`;
    const kind = this.#kinds.get(key);
    if (kind) kind.count++;
    else this.#kinds.set(key, { file, what, count: 1, first: example });
  }

  get size(): number {
    return this.#kinds.size;
  }

  /** One line per kind, in the order they were first met. */
  lines(): string[] {
    return [...this.#kinds.values()].map(
      (k) => `${k.file}: ${k.count.toLocaleString("en-US")} ${k.what[k.count === 1 ? 0 : 1]}; ${k.count === 1 ? "it is" : "the first is"} ${k.first}`,
    );
  }
}
