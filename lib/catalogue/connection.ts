// Opening the catalogue for reading: the only place that turns a file name into a SQLite connection.
// A catalogue the site cannot use (no file, not SQLite, built by another schema) raises one typed error whose
// message the pages and the CLI show as is.
import Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { SCHEMA_VERSION } from "./format.ts";

export type UnavailableReason = "missing" | "older-schema" | "newer-schema" | "unreadable";

export class CatalogueUnavailableError extends Error {
  constructor(
    readonly file: string,
    readonly reason: UnavailableReason,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "CatalogueUnavailableError";
  }

  /** What visitors of the site are told: the file's name, not where it lives on the server. */
  get publicMessage(): string {
    return `${basename(this.file)}: ${this.detail}`;
  }
}

const REBUILD_HINT = "build one with `npx mugle build --data DIR --out FILE` (or `npm run demo`)";

/** A read-only connection to `file`, after checking it exists and was written by this schema version. */
export function openReadOnly(file: string): Database.Database {
  if (!existsSync(file)) {
    throw new CatalogueUnavailableError(file, "missing", `no catalogue database here; ${REBUILD_HINT}`);
  }
  let db: Database.Database;
  let version: number;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    version = db.pragma("user_version", { simple: true }) as number;
  } catch (error) {
    throw new CatalogueUnavailableError(file, "unreadable", `not a readable SQLite catalogue (${(error as Error).message})`);
  }
  if (version !== SCHEMA_VERSION) {
    db.close();
    const older = version < SCHEMA_VERSION;
    throw new CatalogueUnavailableError(
      file,
      older ? "older-schema" : "newer-schema",
      `built with catalogue schema ${version}, this version of Mugle reads schema ${SCHEMA_VERSION}; ` +
        (older ? `rebuild it: ${REBUILD_HINT}` : "update Mugle to read it"),
    );
  }
  return db;
}

/** What changes when a rebuild renames a new catalogue over the file: its inode, size and modification time. */
export function fileIdentity(file: string): string | null {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return null;
  }
}

interface CachedConnection {
  file: string;
  identity: string | null;
  value: { close(): void };
}

// Next.js bundles pages and route handlers separately, each with its own copy of this module: the cache lives
// on globalThis so the whole server process shares one connection.
const CACHE_KEY = Symbol.for("mugle.catalogueConnection");
const cache = globalThis as typeof globalThis & { [CACHE_KEY]?: CachedConnection };

/**
 * The process's one open catalogue for `file`, opened with `open` on first use and re-opened when the file
 * changes (a rebuild's atomic rename), so a running site serves the new build on its next request. Failures are
 * not cached: a catalogue built after the site started is found by the next request.
 */
export function cachedConnection<T extends { close(): void }>(file: string, open: (file: string) => T): T {
  // Taken before opening: should a rename land in between, the next call sees a new identity and re-opens.
  const identity = fileIdentity(file);
  const current = cache[CACHE_KEY];
  if (current && current.file === file && current.identity === identity) return current.value as T;
  delete cache[CACHE_KEY];
  current?.value.close();
  const value = open(file);
  cache[CACHE_KEY] = { file, identity, value };
  return value;
}
