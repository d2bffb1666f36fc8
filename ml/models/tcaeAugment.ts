// Augmented views of a song for the TCAE's invariance term: what changes between two versions of a work in
// a real catalogue, applied to the (time-pooled, time-major, dB) mel-spectrogram:
//   excerpt  - a crop starting anywhere in the song (versions' excerpts start at different points);
//   tempo    - a time stretch (linear interpolation between frames);
//   key      - a pitch shift: every band reads the band at its frequency divided by 2^(semitones/12), so the
//              shift is exact on the mel scale (about 0.35 of a band per semitone at 300 Hz, 0.7 at 1 kHz)
//              rather than a uniform slide of the bands;
//   EQ       - a tilt across the bands and two resonances (production, instruments, room);
//   noise    - a raised, fluctuating noise floor (live takes, old recordings);
//   gain     - a level change;
//   reverb   - a decaying tail after every sound (a room, a sustain pedal, strings instead of piano);
//   drums    - percussion added on a beat of its own: kick, snare or hi-hat bursts (a remix, a band);
//   mix      - another song's excerpt underneath, some dB quieter (other accompaniment, other arrangement).
// The last three stand in for a change of instruments and arrangement, the largest difference between a
// cover or remix and its original that a view of one recording cannot otherwise show.
// Two views of the same song drawn this way should embed close together; those of other songs far apart.
// Pure functions over Float32Arrays, deterministic for a Random.
import { MEL_BANDS, bandOfFrequency, frequencyOfBand } from "../data/melon.ts";
import { Random } from "../core/random.ts";

export interface AugmentConfig {
  /** Crop length in (pooled) frames. */
  frames: number;
  /** Largest pitch shift in semitones, either way. */
  keySemitones: number;
  /** Largest tempo change as a fraction (0.15: 0.87× to 1.15×). */
  tempo: number;
  /** Largest EQ tilt in dB per band across the spectrum, either way, and largest resonance gain in dB. */
  eqTiltDb: number;
  eqBumpDb: number;
  /** Noise floor level range in dB below the view's loudest cell (uniform); none when the upper bound is not above the lower. */
  noiseDb: readonly [number, number];
  /** Largest gain change in dB, either way. */
  gainDb: number;
  /** Reverb tail decay in dB per second (uniform), on half the views; none when the upper bound is not above the lower. */
  reverbDbPerSecond: readonly [number, number];
  /** Level range of the added percussion hits in dB relative to the view's loudest cell; none when the upper bound is not above the lower. */
  drumsDb: readonly [number, number];
  /** Level of the mixed-in other song relative to its own, in dB; none when the upper bound is not above the lower. */
  mixDb: readonly [number, number];
  /** Frames per second of the (pooled) spectrogram, to express times in frames. */
  framesPerSecond: number;
}

export interface ViewParams {
  start: number;
  rate: number;
  semitones: number;
  tiltDb: number;
  bumps: [number, number, number][];
  noiseDb: number | null;
  /** Where in NOISE this view's floor fluctuation starts, and the (odd) step through it. */
  noiseStart: number;
  noiseStride: number;
  gainDb: number;
  /** Reverb decay in dB per frame, or null. */
  reverbDbPerFrame: number | null;
  /** Percussion: hits every `period` frames from `phase`, each [lowest band, highest band, level dB] by step of `pattern`. */
  drums: { period: number; phase: number; pattern: [number, number, number][]; decayDbPerFrame: number } | null;
  /** Another song underneath: where its excerpt starts and its gain in dB, or null (the song is supplied to renderView). */
  mix: { start: number; gainDb: number } | null;
}

/** 64k standard normals every view reads from its own start and stride (a normal per cell is too slow to draw). */
const NOISE = (() => {
  const random = new Random(0x6e6f697365, "tcae-augment-noise");
  return Float32Array.from({ length: 1 << 16 }, () => random.normal());
})();

const KICK: [number, number] = [0, 4];
const SNARE: [number, number] = [6, 34];
const HAT: [number, number] = [34, 47];

/**
 * Draws one view's changes for a song of `length` frames (and, for the mix, another song of `otherLength`
 * frames). With `near`, the crop starts within `near.frames` of `near.start` (the twin of an earlier view:
 * two views of the same passage, as two versions' excerpts cover the same music a few seconds apart).
 */
