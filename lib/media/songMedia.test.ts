// The media routes' responses against an imported-library catalogue whose rows try to lead out of the music
// folder every way a path can (the rows come from a catalogue file, which may have been edited; the folder
// from the disk, which may have changed since the import).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { writeFixtureCatalogue } from "../catalogue/fixture.ts";
import type { SongAudioRow } from "../catalogue/format.ts";
import { openCatalogue, type Catalogue } from "../catalogue/reader.ts";
import { songAudioResponse, songSpectrogramResponse, songSpectrogramUrl } from "./songMedia.ts";
import { melRelativePath } from "../datasetFiles.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-song-media-"));
const music = join(work, "music");
const dataset = join(work, "dataset");
const SONG = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7) % 256));

const row = (songId: number, path: string): SongAudioRow => ({
  songId, folder: "library", path, mime: "audio/ogg", duration: 10, excerptStart: 0, copyright: null, license: null,
});

/** A float32 .npy of shape (bands, frames). */
function npy(bands: number, frames: number): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${bands}, ${frames}), }`;
  header += " ".repeat((64 - ((10 + header.length + 1) % 64)) % 64) + "\n";
  const head = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  head.writeUInt16LE(header.length, 8);
  const values = Float32Array.from({ length: bands * frames }, (_, i) => -80 + (i % 80));
  return Buffer.concat([head, Buffer.from(header, "latin1"), Buffer.from(values.buffer)]);
}

let catalogue: Catalogue;
before(async () => {
  mkdirSync(join(music, "Artist"), { recursive: true });
  writeFileSync(join(music, "Artist", "song.ogg"), SONG);
  writeFileSync(join(work, "secret.txt"), "outside the music folder");
  symlinkSync(join(work, "secret.txt"), join(music, "Artist", "link-out.ogg"));
  mkdirSync(join(dataset, "arena_mel", "0"), { recursive: true });
  writeFileSync(join(dataset, melRelativePath(101)), npy(48, 40));
  writeFileSync(join(dataset, melRelativePath(105)), "not a spectrogram");
  const file = join(work, "catalogue.sqlite");
  await writeFixtureCatalogue(file, {
    library: {
      audioRoot: music,
      dataDir: dataset,
      audio: [
        row(101, "Artist/song.ogg"),
        row(102, "../secret.txt"),
        row(103, "Artist/../../secret.txt"),
        row(104, join(work, "secret.txt")),
        row(105, "Artist/link-out.ogg"),
        row(107, "%2e%2e/secret.txt"),
        row(108, "Artist/gone.ogg"),
      ],
    },
  });
  catalogue = openCatalogue(file);
});
after(() => {
  catalogue.close();
  rmSync(work, { recursive: true, force: true });
});

const request = (headers: Record<string, string> = {}, method = "GET", url = "http://localhost/api/songs/1/audio") =>
  new Request(url, { method, headers });

describe("audio", () => {
  test("a song's file: 200 with its type, length and Accept-Ranges", async () => {
    const response = await songAudioResponse(request(), catalogue, 101);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "audio/ogg");
    assert.equal(response.headers.get("accept-ranges"), "bytes");
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), SONG);
  });

  test("a range: 206 with exactly those bytes; past the end: 416; HEAD: headers only", async () => {
    const partial = await songAudioResponse(request({ range: "bytes=1000-1099" }), catalogue, 101);
    assert.equal(partial.status, 206);
    assert.equal(partial.headers.get("content-range"), "bytes 1000-1099/4000");
    assert.deepEqual(Buffer.from(await partial.arrayBuffer()), SONG.subarray(1000, 1100));
    const tail = await songAudioResponse(request({ range: "bytes=-10" }), catalogue, 101);
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), SONG.subarray(3990));
    for (const range of ["bytes=4000-", "bytes=50-10", "bytes=abc", "bytes=-0"]) {
      const refused = await songAudioResponse(request({ range }), catalogue, 101);
      assert.equal(refused.status, 416, range);
      assert.equal(refused.headers.get("content-range"), "bytes */4000", range);
    }
    const head = await songAudioResponse(request({}, "HEAD"), catalogue, 101);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "4000");
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });

  test("paths leading out of the music folder (.., absolute, links out), encoded names and missing files: 404 that names no path", async () => {
    for (const id of [102, 103, 104, 105, 107, 108]) {
      const response = await songAudioResponse(request(), catalogue, id);
      assert.equal(response.status, 404, `song ${id}`);
      const text = await response.text();
      assert.doesNotMatch(text, /secret|outside|\//, `song ${id}: ${text}`);
    }
  });

  test("songs without audio, and a music folder moved away: 404", async () => {
    assert.equal((await songAudioResponse(request(), catalogue, 106)).status, 404);
    assert.equal((await songAudioResponse(request(), catalogue, 999)).status, 404);
    process.env.MUGLE_AUDIO_DIR = join(work, "nowhere");
    try {
      assert.equal((await songAudioResponse(request(), catalogue, 101)).status, 404);
    } finally {
      delete process.env.MUGLE_AUDIO_DIR;
    }
  });
});

describe("spectrogram", () => {
  test("a PNG of the song's mel-spectrogram, cached for good when asked for with the current build", async () => {
    const url = `http://localhost${songSpectrogramUrl(101, catalogue.buildId)}`;
    const response = songSpectrogramResponse(request({}, "GET", url), catalogue, 101);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "image/png");
    assert.match(response.headers.get("cache-control")!, /immutable/);
    const png = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.equal(png.readUInt32BE(16), 10, "40 frames at 4 per pixel");
    assert.equal(png.readUInt32BE(20), 96, "48 bands at 2 pixels each");
    const stale = songSpectrogramResponse(request({}, "GET", "http://localhost/api/songs/101/spectrogram?build=older"), catalogue, 101);
    assert.doesNotMatch(stale.headers.get("cache-control")!, /immutable/);
    const again = songSpectrogramResponse(request({ "if-none-match": response.headers.get("etag")! }, "GET", url), catalogue, 101);
    assert.equal(again.status, 304);
  });

  test("no mel, a mel file that is not a spectrogram, a mel file gone: 404", () => {
    for (const id of [106, 105, 112]) assert.equal(songSpectrogramResponse(request(), catalogue, id).status, 404, `song ${id}`);
  });
});
