// Opening the catalogue for reading: the only place that turns a file name into a SQLite connection.
// A catalogue the site cannot use (no file, not SQLite, built by another schema, damaged pages behind an intact
// header) raises one typed error whose message the pages and the CLI show as is; the site answers 503 with it.
import Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { SCHEMA_VERSION } from "./format.ts";

export type UnavailableReason = "missing" | "older-schema" | "newer-schema" | "unreadable" | "damaged";

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

/**
 * Whether `error` is a CatalogueUnavailableError. By name, not instanceof: Next.js bundles pages and route
 * handlers with their own copy of this module, and server.mjs has another, while the connection they share
 * (below) throws the class of whichever copy opened it.
 */
export function isCatalogueUnavailable(error: unknown): error is CatalogueUnavailableError {
  return error instanceof Error && error.name === "CatalogueUnavailableError";
}

const REBUILD_HINT = "build one with `npx mugle build --data DIR --out FILE` (or `npm run demo`)";

/** SQLite's error codes for a file it cannot read as a database (as opposed to a bad query). */
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN|FORMAT)/;

/** Whether a SQLite error says the file itself is damaged or unreadable. */
export function isDamage(error: unknown): boolean {
  return DAMAGE_CODES.test(String((error as { code?: unknown } | null)?.code ?? ""));
}

/** The error for a catalogue whose pages turned out to be damaged while reading it. */
export function damagedCatalogue(file: string, cause: unknown): CatalogueUnavailableError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new CatalogueUnavailableError(file, "damaged", `the catalogue file is damaged (${detail}); rebuild it: ${REBUILD_HINT}`);
}

/** A read-only connection to `file`, after checking it exists and was written by this schema version. */
export function openReadOnly(file: string): Database.Database {
  const known = knownDamage(file);
  if (known) throw known;
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

// Damage found by a read is remembered against the file's identity, so every later request is answered at once
// (and server.mjs can tell without reading) until a rebuild puts a new file in place. On globalThis, like the
// connection: each bundle has its own copy of this module.
const DAMAGE_KEY = Symbol.for("mugle.catalogueDamage");
const damage = globalThis as typeof globalThis & { [DAMAGE_KEY]?: { file: string; identity: string | null; error: CatalogueUnavailableError } };

function knownDamage(file: string): CatalogueUnavailableError | null {
  const known = damage[DAMAGE_KEY];
  return known && known.file === file && known.identity === fileIdentity(file) ? known.error : null;
}

/**
 * Records that `file`, as it was when `identity` was taken, is damaged: its shared connection is closed and every
 * open of it fails with `error` until the file is replaced.
 */
export function markDamaged(file: string, identity: string | null, error: CatalogueUnavailableError): void {
  damage[DAMAGE_KEY] = { file, identity, error };
  const current = cache[CACHE_KEY];
  if (current && current.file === file && current.identity === identity) {
    delete cache[CACHE_KEY];
    current.value.close();
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