export function drawView(
  random: Random,
  config: AugmentConfig,
  length: number,
  otherLength = length,
  near?: { start: number; frames: number },
): ViewParams {
  const stretch = 1 + config.tempo;
  const rate = Math.exp(random.range(-Math.log(stretch), Math.log(stretch)));
  // The stretched crop reads (frames - 1) * rate + 1 source frames; a song shorter than that repeats its end.
  const span = (config.frames - 1) * rate + 1;
  const last = Math.max(0, length - span);
  const start = near
    ? Math.min(last, Math.max(0, near.start + random.range(-near.frames, near.frames)))
    : random.range(0, last);
  const [lo, hi] = config.noiseDb;
  return {
    start,
    rate,
    semitones: random.range(-config.keySemitones, config.keySemitones),
    tiltDb: random.range(-config.eqTiltDb, config.eqTiltDb),
    bumps: [0, 1].map(() => [random.range(0, MEL_BANDS - 1), random.range(1.5, 6), random.range(-config.eqBumpDb, config.eqBumpDb)]),
    noiseDb: hi > lo ? random.range(lo, hi) : null,
    noiseStart: random.int(NOISE.length),
    noiseStride: 1 + 2 * random.int(NOISE.length / 4),
    gainDb: random.range(-config.gainDb, config.gainDb),
    reverbDbPerFrame: config.reverbDbPerSecond[1] > config.reverbDbPerSecond[0] && random.chance(0.5)
      ? random.range(config.reverbDbPerSecond[0], config.reverbDbPerSecond[1]) / config.framesPerSecond
      : null,
    drums: config.drumsDb[1] > config.drumsDb[0] ? drawDrums(random, config) : null,
    mix: config.mixDb[1] > config.mixDb[0]
      ? { start: random.int(Math.max(1, otherLength - config.frames + 1)), gainDb: random.range(config.mixDb[0], config.mixDb[1]) }
      : null,
  };
}

/** A one-bar pattern of four steps on a beat of 0.3–0.75 s: each step a kick, snare, hi-hat or nothing. */
function drawDrums(random: Random, config: AugmentConfig): NonNullable<ViewParams["drums"]> {
  const period = Math.max(1, Math.round((random.range(0.3, 0.75) * config.framesPerSecond) / 2));
  const pattern = Array.from({ length: 4 }, (_, step): [number, number, number] => {
    const kind = step % 2 === 0 ? random.pick([KICK, KICK, HAT]) : random.pick([SNARE, HAT, SNARE]);
    const level = random.chance(0.2) ? -Infinity : random.range(config.drumsDb[0], config.drumsDb[1]);
    return [kind[0], kind[1], level];
  });
  return { period, phase: random.int(period), pattern, decayDbPerFrame: random.range(60, 150) / config.framesPerSecond };
}

/**
 * For a pitch shift of `semitones`, the fractional source band each band reads: the band at the frequency
 * 2^(-semitones/12) times its own, clamped to the band range.
 */
export function pitchShiftSources(semitones: number, bands = MEL_BANDS): Float64Array {
  const ratio = 2 ** (-semitones / 12);
  const out = new Float64Array(bands);
  for (let b = 0; b < bands; b++) {
    const source = Math.min(bands - 1, Math.max(0, bandOfFrequency(frequencyOfBand(b) * ratio)));
    // No shift reads each band itself exactly, not its neighbour at a weight of 1e-14.
    out[b] = Math.abs(source - Math.round(source)) < 1e-9 ? Math.round(source) : source;
  }
  return out;
}

/** 10·log10(1 + 10^(−d/10)) for d = 0, 0.05, … dB: what adding a second power d dB below the first adds, in dB. */
const DB_SUM_STEP = 0.05;
const DB_SUM = Float32Array.from({ length: Math.ceil(60 / DB_SUM_STEP) + 1 }, (_, i) => 10 * Math.log10(1 + 10 ** (-(i * DB_SUM_STEP) / 10)));

/** The level of two powers given in dB, summed (a table lookup: this runs for every cell of every view). */
export function addDb(a: number, b: number): number {
  const d = a > b ? a - b : b - a;
  const i = Math.round(d / DB_SUM_STEP);
  return (a > b ? a : b) + (i < DB_SUM.length ? DB_SUM[i]! : 0);
}

