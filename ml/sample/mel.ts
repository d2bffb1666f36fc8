// Renders a song's mel-spectrogram (48 bands x T frames, ~62.5 frames/s as 16 kHz audio with hop 256,
// bands mel-spaced over 0-8 kHz) from its work's composition and its version's audio parameters.
//
// Values are log power in dB (10·log10 of power), clamped to [-80, +12]: a noise floor near -70 dB,
// accompaniment around -25..-10 dB, melody ridges and kick drums peaking near 0..+10 dB.
//
// What carries what:
//   melody  - the work's note sequence rendered as harmonic ridges (fundamental plus partials at k·f0, each a
//             narrow Gaussian across the mel bands), the strongest component, shared by every version; versions
//             change it only by tempo (time stretch) and key (the ridges move across bands).
//   harmony - the work's chords (triads and bass) as weaker sustained partials, and an energy contour per bar
//             (intro, verse, chorus), also shared by versions.
//   timbre  - per style: spectral tilt and resonances (an EQ curve over bands), partial roll-off, note
//             envelope (sustained voice or strings vs decaying piano), reverb, noise floor; plus a boost and a
//             notch per major genre (genreColour), so genres sharing a style still sound apart.
//   rhythm  - per style: a one-bar drum pattern on an eighth-note grid: kick energy in the lowest bands,
//             snare broadband in the mids, hi-hats in the top bands, with exponential decays; tempo sets the grid.
import { MEL_BANDS, MEL_MAX_HZ as MAX_HZ, bandOfFrequency } from "../data/melon.ts";
import { Random } from "../core/random.ts";
import type { SampleSong, Work } from "./catalogue.ts";
import type { Composition } from "./melody.ts";

export const FRAMES_PER_SECOND = 16000 / 256;
export const MEL_MIN_DB = -80;
export const MEL_MAX_DB = 12;

export { bandOfFrequency };

export function midiToHz(pitch: number): number {
  return 440 * 2 ** ((pitch - 69) / 12);
}

type Pattern = "none" | "halftime" | "backbeat" | "four" | "boombap" | "rock" | "swing" | "light";

interface Style {
  /** dB per band across the spectrum (negative: darker). */
  tilt: number;
  /** Resonances [band, width in bands, gain dB]. */
  resonances: readonly (readonly [number, number, number])[];
  /** Melody partials and the power ratio from one partial to the next. */
  partials: number;
  rolloff: number;
  /** Note envelope: frames of decay time constant; Infinity for sustained notes. */
  decay: number;
  pattern: Pattern;
  drumDb: number;
  melodyDb: number;
  chordDb: number;
  /** Broadband bed (strings, synth pads, distortion) level. */
  bedDb: number;
  floorDb: number;
  /** Share of the previous frame kept (reverb / sustain pedal). */
  reverb: number;
}

const BASE: Style = {
  tilt: -0.35, resonances: [], partials: 8, rolloff: 0.55, decay: Infinity, pattern: "backbeat", drumDb: -2, melodyDb: 2,
  chordDb: -14, bedDb: -34, floorDb: -68, reverb: 0.35,
};

