// Opening a file the catalogue names by a path relative to a folder (a song's audio in the music folder, its
// preview in the dataset), such that nothing outside that folder can ever be reached: the relative path comes
// from the catalogue, never from a request, and even so it is checked at every request, because the folder may
// have changed since the import (a file replaced by a link to /etc/passwd) and a catalogue file may have been
// edited. The check is on real paths (every link resolved) and the file opened is the one that was checked.
import { constants } from "node:fs";
import { open, realpath, stat, type FileHandle } from "node:fs/promises";
import { isAbsolute, resolve, sep } from "node:path";

export interface OpenedFile {
  handle: FileHandle;
  /** The real path that was opened (links resolved). */
  path: string;
  size: number;
  mtimeMs: number;
}

function inside(root: string, target: string): boolean {
  return target.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Why `relative` cannot name a file inside a folder on its own terms (before looking at the disk), or null
 * when it may: it must be a plain relative path whose every part is a name (no "..", no absolute path, no NUL,
 * no Windows drive or backslash).
 */
export function relativePathProblem(relative: string): string | null {
  if (relative === "") return "empty path";
  if (relative.includes("\0")) return "NUL in the path";
  if (isAbsolute(relative) || /^[A-Za-z]:/.test(relative) || relative.includes("\\")) return "not a relative path";
  if (relative.split("/").some((part) => part === ".." || part === "." || part === "")) return "not a plain relative path";
  return null;
}

/**
 * Opens `relative` under `root` for reading, or returns null when it is not a regular file inside `root` once
 * every link is resolved (missing, a directory, a link leading out, a path that climbs out).
 */
export async function openInside(root: string, relative: string): Promise<OpenedFile | null> {
  if (relativePathProblem(relative) !== null) return null;
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(root);
    realFile = await realpath(resolve(realRoot, relative));
  } catch {
    return null;
  }
  if (!inside(realRoot, realFile)) return null;
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: should the checked path's last part be swapped for a link after the check, opening fails.
    handle = await open(realFile, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const [opened, checked] = await Promise.all([handle.stat(), stat(realFile)]);
    // The file opened must be the file checked (same device and inode), and a regular file.
    if (!opened.isFile() || opened.dev !== checked.dev || opened.ino !== checked.ino) {
      await handle.close();
      return null;
    }
    return { handle, path: realFile, size: opened.size, mtimeMs: opened.mtimeMs };
  } catch {
    await handle.close();
    return null;
  }
}
