import assert from "node:assert/strict";
import { test } from "node:test";
import { MEL_BANDS, MEL_FRAMES } from "../data/melon.ts";
import { generateCatalogue, type SampleSong } from "./catalogue.ts";
import { FRAMES_PER_SECOND, MEL_MAX_DB, MEL_MIN_DB, bandOfFrequency, renderMel } from "./mel.ts";
import { chooseMelSongs, melFrames } from "./melSet.ts";
import { composeWork } from "./melody.ts";

const SEED = 5;
const catalogue = generateCatalogue(1200, SEED);
const render = (song: SampleSong, frames = MEL_FRAMES) => {
  const work = catalogue.works[song.work]!;
  return renderMel(song, work, composeWork(SEED, work), frames);
};
const withAudio = (song: SampleSong, audio: Partial<SampleSong["audio"]>): SampleSong => ({ ...song, audio: { ...song.audio, ...audio } });
const original = catalogue.songs.find((s) => s.version === "original" && s.audio.style === "GN0100")!;

test("mel bands are mel-spaced over 0-8 kHz", () => {
  assert.ok(Math.abs(bandOfFrequency(0) + 1) < 1e-9);
  assert.ok(Math.abs(bandOfFrequency(8000) - MEL_BANDS) < 1e-9);
  // An octave spans more bands at 200 Hz than at 4 kHz... in Hz per band, i.e. fewer bands per octave up high.
  const low = bandOfFrequency(400) - bandOfFrequency(200);
  const high = bandOfFrequency(8000) - bandOfFrequency(4000);
  assert.ok(low > 2 && high > low, `${low} ${high}`);
});

test("a render is 48 x T dB values within the documented range, and deterministic", () => {
  const mel = render(original, 1000);
  assert.equal(mel.length, MEL_BANDS * 1000);
  let min = Infinity;
  let max = -Infinity;
  for (const v of mel) {
    assert.ok(Number.isFinite(v));
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.ok(min >= MEL_MIN_DB && max <= MEL_MAX_DB);
  assert.ok(max - min > 40, `dynamic range ${min}..${max}`);
  assert.deepEqual(render(original, 1000), mel);
});

/** Mean dB of bands [from, to) over all frames. */
function bandMean(mel: Float32Array, frames: number, from: number, to: number): number {
  let sum = 0;
  for (let b = from; b < to; b++) for (let t = 0; t < frames; t++) sum += mel[b * frames + t]!;
  return sum / ((to - from) * frames);
}

test("timbre: electronic styles are brighter in the top bands than new age", () => {
  const edm = render(withAudio(original, { style: "GN2700" }));
  const newAge = render(withAudio(original, { style: "GN1800" }));
  assert.ok(bandMean(edm, MEL_FRAMES, 36, 48) > bandMean(newAge, MEL_FRAMES, 36, 48) + 10);
});

test("rhythm: a four-on-the-floor style puts kick energy in the low bands on the beat", () => {
  const song = withAudio(original, { style: "GN0200", tempoRatio: 1 });
  const mel = render(song);
  const framesPerBeat = (FRAMES_PER_SECOND * 60) / catalogue.works[song.work]!.tempo;
  let onBeat = 0;
  let offBeat = 0;
  let n = 0;
  for (let beat = 1; (beat + 1) * framesPerBeat < MEL_FRAMES; beat++, n++) {
    const on = Math.round(beat * framesPerBeat) + 1;
    const off = Math.round((beat + 0.35) * framesPerBeat);
    onBeat += mel[on]!; // band 0
    offBeat += mel[off]!;
  }
  assert.ok(onBeat / n > offBeat / n + 3, `on ${onBeat / n} dB, off ${offBeat / n} dB`);
});

test("melody: transposing by an octave moves the melody's energy up the bands", () => {
  const centroid = (mel: Float32Array) => {
    let weighted = 0;
    let total = 0;
    for (let b = 0; b < 24; b++) {
      const power = 10 ** (bandMean(mel, MEL_FRAMES, b, b + 1) / 10);
      weighted += b * power;
      total += power;
    }
    return weighted / total;
  };
  const plain = withAudio(original, { style: "GN1800" });
  assert.ok(centroid(render(withAudio(plain, { keyShift: 12 }))) > centroid(render(plain)) + 1);
});

test("versions of a work are nearer each other than other songs (time-pooled, band-normalised mels)", () => {
  const ids = Array.from(chooseMelSongs(catalogue, 300));
  const features = ids.map((id) => {
    const mel = render(catalogue.songs[id]!, melFrames(SEED, id));
    const frames = mel.length / MEL_BANDS;
    const pooled = new Float64Array(MEL_BANDS * 16);
    for (let b = 0; b < MEL_BANDS; b++) for (let t = 0; t < frames; t++) pooled[b * 16 + Math.floor((t * 16) / frames)]! += mel[b * frames + t]!;
    return pooled;
  });
  // Standardise each feature over the set, then cosine similarity.
  const dim = features[0]!.length;
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (const f of features) mean += f[j]! / features.length;
    let variance = 0;
    for (const f of features) variance += (f[j]! - mean) ** 2 / features.length;
    for (const f of features) f[j] = (f[j]! - mean) / Math.sqrt(variance + 1e-9);
  }
  const norm = features.map((f) => Math.hypot(...f));
  let recall = 0;
  let chance = 0;
  let queries = 0;
  ids.forEach((id, i) => {
    const work = catalogue.songs[id]!.work;
    const relevant = ids.filter((other, j) => j !== i && catalogue.songs[other]!.work === work).length;
    if (relevant === 0) return;
    const scored = ids
      .map((other, j) => ({ j, s: j === i ? -Infinity : features[i]!.reduce((sum, v, k) => sum + v * features[j]![k]!, 0) / (norm[i]! * norm[j]!) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 10);
    recall += scored.filter(({ j }) => catalogue.songs[ids[j]!]!.work === work).length / Math.min(10, relevant);
    chance += 10 / (ids.length - 1);
    queries++;
  });
  assert.ok(queries > 50, `${queries} songs with a version among the mels`);
  assert.ok(recall / queries > 10 * (chance / queries), `version recall@10 ${recall / queries} vs chance ${chance / queries}`);
});

test("mel subsets favour multi-version works, and about 5% of files are short", () => {
  const ids = chooseMelSongs(catalogue, 200);
  assert.equal(ids.length, 200);
  assert.deepEqual(Array.from(ids), [...ids].sort((a, b) => a - b));
  const works = new Map<number, number>();
  for (const id of ids) works.set(catalogue.songs[id]!.work, (works.get(catalogue.songs[id]!.work) ?? 0) + 1);
  assert.ok([...works.values()].filter((n) => n > 1).length > 20);
  assert.equal(chooseMelSongs(catalogue, "all").length, 1200);
  const lengths = Array.from({ length: 2000 }, (_, id) => melFrames(SEED, id));
  const short = lengths.filter((t) => t < MEL_FRAMES).length;
  assert.ok(short > 50 && short < 150, `${short} short files`);
  assert.ok(lengths.every((t) => t >= MEL_FRAMES / 2 - 1 && t <= MEL_FRAMES));
});