/** Timbre and rhythm of each style. Genres map onto these (see STYLE_OF_GENRE). */
const STYLES: Record<string, Style> = {
  pianoBallad: { ...BASE, pattern: "halftime", drumDb: -10, decay: 60, resonances: [[14, 5, 4]], reverb: 0.55, bedDb: -36 },
  dancePop: { ...BASE, pattern: "four", drumDb: 3, tilt: -0.2, resonances: [[38, 6, 5]], bedDb: -28, rolloff: 0.6 },
  hiphop: { ...BASE, pattern: "boombap", drumDb: 5, tilt: -0.5, resonances: [[3, 3, 6]], melodyDb: 0, partials: 6, reverb: 0.2 },
  rnb: { ...BASE, pattern: "backbeat", drumDb: -4, tilt: -0.45, resonances: [[10, 4, 4], [22, 6, 2]], reverb: 0.45 },
  indie: { ...BASE, pattern: "light", drumDb: -7, tilt: -0.4, resonances: [[18, 6, 3]], decay: 90, reverb: 0.4 },
  rock: { ...BASE, pattern: "rock", drumDb: 2, tilt: -0.15, partials: 14, rolloff: 0.8, bedDb: -20, resonances: [[25, 8, 5]], reverb: 0.3 },
  trot: { ...BASE, pattern: "backbeat", drumDb: 0, tilt: -0.25, resonances: [[20, 4, 7]], rolloff: 0.7, bedDb: -26 },
  folk: { ...BASE, pattern: "none", tilt: -0.3, decay: 45, resonances: [[16, 5, 4]], partials: 10, rolloff: 0.65, bedDb: -40 },
  edm: { ...BASE, pattern: "four", drumDb: 6, tilt: -0.1, partials: 12, rolloff: 0.75, bedDb: -18, resonances: [[42, 5, 6]], reverb: 0.25 },
  orchestral: { ...BASE, pattern: "none", tilt: -0.3, partials: 12, rolloff: 0.72, bedDb: -22, resonances: [[12, 8, 4]], reverb: 0.65, chordDb: -8 },
  jazz: { ...BASE, pattern: "swing", drumDb: -8, tilt: -0.45, resonances: [[8, 4, 5]], decay: 70, reverb: 0.4 },
  newAge: { ...BASE, pattern: "none", tilt: -0.55, decay: 40, partials: 6, rolloff: 0.45, reverb: 0.7, bedDb: -40, floorDb: -72 },
  choir: { ...BASE, pattern: "none", tilt: -0.4, partials: 9, rolloff: 0.6, bedDb: -24, resonances: [[9, 3, 5], [20, 4, 4]], reverb: 0.75, chordDb: -6 },
  gugak: { ...BASE, pattern: "light", drumDb: -9, tilt: -0.2, partials: 12, rolloff: 0.75, resonances: [[30, 6, 6]], reverb: 0.4 },
  kids: { ...BASE, pattern: "backbeat", drumDb: -6, tilt: -0.15, partials: 5, rolloff: 0.5, resonances: [[28, 5, 4]], reverb: 0.25 },
  ambient: { ...BASE, pattern: "none", tilt: -0.6, partials: 4, rolloff: 0.4, melodyDb: -8, bedDb: -22, reverb: 0.85, floorDb: -60 },
  acoustic: { ...BASE, pattern: "none", tilt: -0.4, decay: 50, partials: 9, rolloff: 0.62, resonances: [[16, 5, 3]], bedDb: -40, reverb: 0.45 },
};

const STYLE_OF_GENRE: Record<string, keyof typeof STYLES> = {
  GN0100: "pianoBallad", GN0200: "dancePop", GN0300: "hiphop", GN0400: "rnb", GN0500: "indie", GN0600: "rock", GN0700: "trot",
  GN0800: "folk", GN0900: "dancePop", GN1000: "rock", GN1100: "edm", GN1200: "hiphop", GN1300: "rnb", GN1400: "folk",
  GN1500: "pianoBallad", GN1600: "orchestral", GN1700: "jazz", GN1800: "newAge", GN1900: "dancePop", GN2000: "gugak",
  GN2100: "choir", GN2200: "kids", GN2300: "choir", GN2400: "gugak", GN2500: "dancePop", GN2600: "edm", GN2700: "edm",
  GN2800: "ambient", GN2900: "orchestral", remix: "edm", acoustic: "acoustic",
};

/** The style names, for version changes that swap the instruments. */
export const STYLE_NAMES: readonly string[] = Object.keys(STYLES);

/** The style a song's audio.style names: a genre code or "remix"/"acoustic" (mapped), or a style name itself. */
export function styleNameOf(key: string): string {
  return STYLE_OF_GENRE[key] ?? (key in STYLES ? key : "pianoBallad");
}

export function styleOf(key: string): Style {
  return STYLES[styleNameOf(key)]!;
}

/** Drum hits on an eighth-note grid over one bar: [kick, snare, hat] velocity per step. */
const PATTERNS: Record<Pattern, readonly (readonly [number, number, number])[]> = {
  none: Array.from({ length: 8 }, () => [0, 0, 0] as const),
  halftime: [[1, 0, 0.3], [0, 0, 0.2], [0, 0, 0.3], [0, 0, 0.2], [0.6, 1, 0.3], [0, 0, 0.2], [0, 0, 0.3], [0, 0, 0.2]],
  backbeat: [[1, 0, 0.5], [0, 0, 0.3], [0, 1, 0.5], [0, 0, 0.3], [1, 0, 0.5], [0.5, 0, 0.3], [0, 1, 0.5], [0, 0, 0.3]],
  four: [[1, 0, 0], [0, 0, 0.8], [1, 1, 0], [0, 0, 0.8], [1, 0, 0], [0, 0, 0.8], [1, 1, 0], [0, 0, 0.8]],
  boombap: [[1, 0, 0.4], [0, 0, 0.4], [0, 1, 0.4], [0.8, 0, 0.4], [0, 0, 0.4], [1, 0, 0.4], [0, 1, 0.4], [0, 0, 0.4]],
  rock: [[1, 0, 0.9], [0, 0, 0.7], [0, 1, 0.9], [0.7, 0, 0.7], [1, 0, 0.9], [0, 0, 0.7], [0, 1, 0.9], [0, 0, 0.7]],
  swing: [[0.4, 0, 0.6], [0, 0, 0], [0, 0, 0.6], [0, 0, 0.4], [0.3, 0, 0.6], [0, 0, 0], [0, 0, 0.6], [0, 0, 0.4]],
  light: [[0.8, 0, 0.3], [0, 0, 0], [0, 0.6, 0.3], [0, 0, 0], [0.6, 0, 0.3], [0, 0, 0], [0, 0.6, 0.3], [0, 0, 0.2]],
};

