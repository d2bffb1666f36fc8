import assert from "node:assert/strict";
import { test } from "node:test";
import { MELODIES, chordPitches, parseMelody, parsePitch } from "./melodies.ts";

test("pitch names: C4 is middle C (60), with sharps and flats", () => {
  assert.equal(parsePitch("C4"), 60);
  assert.equal(parsePitch("A4"), 69);
  assert.equal(parsePitch("G#3"), 56);
  assert.equal(parsePitch("Bb3"), 58);
  assert.throws(() => parsePitch("H2"), /not a pitch/);
});

test("every melody parses, each bar filling its meter, one chord per bar", () => {
  assert.ok(MELODIES.length >= 10);
  for (const melody of MELODIES) {
    const { notes, bars } = parseMelody(melody);
    assert.equal(bars, melody.chords.length, melody.name);
    assert.ok(notes.length >= 20, `${melody.name}: ${notes.length} notes`);
    for (const chord of melody.chords) assert.equal(chordPitches(chord).length, 3);
  }
  assert.deepEqual(parseMelody({ name: "x", meter: 3, bpm: 60, notes: "C4:2 R | D4 E4:0.5 F4:1.5", chords: ["C", "G"] }).notes, [
    { start: 0, duration: 2, pitch: 60 },
    { start: 3, duration: 1, pitch: 62 },
    { start: 4, duration: 0.5, pitch: 64 },
    { start: 4.5, duration: 1.5, pitch: 65 },
  ]);
  assert.throws(() => parseMelody({ name: "x", meter: 4, bpm: 60, notes: "C4 D4", chords: ["C"] }), /bar 1: 2 beats, expected 4/);
  assert.deepEqual(chordPitches("Am"), [57, 60, 64]);
});
