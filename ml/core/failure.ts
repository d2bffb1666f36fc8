// What a command that failed prints and the status it exits with, decided in one place so the CLI and the tests
// agree: a stop before anything was changed is 130, a problem with the user's input or output one line and 1, and
// only a bug gets its stack (70). The CLI prints `line`; the malformed-input table checks it without a process.
import { InvalidArgumentError } from "commander";
import { DataError, Interrupted } from "./errors.ts";

export interface Failure {
  line: string;
  status: number;
}

/** Errors from lib/ (which cannot import ml/'s DataError), recognised by name. */
const ONE_LINE_ERRORS = ["CatalogueUnavailableError", "CatalogueWriteError"];

/** The line and exit status for `error`, or null when it is a bug (the caller prints its stack and exits 70). */
export function describeFailure(error: unknown): Failure | null {
  if (error instanceof Interrupted) return { line: "interrupted: nothing was changed", status: 130 };
  if (error instanceof DataError || error instanceof InvalidArgumentError || ONE_LINE_ERRORS.includes((error as Error)?.name)) {
    return { line: `mugle: ${(error as Error).message}`, status: 1 };
  }
  // The file system refused (a full disk, a read-only or missing directory): one line naming the file.
  const { code, syscall, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code === "string" && typeof syscall === "string" && typeof path === "string") {
    return { line: `mugle: ${path}: ${syscall} failed (${code})`, status: 1 };
  }
  return null;
}