const dbToPower = (db: number) => 10 ** (db / 10);

/**
 * A genre's own colour on top of its style (several genres share a style, e.g. dance, pop, J-pop and idol):
 * a boost and a notch at bands derived from the genre code, like the production habits of a genre.
 */
export function genreColour(genre: string): (readonly [number, number, number])[] {
  const code = Number(genre.slice(2, 4));
  if (!Number.isFinite(code) || code === 0) return [];
  return [
    [4 + ((code * 11) % 40), 2.5, 5],
    [4 + ((code * 17 + 7) % 40), 2.5, -5],
  ];
}

function gaussianBands(center: number, width: number, power: number, into: Float64Array): void {
  const lo = Math.max(0, Math.floor(center - 3 * width));
  const hi = Math.min(MEL_BANDS - 1, Math.ceil(center + 3 * width));
  for (let b = lo; b <= hi; b++) {
    const z = (b - center) / width;
    into[b]! += power * Math.exp(-0.5 * z * z);
  }
}

/** Power spectrum of a harmonic tone: partials k·f0, each a narrow ridge across the bands. */
function toneSpectrum(pitch: number, partials: number, rolloff: number, powerDb: number): Float64Array {
  const spectrum = new Float64Array(MEL_BANDS);
  const f0 = midiToHz(pitch);
  let power = dbToPower(powerDb);
  for (let k = 1; k <= partials && k * f0 < MAX_HZ; k++) {
    gaussianBands(bandOfFrequency(k * f0), 0.45, power, spectrum);
    power *= rolloff;
  }
  return spectrum;
}

function broadband(center: number, width: number, powerDb: number): Float64Array {
  const spectrum = new Float64Array(MEL_BANDS);
  gaussianBands(center, width, dbToPower(powerDb), spectrum);
  return spectrum;
}

/** 64k standard normals shared by every render; each recording reads them from its own offset and stride. */
const NOISE = (() => {
  const random = new Random(0x6d656c, "mel-noise");
  const table = new Float32Array(1 << 16);
  for (let i = 0; i < table.length; i++) table[i] = random.normal();
  return table;
})();
/** exp(0.9·z) of the same normals: the noise floor's multiplicative (log-normal) fluctuation. */
const FLOOR_NOISE = NOISE.map((z) => Math.exp(0.9 * z));

const KICK = broadband(1.2, 1.6, 6);
const SNARE = broadband(16, 9, -4);
const HAT = broadband(42, 4, -8);
const CROWD = broadband(22, 12, -22);

/**
 * Renders `frames` frames of the song. Returns band-major values (index band * frames + frame), i.e. the
 * C-order layout of a numpy array of shape (48, frames).
 */
