// Field checks shared by the record readers. Each returns the value with its proper type or throws
// a DataError whose detail reads `<field> is <value>, expected <what>`, the wording of every data error.
import { DataError, describeValue } from "../core/errors.ts";

/** Where a record sits, for error messages: file name and e.g. `song 52 (index 52)`. */
export interface RecordAt {
  file: string;
  record: string;
}

export const GENRE_CODE = /^GN\d{4}$/;

/**
 * The longest text a field may hold (titles, names, tags), in characters. Melon's longest titles and album names
 * are a few hundred characters; a field past this is a damaged or hostile file, and stored as is it would bloat
 * the catalogue and every page that shows it.
 */
export const MAX_TEXT_CHARACTERS = 1000;

export function fail(at: RecordAt, detail: string): never {
  throw new DataError(at.file, at.record, detail);
}

export function expectObject(value: unknown, at: RecordAt): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(at, `record is ${describeValue(value)}, expected an object`);
  return value as Record<string, unknown>;
}

/** A non-negative integer (ids, counts). */
export function expectId(value: unknown, field: string, at: RecordAt, what = "a non-negative integer"): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) fail(at, `${field} is ${describeValue(value)}, expected ${what}`);
  return value;
}

export function expectString(value: unknown, field: string, at: RecordAt): string {
  if (typeof value !== "string") fail(at, `${field} is ${describeValue(value)}, expected a string`);
  checkText(value, field, at);
  return value;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Length in characters (code points). */
function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The sanity rules of every text field: at most MAX_TEXT_CHARACTERS characters, and well-formed Unicode. JSON
 * can spell a lone surrogate (\ud800), which is no character at all: SQLite would store it as U+FFFD, silently.
 */
export function checkText(value: string, field: string, at: RecordAt): void {
  if (value.length > MAX_TEXT_CHARACTERS) {
    const length = characters(value);
    if (length > MAX_TEXT_CHARACTERS) {
      fail(at, `${field} is ${length.toLocaleString("en-US")} characters long, expected at most ${MAX_TEXT_CHARACTERS.toLocaleString("en-US")}`);
    }
  }
  // With the u flag, a pair of surrogates is one character: this finds only unpaired ones.
  const lone = LONE_SURROGATE.exec(value);
  if (lone) {
    fail(at, `${field} holds an unpaired surrogate \\u${lone[0].charCodeAt(0).toString(16)}, expected well-formed Unicode text`);
  }
}

export function expectArray(value: unknown, field: string, at: RecordAt, what: string): unknown[] {
  if (!Array.isArray(value)) fail(at, `${field} is ${describeValue(value)}, expected an array of ${what}`);
  return value;
}

export function expectStringArray(value: unknown, field: string, at: RecordAt): string[] {
  const items = expectArray(value, field, at, "strings");
  for (let i = 0; i < items.length; i++) expectString(items[i], `${field}[${i}]`, at);
  return items as string[];
}

export function expectIdArray(value: unknown, field: string, at: RecordAt, what: string): number[] {
  const items = expectArray(value, field, at, `${what}s`);
  for (let i = 0; i < items.length; i++) expectId(items[i], `${field}[${i}]`, at, `an ${what}`);
  return items as number[];
}

export function expectGenreCodes(value: unknown, field: string, at: RecordAt): string[] {
  const codes = expectArray(value, field, at, "genre codes");
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (typeof code !== "string" || !GENRE_CODE.test(code)) fail(at, `${field}[${i}] is ${describeValue(code)}, expected a genre code like "GN0101"`);
  }
  return codes as string[];
}

/**
 * Returns a copy of `text` that does not share memory with the text it was cut from. The JSON tokenizer
 * hands out substrings of its 1 MB input blocks, and V8 keeps a whole block alive while any substring of it
 * lives: kept as is, 700k song names would pin the entire file in memory. Concatenation then slicing
 * forces V8 to build a fresh flat string.
 */
export function detach(text: string): string {
  return (` ${text}`).slice(1);
}

/** Interns repeated strings (artist and album names, tags) as detached copies. */
export function createStringPool(): (text: string) => string {
  const pool = new Map<string, string>();
  return (text) => {
    let kept = pool.get(text);
    if (kept === undefined) {
      kept = detach(text);
      pool.set(kept, kept);
    }
    return kept;
  };
}
