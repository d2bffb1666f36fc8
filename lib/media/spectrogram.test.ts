import assert from "node:assert/strict";
import { test } from "node:test";
import { inflateSync } from "node:zlib";
import {
  DYNAMIC_RANGE_DB, FRAMES_PER_PIXEL, PIXELS_PER_BAND, VIRIDIS, bandCentresHz, describeMel, pictureSize, spectrogramPixels,
  spectrogramPng, summarizeMel, type MelValues,
} from "./spectrogram.ts";

/** A mel of `bands` x `frames` whose cell (band, frame) is value(band, frame). */
function mel(bands: number, frames: number, value: (band: number, frame: number) => number): MelValues {
  const data = new Float32Array(bands * frames);
  for (let b = 0; b < bands; b++) for (let f = 0; f < frames; f++) data[b * frames + f] = value(b, f);
  return { bands, frames, data };
}

test("size: 4 frames per pixel across, 2 pixels per band up; a 30-s excerpt is 469 x 96", () => {
  assert.deepEqual(pictureSize({ bands: 48, frames: 1876 }), { width: 469, height: 96 });
  assert.deepEqual(pictureSize({ bands: 48, frames: 376 }), { width: 94, height: 96 });
  assert.equal(FRAMES_PER_PIXEL, 4);
  assert.equal(PIXELS_PER_BAND, 2);
});

test("pixels: the loudest cell is the top colour, 80 dB below it and quieter the bottom one, low bands at the bottom", () => {
  // Band 0 loud (20 dB), band 1 at -60 dB (exactly the floor), band 2 far below the floor.
  const values = mel(3, 8, (band) => [20, 20 - DYNAMIC_RANGE_DB, -200][band]!);
  const { width, height, pixels } = spectrogramPixels(values);
  assert.deepEqual([width, height], [2, 6]);
  const row = (y: number) => [...pixels.subarray(y * width, (y + 1) * width)];
  assert.deepEqual([row(0), row(1)], [[0, 0], [0, 0]], "band 2 (highest) at the top, below the floor");
  assert.deepEqual([row(2), row(3)], [[0, 0], [0, 0]], "band 1 at the floor");
  assert.deepEqual([row(4), row(5)], [[255, 255], [255, 255]], "band 0 (lowest) at the bottom, loudest");
});

test("pixels: each is the mean of its frames; a last pixel of fewer frames averages those it has", () => {
  // One band rising 0..9 dB over 10 frames, loudest 9: floor -71.
  const values = mel(1, 10, (_, frame) => frame);
  const { width, pixels } = spectrogramPixels(values);
  assert.equal(width, 3);
  const index = (db: number) => Math.round(((db + 71) / 80) * 255);
  assert.deepEqual([...pixels.subarray(0, 3)], [index(1.5), index(5.5), index(8.5)]);
});

test("a silent excerpt (every cell equal) and non-finite values draw without failing", () => {
  const flat = spectrogramPixels(mel(2, 4, () => -100));
  assert.deepEqual([...new Set(flat.pixels)], [255]);
  const odd = spectrogramPixels(mel(1, 4, (_, f) => (f === 0 ? Number.NaN : 0)));
  assert.equal(odd.pixels.length, 1 * 2);
});

test("viridis: 256 colours from dark violet to yellow, each lighter than the last (readable in greyscale)", () => {
  assert.equal(VIRIDIS.length, 256 * 3);
  assert.deepEqual([...VIRIDIS.subarray(0, 3)], [0x44, 0x01, 0x54]);
  assert.deepEqual([...VIRIDIS.subarray(255 * 3)], [0xfd, 0xe7, 0x25]);
  const luminance = (i: number) => 0.2126 * VIRIDIS[i * 3]! + 0.7152 * VIRIDIS[i * 3 + 1]! + 0.0722 * VIRIDIS[i * 3 + 2]!;
  // Rounding each channel to a byte can cost a neighbour half a level; over 8 steps lightness always rises.
  for (let i = 1; i < 256; i++) assert.ok(luminance(i) >= luminance(i - 1) - 0.5, `index ${i}`);
  for (let i = 8; i < 256; i++) assert.ok(luminance(i) > luminance(i - 8), `index ${i}`);
});

test("the PNG holds the pixels and the palette", () => {
  const values = mel(48, 40, (band, frame) => -band - (frame % 7));
  const png = spectrogramPng(values);
  const idat = png.indexOf("IDAT", 0, "latin1");
  const length = png.readUInt32BE(idat - 4);
  const rows = inflateSync(png.subarray(idat + 4, idat + 4 + length));
  const { width, height, pixels } = spectrogramPixels(values);
  assert.equal(rows.length, height * (width + 1));
  assert.deepEqual([...rows.subarray(1, width + 1)], [...pixels.subarray(0, width)]);
});

test("mel band centres: Slaney's scale from 0 to 8 kHz, as the dataset's filter bank", () => {
  const centres = bandCentresHz(48);
  assert.equal(centres.length, 48);
  // 8 kHz is 15 + ln(8) / (ln(6.4) / 27) = 45.245 mel; band 1's centre is 1/49 of that, in the linear part.
  assert.ok(Math.abs(centres[0]! - (45.245 / 49) * (200 / 3)) < 0.1, String(centres[0]));
  assert.ok(centres.every((hz, i) => i === 0 || hz > centres[i - 1]!));
  assert.ok(centres[47]! < 8000 && centres[47]! > 7000);
});

test("summary and words: length, where the energy is, how much the loudness moves", () => {
  // 30 s; band 10 loudest; loudness alternating by 20 dB every frame.
  const values = mel(48, 1876, (band, frame) => (band === 10 ? 0 : -40) + (frame % 2 ? -20 : 0));
  const summary = summarizeMel(values);
  assert.ok(Math.abs(summary.seconds - 30.016) < 1e-9);
  assert.equal(summary.peakHz, bandCentresHz(48)[10]);
  assert.ok(Math.abs(summary.loudnessSpreadDb - 10) < 1e-3);
  assert.equal(describeMel(summary), `30 seconds, most energy around ${Math.round(bandCentresHz(48)[10]! / 10) * 10} Hz, loudness that changes a lot`);
  assert.match(describeMel({ seconds: 6, peakHz: 2345, loudnessSpreadDb: 1 }), /^6 seconds, most energy around 2\.3 kHz, an even loudness throughout$/);
});