export function renderMel(song: SampleSong, work: Work, composition: Composition, frames: number): Float32Array {
  const audio = song.audio;
  const style = styleOf(audio.style);
  const recording = new Random(audio.recording, "recording");
  const tempo = work.tempo * audio.tempoRatio;
  const framesPerBeat = (FRAMES_PER_SECOND * 60) / tempo;
  const gainDb = recording.range(-1.5, 1.5);
  const articulation = recording.range(0.05, 0.15);
  // Live recordings start a little off and carry crowd noise; some versions' excerpts start later in the song.
  const offsetBeats = (audio.live ? recording.range(0, 0.5) : 0) + ((audio.startSeconds ?? 0) * tempo) / 60;
  const melodyDb = style.melodyDb + gainDb - (audio.instrumental ? 3 : 0);
  const rolloff = audio.instrumental ? style.rolloff * 0.8 : style.rolloff;

  // Equaliser curve of the style (tilt and resonances) and of the song's genre, applied to everything but the
  // noise floor.
  const resonances = [...style.resonances, ...genreColour(song.song_gn_gnr_basket[0] ?? ""), ...(audio.eqBumps ?? [])];
  const tilt = style.tilt + (audio.eqTiltDb ?? 0);
  const eq = new Float64Array(MEL_BANDS);
  for (let b = 0; b < MEL_BANDS; b++) {
    let db = tilt * b;
    for (const [center, width, gain] of resonances) db += gain * Math.exp(-0.5 * ((b - center) / width) ** 2);
    eq[b] = dbToPower(db);
  }
  const floor = new Float64Array(MEL_BANDS);
  for (let b = 0; b < MEL_BANDS; b++) floor[b] = dbToPower(style.floorDb + (audio.noiseDb ?? 0) - 0.15 * b);
  const bed = broadband(24, 14, style.bedDb + gainDb);

  const noteCache = new Map<number, Float64Array>();
  const noteSpectrum = (pitch: number) => {
    let s = noteCache.get(pitch);
    if (!s) {
      s = toneSpectrum(pitch, style.partials, rolloff, melodyDb);
      noteCache.set(pitch, s);
    }
    return s;
  };
  const chordSpectra = composition.chords.map((chord) => {
    const s = new Float64Array(MEL_BANDS);
    for (const pitch of chord) {
      const tone = toneSpectrum(pitch + audio.keyShift, 5, 0.5, style.chordDb + gainDb);
      for (let b = 0; b < MEL_BANDS; b++) s[b]! += tone[b]!;
    }
    const bass = toneSpectrum(chord[0]! - 12 + audio.keyShift, 3, 0.5, style.chordDb + 4 + gainDb);
    for (let b = 0; b < MEL_BANDS; b++) s[b]! += bass[b]!;
    return s;
  });
  const pattern = PATTERNS[style.pattern];
  const drumPower = dbToPower(style.drumDb + gainDb);
  const framesPerStep = framesPerBeat / 2;

  const out = new Float32Array(MEL_BANDS * frames);
  const previous = new Float64Array(MEL_BANDS);
  const frame = new Float64Array(MEL_BANDS);
  let noise = recording.int(1 << 16);
  const stride = 1 + 2 * recording.int(1 << 14);
  let noteIndex = 0;
  const notes = composition.notes;
  let kick = 0;
  let snare = 0;
  let hat = 0;
  let lastStep = -1;
  let crowd = 0;

  for (let t = 0; t < frames; t++) {
    const beat = t / framesPerBeat + offsetBeats;
    const bar = Math.min(composition.bars - 1, Math.floor(beat / 4));
    const energy = composition.energy[bar]!;

    // Drums: a new hit resets its envelope, which then decays exponentially.
    const step = Math.floor(t / framesPerStep + offsetBeats * 2);
    if (step !== lastStep) {
      const [k, s, h] = pattern[((step % 8) + 8) % 8]!;
      kick = Math.max(kick, k * (0.5 + 0.5 * energy));
      snare = Math.max(snare, s * (0.5 + 0.5 * energy));
      hat = Math.max(hat, h * energy);
      lastStep = step;
    }

    // Melody: the note sounding at this beat, with attack, decay and a gap before the next note.
    while (noteIndex < notes.length && notes[noteIndex]!.end <= beat) noteIndex++;
    const note = notes[noteIndex];
    let noteLevel = 0;
    let spectrum: Float64Array | undefined;
    if (note && note.start <= beat && beat < note.end - articulation * (note.end - note.start)) {
      const age = (beat - note.start) * framesPerBeat;
      noteLevel = Math.min(1, (age + 1) / 3) * (Number.isFinite(style.decay) ? 0.25 + 0.75 * Math.exp(-age / style.decay) : 1);
      noteLevel *= 0.75 + 0.25 * energy;
      spectrum = noteSpectrum(note.pitch + audio.keyShift);
    }
    const chord = chordSpectra[bar]!;
    if (audio.live) crowd = 0.97 * crowd + 0.03 * Math.exp(0.8 * NOISE[(noise + 7919 * t) & 0xffff]!);

    const reverb = style.reverb;
    for (let b = 0; b < MEL_BANDS; b++) {
      let signal = energy * (chord[b]! + bed[b]!) + drumPower * (kick * KICK[b]! + snare * SNARE[b]! + hat * HAT[b]!);
      if (spectrum) signal += noteLevel * spectrum[b]!;
      if (audio.live) signal += crowd * CROWD[b]!;
      signal = signal * eq[b]! + reverb * previous[b]!;
      previous[b] = signal;
      noise = (noise + stride) & 0xffff;
      frame[b] = signal + floor[b]! * FLOOR_NOISE[noise]!;
    }
    for (let b = 0; b < MEL_BANDS; b++) {
      noise = (noise + stride) & 0xffff;
      const db = 10 * Math.log10(frame[b]!) + 0.8 * NOISE[noise]!;
      out[b * frames + t] = db < MEL_MIN_DB ? MEL_MIN_DB : db > MEL_MAX_DB ? MEL_MAX_DB : db;
    }
    kick *= 0.82;
    snare *= 0.78;
    hat *= 0.55;
  }
  return out;
}
