// `mugle import` end to end, through the real command line, on a library of real encoded files that ffmpeg
// makes here (tones, chords, noise, silence in mp3, Ogg Vorbis, Opus, FLAC, AAC and WAV, tagged and untagged,
// plus a text file named .mp3, an empty file, truncated files and a link out of the folder) and M3U, PLS and
// XSPF playlists. Then `mugle build` turns the dataset into a catalogue holding every imported song.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { SongDocument } from "../../lib/types.ts";
import { loadDataset } from "../data/dataset.ts";
import { readMel } from "../data/mel.ts";
import { MEL_BANDS, MEL_FRAMES, melRelativePath, type SongMeta } from "../data/melon.ts";
import { SOURCES, synthesize } from "../testing/audio.ts";
import { mugle, mugleInterrupted } from "../testing/cli.ts";
import { hashId } from "./ids.ts";
import type { ImportSummary } from "./importLibrary.ts";
import { IMPORT_MARKER_FILE, SONG_AUDIO_FILE, type ImportMarker, type SongAudio } from "./libraryDataset.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-import-"));
const music = join(work, "music");
const lists = join(work, "lists");
const data = join(work, "data");
after(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` (relative path → sha256), to compare datasets byte for byte. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  walk(dir);
  return files;
}

function runImport(out: string, extra: string[] = []): { summary: ImportSummary; lines: string[] } {
  const result = mugle(["import", "--audio", music, "--playlists", lists, "--out", out, ...extra]);
  assert.equal(result.status, 0, result.stderr);
  return { summary: JSON.parse(result.stdout) as ImportSummary, lines: result.stderr.trim().split("\n") };
}

const songByPath = (songs: readonly SongMeta[], path: string) => {
  const song = songs.find((s) => s.id === hashId(path));
  assert.ok(song, `no song for ${path}`);
  return song;
};

let first: { summary: ImportSummary; lines: string[] };

before(() => {
  const tone = (hz: number, seconds: number) => ({ sources: [SOURCES.tone(hz)], seconds: [seconds] });
  synthesize(join(music, "Alpha/First Album/01 Sunrise.mp3"), {
    ...tone(440, 40),
    tags: { title: "Sunrise", artist: "Alpha", album: "First Album", genre: "Rock", date: "2004-05-03", track: "1" },
  });
  synthesize(join(music, "Alpha/First Album/02 Static.ogg"), {
    sources: [SOURCES.noise(1)], seconds: [12], tags: { title: "Static", artist: "Alpha", album: "First Album", genre: "Electronic" },
  });
  synthesize(join(music, "Beta - Second/03 - Triad.flac"), {
    sources: [SOURCES.chord(261.6, 329.6, 392)], seconds: [8], tags: { title: "Triad", artist: "Beta", genre: "Shanty; Jazz" },
  });
  synthesize(join(music, "Beta - Second/04 - Untagged.m4a"), tone(330, 6));
  synthesize(join(music, "Gamma/Quiet/01 Silence.wav"), { sources: [SOURCES.silence()], seconds: [5] });
  synthesize(join(music, "loose/Delta - Opus Song.opus"), tone(220, 6));
  synthesize(join(music, "loose/Korean.mp3"), { ...tone(523, 7), tags: { title: "밤편지", artist: "아이유", genre: "발라드", date: "2017" } });
  // Bad files: not audio, empty, cut before any audio, cut in the middle (imported with a warning).
  mkdirSync(join(music, "bad"), { recursive: true });
  writeFileSync(join(music, "bad/notes.mp3"), "shopping list: milk, eggs\n".repeat(40));
  writeFileSync(join(music, "bad/empty.flac"), "");
  const sunrise = readFileSync(join(music, "Alpha/First Album/01 Sunrise.mp3"));
  writeFileSync(join(music, "bad/truncated.mp3"), sunrise.subarray(0, 1500));
  // The mp3's Xing header still announces 40 s.
  writeFileSync(join(music, "bad/half.mp3"), sunrise.subarray(0, Math.floor(sunrise.length / 2)));
  writeFileSync(join(music, "Alpha/First Album/cover.jpg"), "not music, not reported");
  writeFileSync(join(work, "outside.mp3"), sunrise);
  symlinkSync(join(work, "outside.mp3"), join(music, "escape.mp3"));

  mkdirSync(join(lists, "more"), { recursive: true });
  writeFileSync(join(lists, "road trip.m3u8"), [
    "#EXTM3U",
    "#EXTINF:40,Alpha - Sunrise",
    "../music/Alpha/First Album/01 Sunrise.mp3",
    "#EXTINF:8,Beta - Triad",
    join(music, "Beta - Second/03 - Triad.flac"),
    pathToFileURL(join(music, "loose/Delta - Opus Song.opus")).href,
    "../music/Alpha/First Album/01 Sunrise.mp3",
    "../music/Alpha/Missing.mp3",
    "http://radio.example/live.mp3",
    "",
  ].join("\n"));
  writeFileSync(join(lists, "more", "chill.pls"), [
    "[playlist]",
    `File1=${join(music, "Alpha/First Album/02 Static.ogg")}`,
    "File2=../../music/Gamma/Quiet/01 Silence.wav",
    "File3=C:\\Old PC\\Music\\Nope.mp3",
    "NumberOfEntries=3",
  ].join("\n"));
  writeFileSync(join(lists, "more", "mix.xspf"), `<?xml version="1.0" encoding="UTF-8"?>
<playlist version="1" xmlns="http://xspf.org/ns/0/"><title>Evening Mix</title><trackList>
<track><location>${pathToFileURL(join(music, "loose/Korean.mp3")).href}</location></track>
<track><location>/home/someone-else/Music/Beta - Second/04 - Untagged.m4a</location></track>
</trackList></playlist>`);
  first = runImport(data);
});

describe("mugle import on a synthetic library", () => {
  test("imports every decodable file, skips each bad one with one line naming it and the reason", () => {
    const { summary, lines } = first;
    assert.equal(summary.songs, 8);
    assert.equal(summary.decoded, 8);
    assert.equal(summary.skipped, 4);
    const about = (path: string) => lines.filter((l) => l.startsWith(`${path}: `));
    assert.equal(about("bad/notes.mp3").length, 1);
    assert.match(about("bad/notes.mp3")[0]!, /^bad\/notes\.mp3: skipped: ffmpeg cannot decode it: \S/);
    assert.deepEqual(about("bad/empty.flac"), ["bad/empty.flac: skipped: empty file (0 bytes)"]);
    assert.match(about("bad/truncated.mp3")[0]!, /^bad\/truncated\.mp3: skipped: only 0\.\d+ s of audio decode of the 40\.\d s its header announces \(truncated\)/);
    assert.equal(about("bad/half.mp3").length, 1);
    assert.match(about("bad/half.mp3")[0]!, /^bad\/half\.mp3: truncated: the header says 40\.0 s, (19|20)\.\d s decode; imported what decodes$/);
    assert.deepEqual(about("escape.mp3"), ["escape.mp3: skipped: link leads out of the music folder: not followed"]);
    assert.ok(!lines.some((l) => l.includes("cover.jpg")));
    assert.match(lines[lines.length - 1]!, /^✔ 8 songs in .* \(8 decoded, 0 unchanged\), 4 skipped; 3 playlists, 3 of 11 entries not in the library; [\d.]+ tracks\/s with \d+ threads?$/);
  });

  test("writes a Melon-format dataset the repository's own readers accept", async () => {
    const dataset = await loadDataset(data, { progress: false });
    assert.equal(dataset.songs.length, 8);
    for (const song of dataset.songs) {
      const mel = readMel(data, song.id);
      assert.ok(mel, `song ${song.id} has no mel`);
      assert.equal(mel.length, MEL_BANDS * MEL_FRAMES);
    }
    // The 40 s track gives the full 1876 frames itself; a 6 s track 1 + 96000/256 = 376, padded by the reader.
    const frames = (path: string) => {
      const bytes = readFileSync(join(data, melRelativePath(hashId(path))));
      return /'shape': \((\d+), (\d+)\)/.exec(bytes.subarray(0, 128).toString("latin1"))!.slice(1).map(Number);
    };
    assert.deepEqual(frames("Alpha/First Album/01 Sunrise.mp3"), [48, 1876]);
    assert.deepEqual(frames("loose/Delta - Opus Song.opus"), [48, 1 + Math.floor((6 * 16000) / 256)]);
  });

  test("names come from the tags, and from Artist/Album/NN Title where tags are missing", async () => {
    const { songs } = await loadDataset(data, { progress: false });
    const sunrise = songByPath(songs, "Alpha/First Album/01 Sunrise.mp3");
    assert.deepEqual([sunrise.song_name, sunrise.artist_name_basket, sunrise.album_name, sunrise.issue_date], ["Sunrise", ["Alpha"], "First Album", 20040503]);
    const untagged = songByPath(songs, "Beta - Second/04 - Untagged.m4a");
    assert.deepEqual([untagged.song_name, untagged.artist_name_basket, untagged.album_name, untagged.issue_date], ["Untagged", ["Beta"], "Second", 0]);
    const opus = songByPath(songs, "loose/Delta - Opus Song.opus");
    assert.deepEqual([opus.song_name, opus.artist_name_basket], ["Opus Song", ["Delta"]]);
    const korean = songByPath(songs, "loose/Korean.mp3");
    assert.deepEqual([korean.song_name, korean.artist_name_basket, korean.issue_date], ["밤편지", ["아이유"], 20170000]);
    // One artist, one id; one album (same album artist folder and name), one id.
    const staticSong = songByPath(songs, "Alpha/First Album/02 Static.ogg");
    assert.deepEqual(staticSong.artist_id_basket, sunrise.artist_id_basket);
    assert.equal(staticSong.album_id, sunrise.album_id);
    assert.notEqual(untagged.album_id, sunrise.album_id);
  });

  test("genre tags map onto Melon's codes, and a new code named by the tag for the rest", async () => {
    const { songs, genres } = await loadDataset(data, { progress: false });
    assert.deepEqual(songByPath(songs, "Alpha/First Album/01 Sunrise.mp3").song_gn_gnr_basket, ["GN0600"]);
    assert.deepEqual(songByPath(songs, "Alpha/First Album/02 Static.ogg").song_gn_gnr_basket, ["GN1100"]);
    assert.deepEqual(songByPath(songs, "Beta - Second/03 - Triad.flac").song_gn_gnr_basket, ["GN3000", "GN1700"]);
    assert.deepEqual(songByPath(songs, "loose/Korean.mp3").song_gn_gnr_basket, ["GN0100"]);
    assert.deepEqual([...genres], [["GN0100", "Ballad"], ["GN0600", "Rock/Metal"], ["GN1100", "Electronica"], ["GN1700", "Jazz"], ["GN3000", "Shanty"]]);
  });

  test("playlists: relative, absolute, file:// and foreign-root entries found; repeats once; the rest counted", async () => {
    const { playlists } = await loadDataset(data, { progress: false });
    const ids = (...paths: string[]) => paths.map(hashId);
    assert.deepEqual(playlists.map((p) => [p.plylst_title, p.songs]), [
      ["chill", ids("Alpha/First Album/02 Static.ogg", "Gamma/Quiet/01 Silence.wav")],
      ["Evening Mix", ids("loose/Korean.mp3", "Beta - Second/04 - Untagged.m4a")],
      ["road trip", ids("Alpha/First Album/01 Sunrise.mp3", "Beta - Second/03 - Triad.flac", "loose/Delta - Opus Song.opus")],
    ]);
    assert.equal(first.summary.unmatchedEntries, 3);
    assert.ok(first.lines.some((l) => l.endsWith("road trip.m3u8: 2 of 6 entries are not in the library (first: line 8: ../music/Alpha/Missing.mp3)")));
  });

  test("song_audio.json maps each song to its file; the marker names the music folder", () => {
    const audio = JSON.parse(readFileSync(join(data, SONG_AUDIO_FILE), "utf8")) as SongAudio[];
    assert.equal(audio.length, 8);
    const flac = audio.find((a) => a.path === "Beta - Second/03 - Triad.flac")!;
    assert.equal(flac.id, hashId(flac.path));
    assert.equal(flac.mime, "audio/flac");
    assert.equal(flac.container, "FLAC");
    assert.ok(Math.abs(flac.duration! - 8) < 0.05);
    assert.equal(flac.size, statSync(join(music, flac.path)).size);
    const half = audio.find((a) => a.path === "bad/half.mp3")!;
    assert.ok(Math.abs(half.duration! - 20) < 0.5, "a truncated file's duration is what decodes");
    const marker = JSON.parse(readFileSync(join(data, IMPORT_MARKER_FILE), "utf8")) as ImportMarker;
    assert.equal(marker.audio_root, music);
    assert.equal(marker.songs, 8);
  });

  test("the same files and playlists give a byte-identical dataset (fresh, single-threaded)", () => {
    const again = join(work, "again");
    runImport(again, ["--threads", "1"]);
    assert.deepEqual(tree(again), tree(data));
  });

  test("a re-run decodes nothing and changes nothing, repeating the bad files' lines", () => {
    const before = tree(data);
    const { summary, lines } = runImport(data);
    assert.equal(summary.decoded, 0);
    assert.equal(summary.unchanged, 8);
    assert.deepEqual(tree(data), before);
    assert.ok(lines.includes("bad/empty.flac: skipped: empty file (0 bytes) (unchanged since the last run)"));
  });

  test("a grown, edited and pruned library: only new and changed files are decoded, other ids stay", async () => {
    const { songs: before } = await loadDataset(data, { progress: false });
    synthesize(join(music, "Alpha/First Album/03 New.mp3"), { sources: [SOURCES.tone(700)], seconds: [5], tags: { title: "New", artist: "Alpha" } });
    synthesize(join(music, "loose/Delta - Opus Song.opus"), { sources: [SOURCES.tone(900)], seconds: [7] });
    utimesSync(join(music, "loose/Delta - Opus Song.opus"), new Date(), new Date(Date.now() + 5000));
    rmSync(join(music, "Gamma"), { recursive: true });
    const { summary } = runImport(data);
    assert.deepEqual([summary.decoded, summary.unchanged, summary.removed, summary.songs], [2, 6, 1, 8]);
    const { songs: after, playlists } = await loadDataset(data, { progress: false });
    for (const song of before) {
      if (song.id === hashId("Gamma/Quiet/01 Silence.wav")) continue;
      assert.ok(after.some((s) => s.id === song.id && s.song_name === song.song_name), `song ${song.id} moved`);
    }
    assert.equal(readMel(data, hashId("Gamma/Quiet/01 Silence.wav")), null, "a removed song's mel is removed");
    assert.deepEqual(playlists.find((p) => p.plylst_title === "chill")!.songs, [hashId("Alpha/First Album/02 Static.ogg")]);
  });
});

describe("Ctrl-C during an import", () => {
  const many = join(work, "many");
  before(() => {
    // Sorted first, a bad file gets reported early: the signal comes while the good files are decoding.
    mkdirSync(many, { recursive: true });
    writeFileSync(join(many, "00 bad.mp3"), "not audio\n".repeat(50));
    for (let i = 1; i <= 12; i++) synthesize(join(many, `${String(i).padStart(2, "0")} Track.ogg`), { sources: [SOURCES.tone(200 + 40 * i)], seconds: [35] });
  });

  test("keeps what is decoded; the next run decodes only the rest and ends where an uninterrupted run does", async () => {
    const out = join(work, "interrupted");
    const stopped = await mugleInterrupted(["import", "--audio", many, "--out", out, "--threads", "2"], "00 bad.mp3: skipped");
    assert.ok(stopped.interrupted);
    assert.equal(stopped.status, 130, stopped.stderr);
    const kept = Number(/interrupted: the (\d+) tracks decoded so far are kept/.exec(stopped.stderr)?.[1]);
    assert.ok(kept >= 0 && kept < 12, stopped.stderr);
    assert.ok(!readdirSync(out).includes("song_meta.json"), "an interrupted first import writes no half dataset");

    const resumed = mugle(["import", "--audio", many, "--out", out]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal((JSON.parse(resumed.stdout) as ImportSummary).decoded, 12 - kept);

    const fresh = join(work, "uninterrupted");
    assert.equal(mugle(["import", "--audio", many, "--out", fresh]).status, 0);
    assert.deepEqual(tree(out), tree(fresh));
  });
});

describe("mugle build on the imported library (library profile)", () => {
  const config = join(work, "fast.json");
  const buildAndRecommend = (dataDir: string, name: string, extra: string[] = []) => {
    writeFileSync(config, JSON.stringify({ music2vec: { epochs: 2 }, tcae: { epochs: 1 }, cel: { epochs: 2 }, projection: false }));
    const db = join(work, `${name}.sqlite`);
    const built = mugle(["build", "--data", dataDir, "--out", db, "--config", config, ...extra]);
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stderr, /library profile/);
    const result = mugle(["recommend", "--db", db, "--all", "--json"]);
    assert.equal(result.status, 0, result.stderr);
    return { log: built.stderr, docs: result.stdout.trim().split("\n").map((line) => JSON.parse(line) as SongDocument) };
  };

  test("every imported song is in the catalogue, with its title and artists as tagged", () => {
    const { docs, log } = buildAndRecommend(data, "library");
    assert.equal(docs.length, 8, "no song filtered out: none of OK Mugle's Melon filters apply");
    // Eight songs are too few to calibrate "another version": the label would fall on the closest real pairs.
    assert.match(log, /no "another version" label: 8 songs with a mel, the calibration needs 100/);
    const korean = docs.find((d) => d.song.id === hashId("loose/Korean.mp3"))!;
    assert.deepEqual([korean.song.name, korean.song.artists], ["밤편지", ["아이유"]]);
    for (const doc of docs) {
      // Every song has a mel, so TCAE recommends for all of them: other real recordings, never itself.
      assert.ok(doc.neighbors.tcae.length > 0 && doc.neighbors.tcae.every((n) => n.id !== doc.song.id), `song ${doc.song.id}`);
    }
  });

  test("a library without playlists builds too: TCAE for all, Music2Vec and CEL from albums with --albums-as-playlists", () => {
    const bare = join(work, "no-playlists");
    cpSync(data, bare, { recursive: true });
    writeFileSync(join(bare, "train.json"), "[]");
    const audioOnly = buildAndRecommend(bare, "audio-only");
    assert.match(audioOnly.log, /0 song\(s\) have both a mel and a Music2Vec vector: CEL needs 2, skipped/);
    assert.equal(audioOnly.docs.length, 8);
    assert.ok(audioOnly.docs.every((d) => d.neighbors.tcae.length > 0 && d.neighbors.music2vec.length === 0 && d.neighbors.cel.length === 0));

    const albums = buildAndRecommend(bare, "albums", ["--albums-as-playlists"]);
    assert.match(albums.log, /library profile, 3 albums as training playlists/);
    assert.equal(albums.docs.length, 8);
    // Albums of two or more songs: "First Album" (tagged), "Second" and "loose" (folder names); bad/half.mp3 is
    // alone in its folder's album.
    const album = [
      "Alpha/First Album/01 Sunrise.mp3", "Alpha/First Album/02 Static.ogg", "Alpha/First Album/03 New.mp3",
      "Beta - Second/03 - Triad.flac", "Beta - Second/04 - Untagged.m4a", "loose/Delta - Opus Song.opus", "loose/Korean.mp3",
    ].map(hashId);
    for (const doc of albums.docs) {
      assert.equal(doc.neighbors.music2vec.length > 0, album.includes(doc.song.id), `song ${doc.song.id}`);
      assert.equal(doc.neighbors.cel.length > 0, album.includes(doc.song.id), `song ${doc.song.id}`);
    }
  });
});
