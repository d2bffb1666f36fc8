// sample_truth.json, the sample generator's ground truth (which songs are versions of one work), read by the
// build for the version-recall metric. Optional; but when present it is checked with the rest of the dataset,
// before any training, so a damaged file is reported at once rather than after an hour of work.
import { existsSync, lstatSync } from "node:fs";
import { basename, join } from "node:path";
import { DataError, describeValue } from "../core/errors.ts";
import { expectArray, expectId, expectObject, fail } from "./fields.ts";
import { readJsonFile } from "./jsonStream.ts";
import { SAMPLE_TRUTH_FILE } from "./melon.ts";
import { songLabel } from "./songMeta.ts";

/** Song id -> work id from `dir`/sample_truth.json, or undefined when the dataset has none. */
export async function readSampleTruth(dir: string): Promise<Map<number, number> | undefined> {
  const path = join(dir, SAMPLE_TRUTH_FILE);
  // lstat, so a dangling or looping link is reported rather than taken for "no file".
  if (!existsSync(path) && !isLink(path)) return undefined;
  const file = basename(path);
  const raw = await readJsonFile(path);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new DataError(file, null, `top level is ${describeValue(raw)}, expected an object {"seed", "songs"}`);
  }
  const songs = expectArray((raw as Record<string, unknown>).songs, "songs", { file, record: "top level" }, "{id, work} objects");
  const works = new Map<number, number>();
  const firstIndex = new Map<number, number>();
  songs.forEach((value, index) => {
    const at = { file, record: songLabel((value as { id?: unknown } | null)?.id, index) };
    const entry = expectObject(value, at);
    const id = expectId(entry.id, "id", at, "a non-negative integer song id");
    const work = expectId(entry.work, "work", at, "a non-negative integer work id");
    const previous = firstIndex.get(id);
    if (previous !== undefined) fail(at, `duplicate id ${id} (first at index ${previous})`);
    firstIndex.set(id, index);
    works.set(id, work);
  });
  return works;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
