// Nothing outside the folder can be served, however the relative path is spelt and whatever links the folder
// holds; files inside it, also through links that stay inside, can.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openInside, relativePathProblem } from "./libraryFile.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-library-file-"));
const root = join(work, "music");
const secret = join(work, "secret.txt");

before(() => {
  mkdirSync(join(root, "Artist", "Album"), { recursive: true });
  mkdirSync(join(work, "elsewhere"), { recursive: true });
  writeFileSync(join(root, "Artist", "Album", "01 Song.mp3"), "inside");
  writeFileSync(join(root, "%2e%2e"), "a file really named %2e%2e");
  writeFileSync(secret, "outside");
  writeFileSync(join(work, "elsewhere", "song.mp3"), "outside");
  symlinkSync(secret, join(root, "link-out.mp3"));
  symlinkSync(join(work, "elsewhere"), join(root, "folder-out"));
  symlinkSync(join(root, "Artist", "Album", "01 Song.mp3"), join(root, "link-in.mp3"));
  symlinkSync(join(root, "missing.mp3"), join(root, "dangling.mp3"));
  // The music folder itself reached through a link: still its own inside.
  symlinkSync(root, join(work, "music-link"));
});
after(() => rmSync(work, { recursive: true, force: true }));

async function read(folder: string, relative: string): Promise<string | null> {
  const file = await openInside(folder, relative);
  if (!file) return null;
  try {
    return (await file.handle.readFile()).toString();
  } finally {
    await file.handle.close();
  }
}

test("files inside, also through a link that stays inside or a linked music folder", async () => {
  assert.equal(await read(root, "Artist/Album/01 Song.mp3"), "inside");
  assert.equal(await read(root, "link-in.mp3"), "inside");
  assert.equal(await read(join(work, "music-link"), "Artist/Album/01 Song.mp3"), "inside");
  assert.equal(await read(root, "%2e%2e"), "a file really named %2e%2e", "percent signs are part of a name, never decoded");
  const opened = (await openInside(root, "Artist/Album/01 Song.mp3"))!;
  assert.equal(opened.size, 6);
  await opened.handle.close();
});

test("paths that climb out, absolute paths and odd spellings are refused before the disk is looked at", async () => {
  for (const path of [
    "../secret.txt", "Artist/../../secret.txt", "..", "./Artist/Album/01 Song.mp3", "Artist//Album/01 Song.mp3",
    secret, "/etc/passwd", "C:/Windows/win.ini", "Artist\\Album\\01 Song.mp3", "", "Artist/Album/01 Song.mp3\0.txt",
  ]) {
    assert.notEqual(relativePathProblem(path), null, JSON.stringify(path));
    assert.equal(await read(root, path), null, JSON.stringify(path));
  }
});

test("links leading out of the folder, missing files, dangling links and folders are not served", async () => {
  assert.equal(await read(root, "link-out.mp3"), null);
  assert.equal(await read(root, "folder-out/song.mp3"), null);
  assert.equal(await read(root, "nothing.mp3"), null);
  assert.equal(await read(root, "dangling.mp3"), null);
  assert.equal(await read(root, "Artist"), null);
  assert.equal(await read(join(work, "no-such-folder"), "Artist/Album/01 Song.mp3"), null);
});
