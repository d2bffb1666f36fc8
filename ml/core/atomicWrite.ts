// Files replaced whole or not at all: written under a temporary name in the same folder, then renamed over the
// target, so a Ctrl-C, a crash or a reader at the wrong moment sees the old file or the new one, never half.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The temporary name `file` is written under; `isTemporaryName` recognises it (for cleaning up after a crash). */
export function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
}

export function isTemporaryName(name: string): boolean {
  return /^\..+\.tmp-\d+$/.test(name);
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = temporaryName(file);
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
