import assert from "node:assert/strict";
import { test } from "node:test";
import { TICKS_PER_BEAT, variableLength, writeMidi } from "./midi.ts";

test("variable-length quantities as in the SMF specification's examples", () => {
  assert.deepEqual(variableLength(0), [0x00]);
  assert.deepEqual(variableLength(0x40), [0x40]);
  assert.deepEqual(variableLength(0x7f), [0x7f]);
  assert.deepEqual(variableLength(0x80), [0x81, 0x00]);
  assert.deepEqual(variableLength(0x2000), [0xc0, 0x00]);
  assert.deepEqual(variableLength(0x3fff), [0xff, 0x7f]);
  assert.deepEqual(variableLength(0x4000), [0x81, 0x80, 0x00]);
  assert.deepEqual(variableLength(0x0fffffff), [0xff, 0xff, 0xff, 0x7f]);
});

test("a one-note song: header, tempo, program, note on and off, end of track (hand-assembled)", () => {
  const bytes = writeMidi({ bpm: 120, programs: [{ channel: 0, program: 73 }], notes: [{ start: 0, duration: 1, pitch: 60, velocity: 100, channel: 0 }] });
  const expectedTrack = [
    0x00, 0xff, 0x51, 0x03, 0x07, 0xa1, 0x20, // 500,000 µs per quarter = 120 bpm
    0x00, 0xc0, 73, // flute on channel 0
    0x00, 0x90, 60, 100, // note on
    ...[0x83, 0x60], 0x80, 60, 0, // 480 ticks later (0x1E0 → 83 60), note off
    0x00, 0xff, 0x2f, 0x00,
  ];
  assert.deepEqual(Array.from(bytes), [
    0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, TICKS_PER_BEAT >> 8, TICKS_PER_BEAT & 0xff,
    0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, expectedTrack.length, ...expectedTrack,
  ]);
});

test("a repeated pitch ends before it starts again; events are in time order", () => {
  const bytes = writeMidi({
    bpm: 60,
    programs: [],
    notes: [
      { start: 1, duration: 1, pitch: 64, velocity: 90, channel: 2 },
      { start: 0, duration: 1, pitch: 64, velocity: 90, channel: 2 },
    ],
  });
  const track = Array.from(bytes.subarray(22));
  // tempo, then: on(0), off(480) + on(480) with delta 0, off(960), end.
  assert.deepEqual(track.slice(7), [0x00, 0x92, 64, 90, 0x83, 0x60, 0x82, 64, 0, 0x00, 0x92, 64, 90, 0x83, 0x60, 0x82, 64, 0, 0x00, 0xff, 0x2f, 0x00]);
});
