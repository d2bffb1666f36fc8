// A small Standard MIDI File writer (format 0: one track, every channel in it), enough to turn a note list
// into a file fluidsynth renders: tempo, one program per channel, notes with velocities.
//
// Format (SMF 1.0): "MThd" length 6, format 0, 1 track, division = ticks per quarter note; then "MTrk"
// length, events each preceded by its delta time as a variable-length quantity (7 bits per byte, high bit
// set on all but the last). Meta events: FF 51 03 tempo (µs per quarter), FF 2F 00 end of track.

export const TICKS_PER_BEAT = 480;

export interface MidiNote {
  /** Start and length in beats (quarter notes). */
  start: number;
  duration: number;
  /** MIDI pitch 0–127 (60 = middle C). */
  pitch: number;
  velocity: number;
  /** 0–15; 9 is General MIDI's percussion channel. */
  channel: number;
}

export interface MidiSong {
  bpm: number;
  /** General MIDI program (0 = acoustic grand piano) of each channel used. */
  programs: { channel: number; program: number }[];
  notes: MidiNote[];
}

/** The variable-length quantity of a non-negative integer. */
export function variableLength(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0x0fffffff) throw new Error(`variableLength: ${value} out of range`);
  const bytes = [value & 0x7f];
  for (let v = value >> 7; v > 0; v >>= 7) bytes.unshift((v & 0x7f) | 0x80);
  return bytes;
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

export function writeMidi(song: MidiSong): Uint8Array {
  const events: { tick: number; order: number; bytes: number[] }[] = [];
  const tempo = Math.round(60_000_000 / song.bpm);
  events.push({ tick: 0, order: 0, bytes: [0xff, 0x51, 0x03, (tempo >> 16) & 0xff, (tempo >> 8) & 0xff, tempo & 0xff] });
  for (const { channel, program } of song.programs) events.push({ tick: 0, order: 1, bytes: [0xc0 | channel, program & 0x7f] });
  for (const note of song.notes) {
    const on = Math.round(note.start * TICKS_PER_BEAT);
    const off = Math.max(on + 1, Math.round((note.start + note.duration) * TICKS_PER_BEAT));
    const pitch = Math.max(0, Math.min(127, Math.round(note.pitch)));
    const velocity = Math.max(1, Math.min(127, Math.round(note.velocity)));
    // At equal ticks a note ends before the next one starts, so repeated pitches re-strike.
    events.push({ tick: on, order: 3, bytes: [0x90 | note.channel, pitch, velocity] });
    events.push({ tick: off, order: 2, bytes: [0x80 | note.channel, pitch, 0] });
  }
  events.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const track: number[] = [];
  let last = 0;
  for (const event of events) {
    track.push(...variableLength(event.tick - last), ...event.bytes);
    last = event.tick;
  }
  track.push(0x00, 0xff, 0x2f, 0x00);
  const header = [..."MThd"].map((c) => c.charCodeAt(0));
  return Uint8Array.from([
    ...header, ...u32(6), 0x00, 0x00, 0x00, 0x01, (TICKS_PER_BEAT >> 8) & 0xff, TICKS_PER_BEAT & 0xff,
    ...[..."MTrk"].map((c) => c.charCodeAt(0)), ...u32(track.length), ...track,
  ]);
}
