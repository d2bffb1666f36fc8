// The mel-spectrogram of the Melon dataset, computed the way its files were made: librosa's
// `power_to_db(melspectrogram(y, sr=16000, n_fft=512, hop_length=256, n_mels=48))` with every other argument
// at librosa's defaults of the time (0.7/0.8):
//   - frames centred on t·hop: the signal is padded by n_fft/2 on both sides by reflection (numpy "reflect",
//     the edge sample not repeated), so T = 1 + floor(samples / hop) frames (1876 for 30 s);
//   - a periodic Hann window of n_fft samples, the power |STFT|² of bins 0..n_fft/2;
//   - 48 triangular filters on the Slaney mel scale (linear below 1 kHz, logarithmic above) from 0 Hz to the
//     Nyquist frequency, each scaled to unit area ("slaney" normalisation: 2 / bandwidth in Hz);
//   - 10·log10(max(power, 1e-10)) with ref 1.0, then floored at 80 dB below the spectrogram's maximum.
// The computation runs in float64 (librosa runs the STFT in complex64; the difference is far below the
// tolerance the reference test states) and returns float32, band-major like the .npy files: index band·T + t.
import FFT from "fft.js";

export const SAMPLE_RATE = 16_000;
export const N_FFT = 512;
export const HOP = 256;
export const N_MELS = 48;
/** Length of the excerpt a song is represented by, as in the dataset (30 s → 1876 frames). */
export const EXCERPT_SECONDS = 30;
export const EXCERPT_SAMPLES = EXCERPT_SECONDS * SAMPLE_RATE;
/** librosa.power_to_db's defaults. */
export const AMIN = 1e-10;
export const TOP_DB = 80;

const BINS = N_FFT / 2 + 1;

/** Frames of a centred STFT of `samples` samples: 1 + floor(samples / hop). */
export function frameCount(samples: number): number {
  return 1 + Math.floor(samples / HOP);
}

/** scipy.signal.get_window("hann", n, fftbins=True): the periodic Hann window librosa uses. */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** librosa.hz_to_mel(htk=False): Slaney's scale, 3 mels per 200 Hz up to 1 kHz, then 27 mels per factor 6.4. */
export function hzToMel(hz: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
}

/** librosa.mel_to_hz(htk=False), the inverse of hzToMel. */
export function melToHz(mel: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel;
}

/**
 * librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False, norm="slaney"): n_mels rows of
 * n_fft/2+1 weights, row-major. Filter m rises from mel point m to m+1 and falls to m+2 (n_mels+2 points
 * evenly spaced in mels), evaluated at the FFT bin frequencies, and is scaled by 2 / (f[m+2] − f[m]).
 */
export function melFilterbank(sampleRate = SAMPLE_RATE, nFft = N_FFT, nMels = N_MELS): Float64Array {
  const bins = nFft / 2 + 1;
  const fftFreqs = Float64Array.from({ length: bins }, (_, k) => (k * sampleRate) / nFft);
  const minMel = hzToMel(0);
  const maxMel = hzToMel(sampleRate / 2);
  const melF = Float64Array.from({ length: nMels + 2 }, (_, i) => melToHz(minMel + ((maxMel - minMel) * i) / (nMels + 1)));
  const weights = new Float64Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const lowerWidth = melF[m + 1]! - melF[m]!;
    const upperWidth = melF[m + 2]! - melF[m + 1]!;
    const enorm = 2 / (melF[m + 2]! - melF[m]!);
    for (let k = 0; k < bins; k++) {
      const lower = (fftFreqs[k]! - melF[m]!) / lowerWidth;
      const upper = (melF[m + 2]! - fftFreqs[k]!) / upperWidth;
      weights[m * bins + k] = Math.max(0, Math.min(lower, upper)) * enorm;
    }
  }
  return weights;
}

/** numpy.pad(mode="reflect") index: mirrors at the ends without repeating the edge sample, any distance out. */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j;
}

/**
 * Power spectrum |FFT(frame · window)|² of one n_fft frame: bins 0..n_fft/2 into `out`.
 * `fft`, `input` and `spectrum` are scratch space reused across frames.
 */
