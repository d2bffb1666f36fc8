import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, test } from "node:test";
import { parse } from "npyjs";
import { Interrupted } from "../core/errors.ts";
import { loadDataset } from "../data/dataset.ts";
import { listMelIds, readMel } from "../data/mel.ts";
import { MEL_BANDS, MEL_FRAMES, melRelativePath, type SampleTruth } from "../data/melon.ts";
import { SAMPLE_PRESETS, generateSample, resolveSampleOptions } from "./generate.ts";
import { melFrames } from "./melSet.ts";

const root = mkdtempSync(join(tmpdir(), "mugle-sample-"));
after(() => rmSync(root, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function hashTree(dir: string): string {
  const hash = createHash("sha256");
  for (const file of listFiles(dir)) hash.update(file).update("\0").update(readFileSync(join(dir, file)));
  return hash.digest("hex");
}

const tinyDir = join(root, "tiny");
const summary = await generateSample({ out: tinyDir, ...SAMPLE_PRESETS.tiny, progress: false });

test("the tiny preset writes all four parts of the format and the ground truth", () => {
  const files = listFiles(tinyDir);
  for (const name of ["song_meta.json", "genre_gn_all.json", "train.json", "sample_truth.json"]) assert.ok(files.includes(name), name);
  assert.ok(!files.some((f) => f.endsWith(".tmp")));
  assert.equal(files.filter((f) => f.endsWith(".npy")).length, 300);
  assert.equal(summary.songs, 300);
  assert.equal(summary.playlists, 250);
  assert.equal(summary.melSongs, 300);
  assert.ok(summary.multiVersionWorks > 20);
});

test("the same seed gives byte-identical files", async () => {
  const again = join(root, "again");
  await generateSample({ out: again, ...SAMPLE_PRESETS.tiny, progress: false });
  assert.equal(hashTree(again), hashTree(tinyDir));
  rmSync(again, { recursive: true });
});

test("song_meta.json and train.json have the real files' keys, key order, types and layout", () => {
  const text = readFileSync(join(tinyDir, "song_meta.json"), "utf8");
  assert.ok(text.startsWith('[{"song_gn_dtl_gnr_basket": ["GN'), text.slice(0, 60));
  const songs = JSON.parse(text) as Record<string, unknown>[];
  songs.forEach((song, i) => {
    assert.deepEqual(Object.keys(song), [
      "song_gn_dtl_gnr_basket", "issue_date", "album_name", "album_id", "artist_id_basket", "song_name",
      "song_gn_gnr_basket", "artist_name_basket", "id",
    ]);
    assert.equal(song.id, i);
    assert.ok(Number.isInteger(song.issue_date) && Number.isInteger(song.album_id));
    assert.ok(typeof song.album_name === "string" && typeof song.song_name === "string");
    for (const key of ["artist_id_basket"]) assert.ok((song[key] as unknown[]).every(Number.isInteger));
    for (const key of ["artist_name_basket", "song_gn_gnr_basket", "song_gn_dtl_gnr_basket"]) {
      assert.ok((song[key] as unknown[]).every((v) => typeof v === "string"));
    }
  });
  const playlists = JSON.parse(readFileSync(join(tinyDir, "train.json"), "utf8")) as Record<string, unknown>[];
  for (const p of playlists) assert.deepEqual(Object.keys(p), ["tags", "id", "plylst_title", "songs", "like_cnt", "updt_date"]);
  // Korean is written as is (ensure_ascii=False), not as \u escapes.
  assert.match(readFileSync(join(tinyDir, "genre_gn_all.json"), "utf8"), /^\{"GN0100": "발라드", "GN0101": "세부장르전체", "GN0102": "'80", /);
});

test("sample_truth.json gives work, version and major genre for every song", () => {
  const truth = JSON.parse(readFileSync(join(tinyDir, "sample_truth.json"), "utf8")) as SampleTruth;
  const songs = JSON.parse(readFileSync(join(tinyDir, "song_meta.json"), "utf8")) as { id: number; song_gn_gnr_basket: string[] }[];
  assert.equal(truth.seed, 22);
  assert.equal(truth.songs.length, 300);
  truth.songs.forEach((s, i) => {
    assert.equal(s.id, i);
    assert.equal(s.genre, songs[i]!.song_gn_gnr_basket[0]);
  });
  const perWork = new Map<number, number>();
  for (const s of truth.songs) perWork.set(s.work, (perWork.get(s.work) ?? 0) + 1);
  assert.ok([...perWork.values()].some((n) => n >= 3));
});

test("mel files are numpy .npy 1.0, float16, shape (48, T), some shorter than 1876 frames", () => {
  let short = 0;
  for (const id of [0, 1, 2, 150, 299]) {
    const bytes = readFileSync(join(tinyDir, melRelativePath(id)));
    const header = bytes.subarray(0, 128).toString("latin1");
    assert.ok(header.startsWith("\x93NUMPY\x01\x00v\x00{'descr': '<f2', 'fortran_order': False, 'shape': (48, "));
    const npy = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    assert.equal(npy.shape[0], MEL_BANDS);
  }
  for (const file of listFiles(join(tinyDir, "arena_mel"))) {
    const bytes = readFileSync(join(tinyDir, "arena_mel", file));
    const frames = Number(/\(48, (\d+)\)/.exec(bytes.subarray(0, 128).toString("latin1"))![1]);
    assert.equal(bytes.length, 128 + 2 * MEL_BANDS * frames);
    if (frames < MEL_FRAMES) short++;
  }
  assert.ok(short >= 3, `${short} short files`);
});

test("the project's dataset readers load the sample (songs, genres, playlists, mels with padding)", async () => {
  const dataset = await loadDataset(tinyDir, { progress: false });
  assert.equal(dataset.songs.length, 300);
  assert.equal(dataset.playlists.length, 250);
  assert.equal(dataset.genres.get("GN0100"), "발라드");
  assert.deepEqual(listMelIds(tinyDir, dataset.songs.map((s) => s.id)).length, 300);
  const shortId = Array.from({ length: 300 }, (_, id) => id).find((id) => melFrames(22, id) < MEL_FRAMES)!;
  const frames = melFrames(22, shortId);
  const mel = readMel(tinyDir, shortId)!;
  assert.equal(mel.length, MEL_BANDS * MEL_FRAMES);
  for (const band of [0, 20, 47]) assert.equal(mel[band * MEL_FRAMES + MEL_FRAMES - 1], mel[band * MEL_FRAMES + frames - 1]);
});

test("hard version changes redraw the other versions' audio only: same catalogue, playlists and originals", async () => {
  const hard = join(root, "hard");
  await generateSample({ out: hard, ...SAMPLE_PRESETS.tiny, versions: "hard", progress: false });
  for (const name of ["song_meta.json", "train.json", "genre_gn_all.json", "sample_truth.json"]) {
    assert.equal(readFileSync(join(hard, name), "utf8"), readFileSync(join(tinyDir, name), "utf8"), name);
  }
  const truth = JSON.parse(readFileSync(join(tinyDir, "sample_truth.json"), "utf8")) as SampleTruth;
  let changed = 0;
  for (const song of truth.songs) {
    const same = readFileSync(join(hard, melRelativePath(song.id))).equals(readFileSync(join(tinyDir, melRelativePath(song.id))));
    if (song.version === "original") assert.ok(same, `original ${song.id} changed`);
    else if (!same) changed++;
  }
  assert.equal(changed, truth.songs.filter((s) => s.version !== "original").length);
  rmSync(hard, { recursive: true });
});

test("options: presets, scaled defaults and clear errors", () => {
  assert.deepEqual(
    { ...resolveSampleOptions({ out: "x" }), signal: undefined },
    { out: "x", songs: 4000, playlists: 3000, melSongs: 3400, seed: 22, melDtype: "float16", versions: "standard", meanPlaylistLength: 46, progress: true, signal: undefined },
  );
  const small = resolveSampleOptions({ out: "x", songs: 1000 });
  assert.equal(small.playlists, 750);
  assert.equal(small.melSongs, 1000);
  assert.throws(() => resolveSampleOptions({ out: "x", songs: 0 }), /sample: --songs must be a positive integer, got 0/);
  assert.throws(() => resolveSampleOptions({ out: "x", melSongs: -1 }), /--mel-songs must be a non-negative integer or "all", got -1/);
});

test("refuses to overwrite a dataset it did not write", async () => {
  const real = join(root, "real");
  await generateSample({ out: real, songs: 40, playlists: 10, melSongs: 0, progress: false });
  rmSync(join(real, "sample_truth.json"));
  writeFileSync(join(real, "song_meta.json"), "[]");
  await assert.rejects(generateSample({ out: real, songs: 40, progress: false }), /holds a song_meta.json that the sample generator did not write/);
  assert.equal(readFileSync(join(real, "song_meta.json"), "utf8"), "[]");
});

test("Ctrl-C leaves no temporary file and no song_meta.json pretending to be complete", async () => {
  const out = join(root, "interrupted");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 800);
  await assert.rejects(generateSample({ out, songs: 3000, melSongs: "all", progress: false, signal: controller.signal }), Interrupted);
  clearTimeout(timer);
  const files = listFiles(out);
  assert.ok(!files.some((f) => f.endsWith(".tmp")), files.filter((f) => f.endsWith(".tmp")).join());
  assert.ok(!existsSync(join(out, "song_meta.json")));
  // Every mel written before the interruption is complete.
  for (const file of files.filter((f) => f.endsWith(".npy"))) {
    const bytes = readFileSync(join(out, file));
    assert.equal(bytes.length, 128 + 2 * MEL_BANDS * Number(/\(48, (\d+)\)/.exec(bytes.subarray(0, 128).toString("latin1"))![1]));
  }
});
