// Real compositions for the real-music check, all in the public domain (traditional tunes and works of
// composers who died more than a century ago), written out by hand as note lists: "pitch:beats" (or R for a
// rest; ":1" may be left out), bars separated by "|", and one chord per bar for the accompaniment. Only the
// tunes' well-known refrains, in C major or A minor; the renderer transposes them.

export interface Melody {
  name: string;
  /** Beats per bar. */
  meter: 3 | 4;
  bpm: number;
  /** Bars of "pitch:beats" tokens, e.g. "E4 E4 F4 G4 | G4:2 R:2". */
  notes: string;
  /** One chord symbol per bar: a root (C, F#, Bb …) optionally followed by "m" for minor. */
  chords: string[];
}

export const MELODIES: readonly Melody[] = [
  {
    name: "Ode to Joy (Beethoven, 1824)",
    meter: 4,
    bpm: 112,
    notes:
      "E4 E4 F4 G4 | G4 F4 E4 D4 | C4 C4 D4 E4 | E4:1.5 D4:0.5 D4:2 | E4 E4 F4 G4 | G4 F4 E4 D4 | C4 C4 D4 E4 | D4:1.5 C4:0.5 C4:2 | " +
      "D4 D4 E4 C4 | D4 E4:0.5 F4:0.5 E4 C4 | D4 E4:0.5 F4:0.5 E4 D4 | C4 D4 G3:2 | E4 E4 F4 G4 | G4 F4 E4 D4 | C4 C4 D4 E4 | D4:1.5 C4:0.5 C4:2",
    chords: ["C", "G", "C", "G", "C", "G", "C", "C", "G", "C", "G", "G", "C", "G", "C", "C"],
  },
  {
    name: "Twinkle, Twinkle, Little Star (traditional)",
    meter: 4,
    bpm: 100,
    notes:
      "C4 C4 G4 G4 | A4 A4 G4:2 | F4 F4 E4 E4 | D4 D4 C4:2 | G4 G4 F4 F4 | E4 E4 D4:2 | G4 G4 F4 F4 | E4 E4 D4:2 | " +
      "C4 C4 G4 G4 | A4 A4 G4:2 | F4 F4 E4 E4 | D4 D4 C4:2",
    chords: ["C", "F", "F", "G", "C", "G", "C", "G", "C", "F", "F", "G"],
  },
  {
    name: "Frère Jacques (traditional)",
    meter: 4,
    bpm: 108,
    notes:
      "C4 D4 E4 C4 | C4 D4 E4 C4 | E4 F4 G4:2 | E4 F4 G4:2 | G4:0.5 A4:0.5 G4:0.5 F4:0.5 E4 C4 | G4:0.5 A4:0.5 G4:0.5 F4:0.5 E4 C4 | " +
      "C4 G3 C4:2 | C4 G3 C4:2",
    chords: ["C", "C", "C", "C", "C", "C", "C", "C"],
  },
  {
    name: "Amazing Grace (traditional, 'New Britain')",
    meter: 3,
    bpm: 84,
    notes:
      "R:2 G3 | C4:2 E4:0.5 C4:0.5 | E4:2 D4 | C4:2 A3 | G3:2 G3 | C4:2 E4:0.5 C4:0.5 | E4:2 D4 | G4:3 | G4:2 E4 | " +
      "G4:2 E4:0.5 C4:0.5 | E4:2 D4 | C4:2 A3 | G3:2 G3 | C4:2 E4:0.5 C4:0.5 | E4:2 D4 | C4:3",
    chords: ["C", "C", "C", "F", "C", "C", "C", "G", "C", "C", "G", "F", "C", "C", "G", "C"],
  },
  {
    name: "Greensleeves (traditional)",
    meter: 3,
    bpm: 96,
    notes:
      "R:2 A3 | C4:2 D4 | E4:1.5 F4:0.5 E4 | D4:2 B3 | G3:1.5 A3:0.5 B3 | C4:2 A3 | A3:1.5 G#3:0.5 A3 | B3:2 G#3 | E3:2 A3 | " +
      "C4:2 D4 | E4:1.5 F4:0.5 E4 | D4:2 B3 | G3:1.5 A3:0.5 B3 | C4:1.5 B3:0.5 A3 | G#3:1.5 F#3:0.5 G#3 | A3:3",
    chords: ["Am", "Am", "C", "G", "G", "Am", "Am", "E", "E", "Am", "C", "G", "G", "Am", "E", "Am"],
  },
  {
    name: "Jingle Bells (Pierpont, 1857)",
    meter: 4,
    bpm: 120,
    notes:
      "E4 E4 E4:2 | E4 E4 E4:2 | E4 G4 C4:1.5 D4:0.5 | E4:4 | F4 F4 F4:1.5 F4:0.5 | F4 E4 E4 E4:0.5 E4:0.5 | E4 D4 D4 E4 | D4:2 G4:2 | " +
      "E4 E4 E4:2 | E4 E4 E4:2 | E4 G4 C4:1.5 D4:0.5 | E4:4 | F4 F4 F4 F4 | F4 E4 E4 E4:0.5 E4:0.5 | G4 G4 F4 D4 | C4:4",
    chords: ["C", "C", "C", "C", "F", "C", "G", "G", "C", "C", "C", "C", "F", "C", "G", "C"],
  },
  {
    name: "When the Saints Go Marching In (traditional)",
    meter: 4,
    bpm: 116,
    notes:
      "R C4 E4 F4 | G4:4 | R C4 E4 F4 | G4:4 | R C4 E4 F4 | G4:2 E4:2 | C4:2 E4:2 | D4:4 | R E4 E4 D4 | C4:3 C4 | E4:2 G4:2 | " +
      "G4 F4:3 | R E4 F4 G4 | E4:2 C4:2 | D4:2 C4:2 | C4:4",
    chords: ["C", "C", "C", "C", "C", "C", "C", "G", "C", "C", "C", "F", "C", "C", "G", "C"],
  },
  {
    name: "Oh! Susanna (Foster, 1848)",
    meter: 4,
    bpm: 104,
    notes:
      "R:3 C4:0.5 D4:0.5 | E4 G4 G4:1.5 A4:0.5 | G4 E4 C4:1.5 D4:0.5 | E4 E4 D4 C4 | D4:3 C4:0.5 D4:0.5 | E4 G4 G4:1.5 A4:0.5 | " +
      "G4 E4 C4:1.5 D4:0.5 | E4 E4 D4 D4 | C4:4",
    chords: ["C", "C", "C", "C", "G", "C", "C", "G", "C"],
  },
  {
    name: "Auld Lang Syne (traditional)",
    meter: 4,
    bpm: 92,
    notes:
      "R:3 G3 | C4:1.5 C4:0.5 C4 E4 | D4:1.5 C4:0.5 D4 E4 | C4:1.5 C4:0.5 E4 G4 | A4:3 A4 | G4:1.5 E4:0.5 E4 C4 | " +
      "D4:1.5 C4:0.5 D4 E4 | C4:1.5 A3:0.5 A3 G3 | C4:4",
    chords: ["C", "C", "G", "C", "F", "C", "G", "F", "C"],
  },
  {
    name: "Wiegenlied, Op. 49 No. 4 (Brahms, 1868)",
    meter: 3,
    bpm: 88,
    notes:
      "R:2 E4:0.5 E4:0.5 | G4:2 E4:0.5 E4:0.5 | G4:2 E4:0.5 G4:0.5 | C5 B4:1.5 A4:0.5 | A4 G4 D4:0.5 E4:0.5 | F4 D4 D4:0.5 E4:0.5 | " +
      "F4:2 D4:0.5 F4:0.5 | B4:0.5 A4:0.5 G4 B4 | C5:2 C4:0.5 C4:0.5 | C5:2 A4:0.5 F4:0.5 | G4:2 E4:0.5 C4:0.5 | F4 G4 A4 | G4:3",
    chords: ["C", "C", "C", "F", "C", "G", "G", "G", "C", "F", "C", "F", "C"],
  },
  {
    name: "London Bridge Is Falling Down (traditional)",
    meter: 4,
    bpm: 110,
    notes: "G4:1.5 A4:0.5 G4 F4 | E4 F4 G4:2 | D4 E4 F4:2 | E4 F4 G4:2 | G4:1.5 A4:0.5 G4 F4 | E4 F4 G4:2 | D4:2 G4 E4 | C4:4",
    chords: ["C", "C", "G", "C", "C", "C", "G", "C"],
  },
];

