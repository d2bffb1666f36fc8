// What an import remembers between runs (import_state.json in the dataset directory): for every file seen, its
// size and modification time, and either what was read from it (id, tags, format, excerpt) or why it was
// skipped. A file whose size and time are unchanged is not decoded again; the dataset files are rebuilt from
// this state on every run, so they always describe exactly the files that are there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomicWrite.ts";
import { DataError } from "../core/errors.ts";
import type { AudioFormat, SongTags } from "./tags.ts";

export const STATE_FILE = "import_state.json";
const STATE_VERSION = 1;

interface FileSeen {
  /** Relative to the music folder, "/"-separated. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ImportedFile extends FileSeen {
  id: number;
  tags: SongTags;
  format: AudioFormat;
  excerptStart: number;
  /** Seconds that decode, when the whole file had to be decoded (unknown or wrong duration in the header). */
  decodedSeconds: number | null;
  frames: number;
  /**
   * The MP3 preview the import made of a file browsers cannot play, relative to the dataset; null when the
   * file plays as it is or no preview could be made; absent in states written before previews existed.
   */
  preview?: string | null;
  /** Said once when the file was imported: e.g. truncated, or tags unreadable. */
  warning: string | null;
}

export interface SkippedFile extends FileSeen {
  reason: string;
}

export type FileState = ImportedFile | SkippedFile;

export function isImported(entry: FileState): entry is ImportedFile {
  return "id" in entry;
}

export function readState(dataDir: string): Map<string, FileState> {
  const file = join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new DataError(STATE_FILE, null, `cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
  let raw: { version?: unknown; files?: unknown };
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch (error) {
    throw new DataError(STATE_FILE, null, `not valid JSON (${(error as Error).message}); delete it to import everything again`);
  }
  if (raw.version !== STATE_VERSION || !Array.isArray(raw.files)) {
    throw new DataError(STATE_FILE, null, `version ${JSON.stringify(raw.version)} is not ${STATE_VERSION}; delete it to import everything again`);
  }
  return new Map((raw.files as FileState[]).map((entry) => [entry.path, entry]));
}

/** Writes the state atomically, entries in path order (so the same state is the same bytes). */
export function writeState(dataDir: string, entries: Iterable<FileState>): void {
  const files = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const lines = files.map((entry) => JSON.stringify(entry));
  writeFileAtomic(join(dataDir, STATE_FILE), `{"version": ${STATE_VERSION}, "files": [\n${lines.join(",\n")}\n]}\n`);
}

export function unchanged(entry: FileState | undefined, file: FileSeen): boolean {
  return entry !== undefined && entry.size === file.size && entry.mtimeMs === file.mtimeMs;
}