/**
 * Writes `frames` frames of a view of `song` (time-major [length × bands], dB) into `out` at `offset`:
 * crop and stretch, pitch shift, EQ and gain, the reverb tail, the percussion, the other song (`other`,
 * time-major too) underneath, then the noise floor.
 */
export function renderView(
  song: Float32Array,
  view: ViewParams,
  frames: number,
  out: Float32Array,
  offset: number,
  bands = MEL_BANDS,
  other?: Float32Array,
): void {
  const length = song.length / bands;
  const sources = pitchShiftSources(view.semitones, bands);
  const low = new Int32Array(bands);
  const high = new Int32Array(bands);
  const frac = new Float64Array(bands);
  const eq = new Float64Array(bands);
  for (let b = 0; b < bands; b++) {
    low[b] = Math.floor(sources[b]!);
    high[b] = Math.min(bands - 1, low[b]! + 1);
    frac[b] = sources[b]! - low[b]!;
    let db = view.gainDb + view.tiltDb * (b - (bands - 1) / 2);
    for (const [center, width, gain] of view.bumps) db += gain * Math.exp(-0.5 * ((b - center) / width) ** 2);
    eq[b] = db;
  }
  // The floor fluctuates per cell by a log-normal factor (0.9 nepers ≈ 3.9 dB standard deviation).
  const fluctuation = 10 * Math.log10(Math.E) * 0.9;
  let noise = view.noiseStart;
  for (let t = 0; t < frames; t++) {
    const position = Math.min(length - 1, view.start + t * view.rate);
    const r0 = Math.floor(position) * bands;
    const r1 = Math.min(length - 1, Math.floor(position) + 1) * bands;
    const ft = position - Math.floor(position);
    const row = offset + t * bands;
    for (let b = 0; b < bands; b++) {
      const fb = frac[b]!;
      const lo = low[b]!;
      const hi = high[b]!;
      const v0 = song[r0 + lo]! + (song[r0 + hi]! - song[r0 + lo]!) * fb;
      const v1 = song[r1 + lo]! + (song[r1 + hi]! - song[r1 + lo]!) * fb;
      let db = v0 + (v1 - v0) * ft + eq[b]!;
      if (view.reverbDbPerFrame !== null && t > 0) db = Math.max(db, out[row - bands + b]! - view.reverbDbPerFrame);
      out[row + b] = db;
    }
  }
  // Percussion and noise are set relative to the view's loudest cell, so they sit the same way in loud and quiet recordings.
  let peak = -Infinity;
  for (let i = offset; i < offset + frames * bands; i++) if (out[i]! > peak) peak = out[i]!;
  const { drums, mix } = view;
  if (drums) {
    const hit = new Float64Array(bands).fill(-Infinity);
    for (let t = 0; t < frames; t++) {
      const row = offset + t * bands;
      for (let b = 0; b < bands; b++) hit[b] = hit[b]! - drums.decayDbPerFrame;
      if ((t + drums.phase) % drums.period === 0) {
        const [lo, hi, level] = drums.pattern[Math.floor((t + drums.phase) / drums.period) % drums.pattern.length]!;
        for (let b = lo; b <= hi; b++) hit[b] = Math.max(hit[b]!, peak + level);
      }
      for (let b = 0; b < bands; b++) if (hit[b]! > peak - 100) out[row + b] = addDb(out[row + b]!, hit[b]!);
    }
  }
  if (mix && other) {
    const otherLength = other.length / bands;
    for (let t = 0; t < frames; t++) {
      const row = offset + t * bands;
      const source = Math.min(otherLength - 1, mix.start + t) * bands;
      for (let b = 0; b < bands; b++) out[row + b] = addDb(out[row + b]!, other[source + b]! + mix.gainDb);
    }
  }
  if (view.noiseDb !== null) {
    for (let i = offset; i < offset + frames * bands; i++) {
      noise = (noise + view.noiseStride) & (NOISE.length - 1);
      out[i] = addDb(out[i]!, peak + view.noiseDb + fluctuation * NOISE[noise]!);
    }
  }
}
