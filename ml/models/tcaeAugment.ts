// Augmented views of a song for the TCAE's invariance term: what changes between two versions of a work in
// a real catalogue, applied to the (time-pooled, time-major, dB) mel-spectrogram:
//   excerpt  - a crop starting anywhere in the song (versions' excerpts start at different points);
//   tempo    - a time stretch (linear interpolation between frames);
//   key      - a pitch shift: every band reads the band at its frequency divided by 2^(semitones/12), so the
//              shift is exact on the mel scale (about 0.35 of a band per semitone at 300 Hz, 0.7 at 1 kHz)
//              rather than a uniform slide of the bands;
//   EQ       - a tilt across the bands and two resonances (production, instruments, room);
//   noise    - a raised, fluctuating noise floor (live takes, old recordings);
//   gain     - a level change.
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
  /** Noise floor level range in dB (uniform); none when the upper bound is not above the lower. */
  noiseDb: readonly [number, number];
  /** Largest gain change in dB, either way. */
  gainDb: number;
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
}

/** 64k standard normals every view reads from its own start and stride (a normal per cell is too slow to draw). */
const NOISE = (() => {
  const random = new Random(0x6e6f697365, "tcae-augment-noise");
  return Float32Array.from({ length: 1 << 16 }, () => random.normal());
})();

/** Draws one view's changes for a song of `length` frames. */
export function drawView(random: Random, config: AugmentConfig, length: number): ViewParams {
  const stretch = 1 + config.tempo;
  const rate = Math.exp(random.range(-Math.log(stretch), Math.log(stretch)));
  // The stretched crop reads (frames - 1) * rate + 1 source frames; a song shorter than that repeats its end.
  const span = (config.frames - 1) * rate + 1;
  const start = span < length ? random.range(0, length - span) : 0;
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
  };
}

/**
 * For a pitch shift of `semitones`, the fractional source band each band reads: the band at the frequency
 * 2^(-semitones/12) times its own, clamped to the band range.
 */
export function pitchShiftSources(semitones: number, bands = MEL_BANDS): Float64Array {
  const ratio = 2 ** (-semitones / 12);
  const out = new Float64Array(bands);
  for (let b = 0; b < bands; b++) out[b] = Math.min(bands - 1, Math.max(0, bandOfFrequency(frequencyOfBand(b) * ratio)));
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
 * crop and stretch, pitch shift, EQ and gain, then the noise floor.
 */
export function renderView(
  song: Float32Array,
  view: ViewParams,
  frames: number,
  out: Float32Array,
  offset: number,
  bands = MEL_BANDS,
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
      const db = v0 + (v1 - v0) * ft + eq[b]!;
      if (view.noiseDb === null) out[row + b] = db;
      else {
        noise = (noise + view.noiseStride) & (NOISE.length - 1);
        out[row + b] = addDb(db, view.noiseDb + fluctuation * NOISE[noise]!);
      }
    }
  }
}
