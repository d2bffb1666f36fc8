// Files browsers cannot play are heard through an MP3 preview of the excerpt the models heard, made by the
// import into the dataset; files browsers play are served as they are and get none.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SOURCES, synthesize } from "../testing/audio.ts";
import { libraryAudio } from "./catalogueAudio.ts";
import { importLibrary, type ImportSummary } from "./importLibrary.ts";
import { SONG_AUDIO_FILE, type SongAudio } from "./libraryDataset.ts";
import { browsersPlay, previewRelativePath } from "./preview.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-preview-"));
const music = join(work, "music");
const data = join(work, "data");
after(() => rmSync(work, { recursive: true, force: true }));

const run = (): Promise<ImportSummary> => importLibrary({ audioDir: music, outDir: data, threads: 2, progress: false, log: () => {} });
const audioEntries = (): SongAudio[] => JSON.parse(readFileSync(join(data, SONG_AUDIO_FILE), "utf8")) as SongAudio[];

let first: ImportSummary;
before(async () => {
  synthesize(join(music, "Band/Album/01 Plays.ogg"), { sources: [SOURCES.tone(440)], seconds: [40], tags: { title: "Plays" } });
  synthesize(join(music, "Band/Album/02 Needs A Preview.aiff"), { sources: [SOURCES.chord(220, 330)], seconds: [40], tags: { title: "Needs A Preview" } });
  first = await run();
});

test("which files browsers play as they are", () => {
  assert.equal(browsersPlay({ path: "a/b.ogg", codec: "Vorbis I" }), true);
  assert.equal(browsersPlay({ path: "a/b.mp3", codec: "MPEG 1 Layer 3" }), true);
  assert.equal(browsersPlay({ path: "a/b.m4a", codec: "MPEG-4/AAC" }), true);
  assert.equal(browsersPlay({ path: "a/b.m4a", codec: "ALAC" }), false);
  assert.equal(browsersPlay({ path: "a/b.flac", codec: null }), true);
  for (const path of ["a/b.xm", "a/b.mod", "a/b.wma", "a/b.aiff", "a/b.ape"]) assert.equal(browsersPlay({ path, codec: null }), false, path);
});

test("an AIFF gets a 30-s MP3 preview in the dataset; the Ogg file none; the catalogue serves each", () => {
  assert.equal(first.songs, 2);
  const [aiff, ogg] = [audioEntries().find((a) => a.path.endsWith(".aiff"))!, audioEntries().find((a) => a.path.endsWith(".ogg"))!];
  assert.equal(aiff.preview, previewRelativePath(aiff.id));
  assert.equal(ogg.preview, null);
  const mp3 = readFileSync(join(data, aiff.preview!));
  // An ID3 header or straight away an MPEG audio frame sync; about 30 s at 128 kb/s.
  assert.ok(mp3.subarray(0, 3).toString("latin1") === "ID3" || mp3[0] === 0xff);
  assert.ok(mp3.length > 400_000 && mp3.length < 600_000, `${mp3.length} bytes`);
  const rows = libraryAudio(data, new Set([aiff.id, ogg.id]))!.rows;
  assert.deepEqual(rows.find((r) => r.songId === aiff.id), {
    songId: aiff.id, folder: "dataset", path: aiff.preview, mime: "audio/mpeg", duration: 30, excerptStart: 0, copyright: null, license: null,
  });
  assert.deepEqual({ ...rows.find((r) => r.songId === ogg.id), duration: 40 }, {
    songId: ogg.id, folder: "library", path: "Band/Album/01 Plays.ogg", mime: "audio/ogg", duration: 40, excerptStart: 5, copyright: null, license: null,
  });
});

test("a re-run decodes nothing; a deleted preview is made again; a file gone takes its preview with it", async () => {
  assert.equal((await run()).decoded, 0);
  const aiff = audioEntries().find((a) => a.path.endsWith(".aiff"))!;
  rmSync(join(data, aiff.preview!));
  assert.equal((await run()).decoded, 1);
  assert.ok(existsSync(join(data, aiff.preview!)));
  rmSync(join(music, "Band/Album/02 Needs A Preview.aiff"));
  await run();
  assert.equal(existsSync(join(data, aiff.preview!)), false);
  assert.equal(existsSync(join(data, "previews")), false, "an empty previews folder is removed");
});
