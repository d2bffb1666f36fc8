import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { libraryAudio } from "./catalogueAudio.ts";
import { IMPORT_MARKER_FILE, SONG_AUDIO_FILE } from "./libraryDataset.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-catalogue-audio-"));
after(() => rmSync(work, { recursive: true, force: true }));

const entry = (id: number, path: string, codec: string | null, extra: Record<string, unknown> = {}) => ({
  id, path, duration: 200, container: null, codec, mime: "audio/ogg", size: 1, mtime_ms: 1, excerpt_start: 85, copyright: null, license: null, ...extra,
});

test("the catalogue's rows: the catalogue's songs that play, with their excerpt and credits; the music folder", () => {
  writeFileSync(join(work, IMPORT_MARKER_FILE), JSON.stringify({ format: "mugle-import", version: 1, audio_root: "/music" }));
  writeFileSync(join(work, SONG_AUDIO_FILE), JSON.stringify([
    entry(1, "A/one.ogg", "Vorbis I", { copyright: "2008 Someone", license: "Expat" }),
    entry(2, "A/two.xm", null),
    entry(3, "A/three.ogg", "Vorbis I"),
  ]));
  const audio = libraryAudio(work, new Set([1, 2]))!;
  assert.equal(audio.audioRoot, "/music");
  assert.equal(audio.unplayable, 1);
  assert.deepEqual(audio.rows, [
    { songId: 1, folder: "library", path: "A/one.ogg", mime: "audio/ogg", duration: 200, excerptStart: 85, copyright: "2008 Someone", license: "Expat" },
  ]);
});

test("a Melon dataset (no import marker) has no audio; a broken song_audio.json is one clear error", () => {
  const melon = mkdtempSync(join(work, "melon-"));
  assert.equal(libraryAudio(melon, new Set([1])), null);
  writeFileSync(join(work, SONG_AUDIO_FILE), JSON.stringify([{ id: 1 }]));
  assert.throws(() => libraryAudio(work, new Set([1])), /song_audio\.json: record 0: id, path and mime are required/);
});