const PITCH_CLASSES: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** "C#4" → 61, "Bb3" → 58 (C4 = 60). */
export function parsePitch(name: string): number {
  const match = /^([A-G])([#b]?)(-?\d)$/.exec(name);
  if (!match) throw new Error(`not a pitch: ${JSON.stringify(name)}`);
  const accidental = match[2] === "#" ? 1 : match[2] === "b" ? -1 : 0;
  return 12 * (Number(match[3]) + 1) + PITCH_CLASSES[match[1]!]! + accidental;
}

export interface ParsedNote {
  /** Start and length in beats. */
  start: number;
  duration: number;
  pitch: number;
}

/** A melody's notes in beats from its start (rests leave gaps); checks every bar adds up to the meter. */
export function parseMelody(melody: Melody): { notes: ParsedNote[]; bars: number } {
  const notes: ParsedNote[] = [];
  const bars = melody.notes.split("|").map((bar) => bar.trim());
  if (bars.length !== melody.chords.length) throw new Error(`${melody.name}: ${bars.length} bars but ${melody.chords.length} chords`);
  let beat = 0;
  bars.forEach((bar, i) => {
    let length = 0;
    for (const token of bar.split(/\s+/)) {
      const [name, beats] = token.split(":");
      const duration = beats === undefined ? 1 : Number(beats);
      if (!(duration > 0)) throw new Error(`${melody.name}, bar ${i + 1}: bad length in ${JSON.stringify(token)}`);
      if (name !== "R") notes.push({ start: beat + length, duration, pitch: parsePitch(name!) });
      length += duration;
    }
    if (Math.abs(length - melody.meter) > 1e-9) throw new Error(`${melody.name}, bar ${i + 1}: ${length} beats, expected ${melody.meter}`);
    beat += length;
  });
  return { notes, bars: bars.length };
}

/** A chord symbol's triad as MIDI pitches around C3 ("Am" → A2 C3 E3 shifted into 48..59 for the root). */
export function chordPitches(symbol: string): number[] {
  const match = /^([A-G])([#b]?)(m?)$/.exec(symbol);
  if (!match) throw new Error(`not a chord: ${JSON.stringify(symbol)}`);
  const root = 48 + ((PITCH_CLASSES[match[1]!]! + (match[2] === "#" ? 1 : match[2] === "b" ? -1 : 0) + 12) % 12);
  return [root, root + (match[3] ? 3 : 4), root + 7];
}
