// Playlist files as players write them, and how their entries find the library's files.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { LibraryPaths, findPlaylistFiles, melonTimestamp, parseM3u, parsePls, parseXspf, playlistText } from "./playlistFiles.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-playlists-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const music = join(dir, "Music");
const library = new LibraryPaths([music], [
  "Artist/Album/01 Song.mp3",
  "Artist/Album/02 Other Song.mp3",
  "Café/Été/03 Ça.flac",
  "Various/One/01 Intro.mp3",
  "Various/Two/01 Intro.mp3",
]);
const inMusic = (file: string) => join(music, "lists", file);

describe("parsers", () => {
  test("M3U with #EXTM3U, #EXTINF and #PLAYLIST, blank lines and CRLF", () => {
    const parsed = parseM3u("#EXTM3U\r\n#PLAYLIST:Road trip\r\n#EXTINF:123,Artist - Song\r\n../Artist/Album/01 Song.mp3\r\n\r\n/abs/x.mp3\r\n");
    assert.equal(parsed.title, "Road trip");
    assert.deepEqual(parsed.entries, [{ location: "../Artist/Album/01 Song.mp3", line: 4 }, { location: "/abs/x.mp3", line: 6 }]);
  });

  test("a plain M3U (no header) is a list of paths", () => {
    assert.deepEqual(parseM3u("a.mp3\nb.mp3\n").entries.map((e) => e.location), ["a.mp3", "b.mp3"]);
  });

  test("PLS entries in File-number order", () => {
    const parsed = parsePls("[playlist]\nFile2=b.ogg\nTitle2=B\nFile1=a.ogg\nNumberOfEntries=2\nVersion=2\n");
    assert.deepEqual(parsed.entries.map((e) => e.location), ["a.ogg", "b.ogg"]);
  });

  test("XSPF locations with XML escapes, and the playlist title (not a track's)", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<playlist version="1" xmlns="http://xspf.org/ns/0/">
  <title>Rock &amp; Roll</title>
  <trackList>
    <track><title>Song</title><location>file:///m/Artist/Album/01%20Song.mp3</location></track>
    <track><location>Artist/Album/02 Other&#32;Song.mp3</location></track>
  </trackList>
</playlist>`;
    const parsed = parseXspf(xml);
    assert.equal(parsed.title, "Rock & Roll");
    assert.deepEqual(parsed.entries.map((e) => [e.location, e.line]), [["file:///m/Artist/Album/01%20Song.mp3", 5], ["Artist/Album/02 Other Song.mp3", 6]]);
  });

  test("an M3U that is not valid UTF-8 is read as Latin-1", () => {
    assert.equal(playlistText(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])), "Café\n");
    assert.equal(playlistText(Buffer.from("\uFEFFCafé\n", "utf8")), "Café\n");
  });
});

describe("resolving entries", () => {
  const cases: [string, string, string | null][] = [
    ["relative to the playlist's folder", "../Artist/Album/01 Song.mp3", "Artist/Album/01 Song.mp3"],
    ["absolute, inside the music folder", join(music, "Artist/Album/02 Other Song.mp3"), "Artist/Album/02 Other Song.mp3"],
    ["file:// URL, percent-encoded", pathToFileURL(join(music, "Café/Été/03 Ça.flac")).href, "Café/Été/03 Ça.flac"],
    ["file://localhost URL", `file://localhost${join(music, "Artist/Album/01%20Song.mp3")}`, "Artist/Album/01 Song.mp3"],
    ["decomposed Unicode (from macOS)", "../Cafe\u0301/E\u0301te\u0301/03 C\u0327a.flac", "Café/Été/03 Ça.flac"],
    ["another machine's root", "/home/someone/Music/Artist/Album/01 Song.mp3", "Artist/Album/01 Song.mp3"],
    ["a Windows playlist", "D:\\Muziek\\Artist\\Album\\02 Other Song.mp3", "Artist/Album/02 Other Song.mp3"],
    ["case differs", "../artist/album/01 song.MP3", "Artist/Album/01 Song.mp3"],
    ["a tail two files share", "/elsewhere/01 Intro.mp3", null],
    ["the folder disambiguates a shared name", "/elsewhere/Two/01 Intro.mp3", "Various/Two/01 Intro.mp3"],
    ["not in the library", "../Artist/Album/99 Missing.mp3", null],
    ["a stream URL", "http://radio.example/stream.mp3", null],
  ];
  for (const [name, location, expected] of cases) {
    test(name, () => assert.equal(library.resolve(location, inMusic("list.m3u")), expected));
  }
});

test("findPlaylistFiles: named files as given, folders searched for playlist extensions", () => {
  mkdirSync(join(dir, "lists", "sub"), { recursive: true });
  for (const name of ["a.m3u", "b.M3U8", "sub/c.xspf", "sub/d.pls", "notes.txt", ".hidden.m3u"]) writeFileSync(join(dir, "lists", name), "");
  writeFileSync(join(dir, "odd.txt"), "");
  const found = findPlaylistFiles([join(dir, "lists"), join(dir, "odd.txt")]).map((f) => f.slice(dir.length + 1));
  assert.deepEqual(found, ["lists/a.m3u", "lists/b.M3U8", "lists/sub/c.xspf", "lists/sub/d.pls", "odd.txt"]);
});

test("melonTimestamp is train.json's updt_date format, in UTC", () => {
  assert.equal(melonTimestamp(Date.UTC(2021, 0, 2, 3, 4, 5, 678)), "2021-01-02 03:04:05.000");
});