export function powerSpectrum(
  frame: ArrayLike<number>,
  window: Float64Array,
  out: Float64Array,
  scratch: { fft: FFT; input: Float64Array; spectrum: number[] } = powerScratch(window.length),
): Float64Array {
  const n = window.length;
  for (let i = 0; i < n; i++) scratch.input[i] = frame[i]! * window[i]!;
  scratch.fft.realTransform(scratch.spectrum, scratch.input);
  // realTransform fills bins 0..n/2, which is all a real signal needs.
  for (let k = 0; k <= n / 2; k++) {
    const re = scratch.spectrum[2 * k]!;
    const im = scratch.spectrum[2 * k + 1]!;
    out[k] = re * re + im * im;
  }
  return out;
}

export function powerScratch(n: number): { fft: FFT; input: Float64Array; spectrum: number[] } {
  const fft = new FFT(n);
  return { fft, input: new Float64Array(n), spectrum: fft.createComplexArray() as number[] };
}

export interface MelSpectrogram {
  /** Band-major values: data[band * frames + t]. */
  data: Float32Array;
  bands: number;
  frames: number;
}

/** The filterbank with each filter's non-zero bins [from, to): a filter spans a few bins of the 257. */
interface SparseFilters {
  weights: Float64Array;
  from: Int32Array;
  to: Int32Array;
}

function sparseFilters(): SparseFilters {
  const weights = melFilterbank();
  const from = new Int32Array(N_MELS);
  const to = new Int32Array(N_MELS);
  for (let m = 0; m < N_MELS; m++) {
    let first = BINS;
    let last = -1;
    for (let k = 0; k < BINS; k++) {
      if (weights[m * BINS + k]! > 0) {
        first = Math.min(first, k);
        last = k;
      }
    }
    from[m] = first;
    to[m] = last + 1;
  }
  return { weights, from, to };
}

let filters: SparseFilters | undefined;
let window: Float64Array | undefined;

/** Mel power (before dB) of 16 kHz mono samples, band-major float64. */
export function melPower(samples: Float32Array | Float64Array): { power: Float64Array; frames: number } {
  filters ??= sparseFilters();
  window ??= hannWindow(N_FFT);
  const { weights, from, to } = filters;
  const n = samples.length;
  if (n === 0) throw new Error("melPower: no samples");
  const frames = frameCount(n);
  const power = new Float64Array(N_MELS * frames);
  const frame = new Float64Array(N_FFT);
  const spectrum = new Float64Array(BINS);
  const scratch = powerScratch(N_FFT);
  const pad = N_FFT / 2;
  for (let t = 0; t < frames; t++) {
    const start = t * HOP - pad;
    for (let i = 0; i < N_FFT; i++) {
      const at = start + i;
      frame[i] = samples[at >= 0 && at < n ? at : reflectIndex(at, n)]!;
    }
    powerSpectrum(frame, window, spectrum, scratch);
    for (let m = 0; m < N_MELS; m++) {
      const row = m * BINS;
      let sum = 0;
      for (let k = from[m]!; k < to[m]!; k++) sum += weights[row + k]! * spectrum[k]!;
      power[m * frames + t] = sum;
    }
  }
  return { power, frames };
}

/** librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80) of mel power, as float32 dB. */
export function powerToDb(power: Float64Array): Float32Array {
  const db = new Float32Array(power.length);
  let max = -Infinity;
  const values = new Float64Array(power.length);
  for (let i = 0; i < power.length; i++) {
    const v = 10 * Math.log10(Math.max(AMIN, power[i]!));
    values[i] = v;
    if (v > max) max = v;
  }
  const floor = max - TOP_DB;
  for (let i = 0; i < values.length; i++) db[i] = Math.max(values[i]!, floor);
  return db;
}

/** The dataset's log-power mel-spectrogram of 16 kHz mono samples: 48 bands × (1 + samples/256) frames, in dB. */
export function melSpectrogram(samples: Float32Array | Float64Array): MelSpectrogram {
  const { power, frames } = melPower(samples);
  return { data: powerToDb(power), bands: N_MELS, frames };
}
