// Decoding real encoded files (made by ffmpeg at test time): which excerpt is taken, how channels become mono,
// what happens with unknown or wrong durations, and how a file that is not audio is reported.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { SOURCES, synthesize } from "../testing/audio.ts";
import { DecodeError, decodeAudio, decodeExcerpt, excerptStart, ffmpegReason } from "./decode.ts";
import { EXCERPT_SAMPLES, N_MELS, SAMPLE_RATE, hzToMel, melSpectrogram } from "./melSpectrogram.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-decode-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The mel band whose centre is nearest to `hz` (band centres are the inner mel points). */
function bandOf(hz: number): number {
  const top = hzToMel(SAMPLE_RATE / 2);
  return Math.round((hzToMel(hz) / top) * (N_MELS + 1)) - 1;
}

describe("the excerpt", () => {
  test("is 30 s centred on the middle of a longer track, whole for a shorter one", () => {
    assert.equal(excerptStart(100), 35);
    assert.equal(excerptStart(30), 0);
    assert.equal(excerptStart(12.5), 0);
    assert.equal(excerptStart(45.0015), 7.5);
  });

  test("of a 50 s mp3 (10 s low tone, 30 s high tone, 10 s low tone) holds only the high tone", async () => {
    const file = synthesize(join(dir, "middle.mp3"), {
      sources: [SOURCES.tone(220), SOURCES.tone(1760), SOURCES.tone(220)],
      seconds: [10, 30, 10],
    });
    const excerpt = await decodeExcerpt(file, 50);
    assert.equal(excerpt.startSeconds, 10);
    assert.equal(excerpt.decodedSeconds, null, "the duration was known: only the excerpt was decoded");
    assert.ok(Math.abs(excerpt.samples.length - EXCERPT_SAMPLES) <= 256, `${excerpt.samples.length} samples`);
    const mel = melSpectrogram(excerpt.samples);
    const high = bandOf(1760);
    const low = bandOf(220);
    // Away from the edges (an mp3 seeks to within a frame), the high tone dominates every frame.
    for (let t = 20; t < mel.frames - 20; t++) {
      assert.ok(mel.data[high * mel.frames + t]! > mel.data[low * mel.frames + t]! + 30, `frame ${t}`);
    }
  });

  test("of a file of unknown length is the middle of what decodes", async () => {
    const file = synthesize(join(dir, "unknown.ogg"), { sources: [SOURCES.tone(220), SOURCES.tone(1760), SOURCES.tone(220)], seconds: [6, 30, 6] });
    const excerpt = await decodeExcerpt(file, null);
    assert.ok(excerpt.decodedSeconds !== null && Math.abs(excerpt.decodedSeconds - 42) < 0.1, `decoded ${excerpt.decodedSeconds} s`);
    assert.equal(excerpt.samples.length, EXCERPT_SAMPLES);
    assert.ok(Math.abs(excerpt.startSeconds - 6) < 0.1);
  });

  test("of a truncated file whose header claims more is taken from what decodes", async () => {
    const whole = synthesize(join(dir, "whole.wav"), { sources: [SOURCES.noise(1)], seconds: [40] });
    const bytes = readFileSync(whole);
    const cut = join(dir, "cut.wav");
    // The WAVE header still says 40 s; only the first ~16 s of data are there.
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    const excerpt = await decodeExcerpt(cut, 40);
    assert.ok(excerpt.decodedSeconds !== null && Math.abs(excerpt.decodedSeconds - 16) < 0.2, `decoded ${excerpt.decodedSeconds} s`);
    assert.equal(excerpt.startSeconds, 0);
  });
});

describe("decoding", () => {
  test("averages the channels as librosa does (a left-only sine comes out at half its amplitude)", async () => {
    // lavfi's sine has amplitude 1/8; averaged with a silent right channel it is 1/16.
    const file = synthesize(join(dir, "left.wav"), { sources: [SOURCES.tone(440)], seconds: [3], leftOnly: true });
    const samples = await decodeAudio(file);
    assert.ok(Math.abs(samples.length - 3 * SAMPLE_RATE) <= 1);
    const peak = samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
    assert.ok(Math.abs(peak - 1 / 16) < 0.002, `peak ${peak}`);
  });

  test("decodes every codec of the library formats to 16 kHz", async () => {
    for (const ext of ["mp3", "ogg", "opus", "flac", "m4a", "wav"]) {
      const file = synthesize(join(dir, `codec.${ext}`), { sources: [SOURCES.chord(261.6, 329.6, 392)], seconds: [4] });
      const samples = await decodeAudio(file);
      // Encoders add a little padding or priming; a few ms either way.
      assert.ok(Math.abs(samples.length - 4 * SAMPLE_RATE) < 0.06 * SAMPLE_RATE, `${ext}: ${samples.length} samples`);
    }
  });

  test("a file that is not audio is one DecodeError line, without ffmpeg's pointer addresses", async () => {
    const file = join(dir, "notes.mp3");
    writeFileSync(file, "these are my notes, not a song\n".repeat(20));
    await assert.rejects(decodeAudio(file), (error: unknown) => {
      assert.ok(error instanceof DecodeError);
      assert.match(error.message, /^ffmpeg cannot decode it: /);
      assert.doesNotMatch(error.message, /0x[0-9a-f]{4,}|\n/);
      return true;
    });
  });
});

test("ffmpegReason keeps the closing error and the first diagnostic, without the file name or addresses", () => {
  const stderr = "[mp3 @ 0x3d24ae40] Failed to read frame size: Could not seek to 1040.\nfile:/m/x.mp3: Invalid argument\n";
  assert.equal(ffmpegReason(stderr, "/m/x.mp3"), "Invalid argument (Failed to read frame size: Could not seek to 1040)");
  assert.equal(ffmpegReason("/m/y.ogg: Invalid data found when processing input\n", "/m/y.ogg"), "Invalid data found when processing input");
});
