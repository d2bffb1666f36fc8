// Free music from Debian packages: who made each file and under which licence (DEP-5 copyright files), and a
// real recording through the whole import. CI installs chromium-bsu-data (1.2 MB, no dependencies: two music
// loops and seven sound effects by Brian Redfern, Expat licence); elsewhere that test is skipped when the
// package is not installed.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, describe, test } from "node:test";
import { loadDataset } from "../data/dataset.ts";
import { readMel } from "../data/mel.ts";
import { MEL_FRAMES } from "../data/melon.ts";
import { packagedTracks, parseDebianCopyright, stanzaFor } from "./debianMusic.ts";
import { importLibrary } from "./importLibrary.ts";
import { SONG_AUDIO_FILE, type SongAudio } from "./libraryDataset.ts";

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Some Game
Source: https://example.org/

Files: *
Copyright: 2000 Main Author
License: GPL-2+

Files: data/music/*
       data/jingles/*.ogg
Copyright: 2008 First Composer
           2009 Second Composer
License: CC-BY-SA-3.0
 Attribution-ShareAlike 3.0
 .
 long text

Files: debian/*
Copyright: 2010 Packager
License: GPL-2+
`;

describe("DEP-5 copyright files", () => {
  const copyright = parseDebianCopyright(COPYRIGHT);

  test("header and stanzas, with multi-line fields", () => {
    assert.equal(copyright.upstreamName, "Some Game");
    assert.equal(copyright.stanzas.length, 3);
    assert.deepEqual(copyright.stanzas[1], {
      files: ["data/music/*", "data/jingles/*.ogg"],
      copyright: "2008 First Composer; 2009 Second Composer",
      license: "CC-BY-SA-3.0",
    });
  });

  test("installed paths find the stanza of their source path, most specific first", () => {
    assert.equal(stanzaFor(copyright, "/usr/share/games/some-game/music/theme.ogg")?.license, "CC-BY-SA-3.0");
    assert.equal(stanzaFor(copyright, "/usr/share/games/some-game/jingles/win.ogg")?.license, "CC-BY-SA-3.0");
    assert.equal(stanzaFor(copyright, "/usr/share/games/some-game/jingles/win.wav")?.copyright, "2000 Main Author");
    // "debian/*" must not become "*" and claim every file.
    assert.equal(stanzaFor(copyright, "/usr/share/games/some-game/sounds/boom.wav")?.copyright, "2000 Main Author");
  });
});

const PACKAGE = "chromium-bsu-data";
const installed = existsSync(`/usr/share/doc/${PACKAGE}/copyright`);
const work = mkdtempSync(join(tmpdir(), "mugle-debian-music-"));
after(() => rmSync(work, { recursive: true, force: true }));

test(`a real recording: ${PACKAGE}'s music imports, and its author and licence are found`, { skip: !installed && !process.env.CI && `${PACKAGE} is not installed (apt-get install ${PACKAGE})` }, async () => {
  const tracks = packagedTracks(PACKAGE).filter((t) => basename(t.path).startsWith("music_"));
  assert.deepEqual(tracks.map((t) => basename(t.path)), ["music_game.wav", "music_menu.wav"]);
  for (const track of tracks) {
    assert.equal(track.license, "Expat");
    assert.match(track.copyright, /Brian Redfern/);
    assert.equal(track.upstreamName, "Chromium B.S.U.");
  }
  const music = join(work, "music", "Chromium B.S.U.");
  mkdirSync(music, { recursive: true });
  for (const track of tracks) copyFileSync(track.path, join(music, basename(track.path)));
  const out = join(work, "dataset");
  const lines: string[] = [];
  const summary = await importLibrary({ audioDir: join(work, "music"), outDir: out, progress: false, log: (l) => lines.push(l) });
  assert.equal(summary.songs, 2, lines.join("\n"));
  assert.equal(summary.skipped, 0, lines.join("\n"));

  const dataset = await loadDataset(out, { progress: false });
  assert.deepEqual(dataset.songs.map((s) => s.song_name).sort(), ["music game", "music menu"], "untagged: titles from the file names");
  const audio = JSON.parse(readFileSync(join(out, SONG_AUDIO_FILE), "utf8")) as SongAudio[];
  for (const song of dataset.songs) {
    const mel = readMel(out, song.id)!;
    assert.equal(mel.length, 48 * MEL_FRAMES);
    // A real recording: tens of dB between its quiet and loud cells, not a flat line.
    const sorted = Float32Array.from(mel).sort();
    assert.ok(sorted[Math.floor(sorted.length * 0.95)]! - sorted[Math.floor(sorted.length * 0.05)]! > 20);
    const file = audio.find((a) => a.id === song.id)!;
    assert.equal(file.mime, "audio/wav");
    assert.ok(file.duration! > 3 && file.duration! < 10, `${file.path}: ${file.duration} s`);
  }
});
