// Finding a library's audio files: recursion, hidden files, and links that must not lead out of the folder.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isAudioName, scanMusicFolder } from "./scan.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-scan-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("audio files in sub-folders, sorted; hidden ones and other files left out; links stay inside", () => {
  const music = join(dir, "Music");
  const outside = join(dir, "Private");
  for (const file of ["B/2.ogg", "A/1.MP3", "A/cover.jpg", "A/list.m3u", "._A.mp3", ".Trash/x.mp3", "C/deep/er/3.flac"]) {
    mkdirSync(join(music, file, ".."), { recursive: true });
    writeFileSync(join(music, file), "x");
  }
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, "secret.mp3"), "x");
  symlinkSync(join(outside, "secret.mp3"), join(music, "escape.mp3"));
  symlinkSync(outside, join(music, "EscapeDir"));
  // A second way into a folder, and a loop: each folder is walked once (by the name that sorts first).
  symlinkSync(join(music, "B"), join(music, "B again"));
  symlinkSync(join(music, "A/1.MP3"), join(music, "linked.mp3"));
  symlinkSync(join(music, "nowhere.mp3"), join(music, "broken.mp3"));
  symlinkSync(music, join(music, "C", "loop"));

  const scan = scanMusicFolder(music);
  assert.deepEqual(scan.files.map((f) => f.path), ["A/1.MP3", "B/2.ogg", "C/deep/er/3.flac", "linked.mp3"]);
  assert.equal(scan.files[0]!.absolute, join(music, "A/1.MP3"));
  assert.equal(scan.ignored, 2);
  assert.deepEqual(scan.problems.map((p) => [p.path, p.reason]), [
    ["EscapeDir", "link leads out of the music folder: not followed"],
    ["broken.mp3", "broken link: its target does not exist"],
    ["escape.mp3", "link leads out of the music folder: not followed"],
  ]);
});

test("audio extensions, case-insensitively", () => {
  for (const name of ["a.mp3", "b.FLAC", "c.opus", "d.m4a", "e.it", "f.wav"]) assert.ok(isAudioName(name), name);
  for (const name of ["a.mid", "b.jpg", "c.m3u", "mp3", "d.txt"]) assert.ok(!isAudioName(name), name);
});
