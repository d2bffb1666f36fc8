// The mel front-end against hand-worked cases and against an independent numpy implementation of librosa's
// algorithm (fixtures/mel_reference.py wrote the fixtures; these tests need no python).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { parse } from "npyjs";
import {
  EXCERPT_SAMPLES,
  N_FFT,
  N_MELS,
  frameCount,
  hannWindow,
  hzToMel,
  melFilterbank,
  melSpectrogram,
  melToHz,
  powerSpectrum,
} from "./melSpectrogram.ts";

function fixture(name: string): { data: Float32Array; shape: number[] } {
  const bytes = readFileSync(new URL(`./fixtures/${name}.npy`, import.meta.url));
  const npy = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  assert.equal(npy.dtype, "f4");
  return { data: npy.data as Float32Array, shape: npy.shape };
}

describe("power spectrum of one windowed frame (hand-worked)", () => {
  const window = hannWindow(N_FFT);
  const out = new Float64Array(N_FFT / 2 + 1);

  test("a cosine on bin 16 gives (N/4)² on bin 16 and (N/8)² on its neighbours, nothing elsewhere", () => {
    // cos = (e^{iθk} + e^{-iθk})/2 and the periodic Hann window = 1/2 − (e^{iθ} + e^{-iθ})/4, so the product
    // has N·1/4 at bin k and N·(−1/8) at bins k ± 1.
    const frame = Float64Array.from({ length: N_FFT }, (_, n) => Math.cos((2 * Math.PI * 16 * n) / N_FFT));
    powerSpectrum(frame, window, out);
    assert.ok(Math.abs(out[16]! - 128 ** 2) < 1e-6, `bin 16: ${out[16]}`);
    assert.ok(Math.abs(out[15]! - 64 ** 2) < 1e-6, `bin 15: ${out[15]}`);
    assert.ok(Math.abs(out[17]! - 64 ** 2) < 1e-6, `bin 17: ${out[17]}`);
    for (let k = 0; k < out.length; k++) if (k < 15 || k > 17) assert.ok(out[k]! < 1e-12, `bin ${k}: ${out[k]}`);
  });

  test("a constant gives the window's sum (N/2)² at DC and (N/4)² at bin 1", () => {
    powerSpectrum(new Float64Array(N_FFT).fill(1), window, out);
    assert.ok(Math.abs(out[0]! - 256 ** 2) < 1e-6);
    assert.ok(Math.abs(out[1]! - 128 ** 2) < 1e-6);
    for (let k = 2; k < out.length; k++) assert.ok(out[k]! < 1e-12, `bin ${k}: ${out[k]}`);
  });
});

describe("Slaney mel scale and filterbank", () => {
  test("the scale is linear to 1 kHz (15 mels there) and logarithmic above, and melToHz inverts it", () => {
    assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-12);
    assert.ok(Math.abs(hzToMel(200) - 3) < 1e-12);
    assert.ok(Math.abs(hzToMel(6400) - 42) < 1e-9, "27 mels per factor 6.4 above 1 kHz");
    for (const hz of [0, 55, 440, 999, 1000, 3000, 8000]) assert.ok(Math.abs(melToHz(hzToMel(hz)) - hz) < 1e-9);
  });

  test("48 filters over 257 bins, each a triangle of unit area in Hz once it spans several bins", () => {
    const bins = N_FFT / 2 + 1;
    const weights = melFilterbank();
    assert.equal(weights.length, N_MELS * bins);
    const binHz = 16000 / N_FFT;
    for (let m = 20; m < N_MELS - 1; m++) {
      let area = 0;
      for (let k = 0; k < bins; k++) area += weights[m * bins + k]! * binHz;
      assert.ok(Math.abs(area - 1) < 0.05, `filter ${m}: area ${area}`);
    }
    // Filters are contiguous and never negative: every bin between 0 Hz and the last centre is covered.
    for (let k = 1; k < bins - 8; k++) {
      let covered = 0;
      for (let m = 0; m < N_MELS; m++) covered += weights[m * bins + k]!;
      assert.ok(covered > 0, `bin ${k} is in no filter`);
    }
  });
});

describe("mel-spectrogram against the numpy reference (fixtures/mel_reference.py)", () => {
  // Both sides compute in float64 and store float32, so they agree to float32 rounding of the dB values.
  const TOLERANCE_DB = 1e-3;
  for (const name of ["music", "tiny"]) {
    test(`${name}: same shape, every value within ${TOLERANCE_DB} dB`, () => {
      const signal = fixture(`${name}.signal`);
      const expected = fixture(`${name}.mel`);
      const mel = melSpectrogram(signal.data);
      assert.deepEqual([mel.bands, mel.frames], expected.shape);
      let worst = 0;
      for (let i = 0; i < mel.data.length; i++) worst = Math.max(worst, Math.abs(mel.data[i]! - expected.data[i]!));
      assert.ok(worst <= TOLERANCE_DB, `largest difference ${worst} dB`);
    });
  }
});

describe("shape and range", () => {
  test("30 s at 16 kHz is 1876 frames, as in the dataset", () => {
    assert.equal(frameCount(EXCERPT_SAMPLES), 1876);
  });

  test("silence is the 1e-10 floor (−100 dB) everywhere", () => {
    const mel = melSpectrogram(new Float32Array(4000));
    assert.equal(mel.frames, frameCount(4000));
    assert.ok(mel.data.every((v) => v === -100));
  });

  test("values span at most 80 dB below the loudest cell", () => {
    const tone = Float32Array.from({ length: 16000 }, (_, n) => (n < 8000 ? Math.sin((2 * Math.PI * 440 * n) / 16000) : 0));
    const mel = melSpectrogram(tone);
    const max = Math.max(...mel.data);
    const min = Math.min(...mel.data);
    assert.ok(Math.abs(max - min - 80) < 1e-3, `span ${max - min}`);
    // A full-scale sine puts about (N/4)² = 16384 of power near its bin, and a filter there weighs about
    // 2 / 130 Hz: some 250 of mel power, 24 dB.
    assert.ok(max > 20 && max < 30, `max ${max}`);
  });
});
