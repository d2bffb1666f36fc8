import assert from "node:assert/strict";
import { test } from "node:test";
import { generateCatalogue } from "./catalogue.ts";
import { styleNameOf } from "./mel.ts";
import { HARD_CHANGES, versionAudio } from "./versionChanges.ts";

const catalogue = generateCatalogue(600, 3);

test("standard keeps every song's audio; hard keeps the originals' only", () => {
  for (const song of catalogue.songs) {
    assert.equal(versionAudio(song, "standard", 3), song.audio);
    if (song.version === "original") assert.equal(versionAudio(song, "hard", 3), song.audio);
  }
});

test("hard versions change key, tempo, instruments, excerpt start, EQ and noise within the stated bounds", () => {
  const versions = catalogue.songs.filter((s) => s.version !== "original");
  assert.ok(versions.length > 20);
  for (const song of versions) {
    const audio = versionAudio(song, "hard", 3);
    assert.notEqual(styleNameOf(audio.style), styleNameOf(song.audio.style));
    const semitones = Math.abs(audio.keyShift);
    assert.ok(semitones >= 1 - HARD_CHANGES.detune && semitones <= 2 + HARD_CHANGES.detune, `key ${audio.keyShift}`);
    const tempo = Math.abs(audio.tempoRatio - 1);
    assert.ok(tempo >= HARD_CHANGES.minTempo && tempo <= HARD_CHANGES.maxTempo, `tempo ${audio.tempoRatio}`);
    assert.ok(audio.startSeconds! >= HARD_CHANGES.startSeconds[0] && audio.startSeconds! <= HARD_CHANGES.startSeconds[1]);
    assert.ok(Math.abs(audio.eqTiltDb!) <= HARD_CHANGES.tiltDb && audio.eqBumps!.length === 2);
    assert.ok(audio.noiseDb! >= 0 && audio.noiseDb! <= HARD_CHANGES.noiseDb);
    assert.deepEqual(versionAudio(song, "hard", 3), audio, "deterministic");
  }
});
