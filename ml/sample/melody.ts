// The composition of a work: a melody (verse and chorus phrases with variations), a chord progression and
// an arrangement (energy per bar). It depends only on the seed and the work, so every version of the work
// (English version, remix, live, acoustic, cover, instrumental) plays the same music; the renderer changes
// tempo, key and timbre on top of it.
import { Random } from "../core/random.ts";
import type { Work } from "./catalogue.ts";

export interface Note {
  /** Start and end in beats from the start of the excerpt. */
  start: number;
  end: number;
  /** MIDI pitch before the version's transposition. */
  pitch: number;
}

export interface Composition {
  notes: Note[];
  /** Per bar (4 beats): the chord as MIDI pitches of a triad around octave 3, before transposition. */
  chords: number[][];
  /** Per bar: arrangement energy in (0, 1] (intro and verse quieter than the chorus). */
  energy: number[];
  /** Bars covered (enough for 30 s at the fastest tempo a version can take). */
  bars: number;
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];
/** Rhythms of a two-bar phrase, in beats (each sums to 8). */
const PHRASE_RHYTHMS = [
  [1, 1, 1, 1, 2, 2],
  [0.5, 0.5, 1, 1, 1, 2, 2],
  [1.5, 0.5, 1, 1, 2, 2],
  [2, 1, 1, 2, 2],
  [1, 0.5, 0.5, 1, 1, 1, 1, 2],
  [0.5, 0.5, 0.5, 0.5, 1, 1, 2, 2],
  [1, 1, 2, 1, 1, 2],
];
const PROGRESSIONS_MAJOR = [[0, 4, 5, 3], [5, 3, 0, 4], [0, 5, 3, 4], [3, 4, 2, 5], [0, 3, 4, 0]];
const PROGRESSIONS_MINOR = [[0, 5, 2, 6], [0, 3, 4, 0], [0, 6, 5, 6], [5, 6, 0, 0]];
const STEPS = [-3, -2, -1, 0, 1, 2, 3];
const STEP_WEIGHTS = [0.5, 2, 4, 1.5, 4, 2, 0.5];

/** Degree (may be negative or above 7) to semitones above the tonic. */
export function degreeToSemitones(degree: number, minor: boolean): number {
  const scale = minor ? MINOR : MAJOR;
  const octave = Math.floor(degree / 7);
  return 12 * octave + scale[degree - 7 * octave]!;
}

interface Phrase {
  rhythm: number[];
  degrees: number[];
  rests: boolean[];
}

function composePhrase(random: Random, startDegree: number, low: number, high: number): Phrase {
  const rhythm = random.pick(PHRASE_RHYTHMS);
  const degrees: number[] = [];
  let degree = startDegree;
  for (let i = 0; i < rhythm.length; i++) {
    degrees.push(degree);
    degree = Math.max(low, Math.min(high, degree + STEPS[random.weighted(STEP_WEIGHTS)]!));
  }
  // End on a chord tone of the tonic so phrases sound resolved.
  const last = degrees[degrees.length - 1]!;
  degrees[degrees.length - 1] = [0, 2, 4, 7].reduce((best, d) => (Math.abs(d - last) < Math.abs(best - last) ? d : best), 0);
  return { rhythm, degrees, rests: rhythm.map((_, i) => i > 0 && random.chance(0.08)) };
}

/** The same rhythm with the second half re-drawn: the "answer" to a phrase. */
function vary(random: Random, phrase: Phrase, low: number, high: number): Phrase {
  const degrees = [...phrase.degrees];
  const half = Math.floor(degrees.length / 2);
  for (let i = half; i < degrees.length - 1; i++) {
    degrees[i] = Math.max(low, Math.min(high, degrees[i - 1]! + STEPS[random.weighted(STEP_WEIGHTS)]!));
  }
  return { rhythm: phrase.rhythm, degrees, rests: phrase.rests };
}

/** Bars covering 30 s at the fastest version (a live remix: tempo x 1.25), plus the longest intro. */
function barsNeeded(work: Work): number {
  return Math.ceil(((work.tempo * 1.25 * 30) / 60) / 4) + 4;
}

export function composeWork(seed: number, work: Work): Composition {
  const random = new Random(seed, `work:${work.id}`);
  const verse = composePhrase(random, random.pick([0, 2, 4]), -3, 6);
  const verseAnswer = vary(random, verse, -3, 6);
  const chorus = composePhrase(random, random.pick([4, 5, 7]), 2, 10);
  const chorusAnswer = vary(random, chorus, 2, 10);
  const progression = random.pick(work.minor ? PROGRESSIONS_MINOR : PROGRESSIONS_MAJOR);
  const intro = random.chance(0.4) ? 2 : 0;
  const form: [Phrase, number][] = [
    [verse, 0.55], [verseAnswer, 0.6], [verse, 0.6], [verseAnswer, 0.65],
    [chorus, 1], [chorusAnswer, 1], [chorus, 1], [chorusAnswer, 0.95],
  ];
  const bars = barsNeeded(work);
  const notes: Note[] = [];
  const chords: number[][] = [];
  const energy: number[] = [];
  const chordOf = (bar: number) => {
    const d = progression[bar % progression.length]!;
    return [d, d + 2, d + 4].map((x) => work.root - 12 + degreeToSemitones(x, work.minor));
  };
  for (let bar = 0; bar < intro; bar++) {
    chords.push(chordOf(bar));
    energy.push(0.4);
  }
  let beat = intro * 4;
  for (let i = 0; chords.length < bars; i++) {
    const [phrase, level] = form[i % form.length]!;
    let t = beat;
    phrase.rhythm.forEach((length, n) => {
      if (!phrase.rests[n]) notes.push({ start: t, end: t + length, pitch: work.root + degreeToSemitones(phrase.degrees[n]!, work.minor) });
      t += length;
    });
    for (let b = 0; b < 2; b++) {
      chords.push(chordOf(chords.length));
      energy.push(level);
    }
    beat += 8;
  }
  return { notes, chords, energy, bars: chords.length };
}
