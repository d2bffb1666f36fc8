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

/** How a value is shown in an error: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return typeof value === "string" || value === null ? `${shown}` : `${shown} (${Array.isArray(value) ? "array" : typeof value})`;
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
