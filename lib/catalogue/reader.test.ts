import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { catalogueProblem, openCatalogue, type Catalogue } from "./reader.ts";
import { cachedConnection, CatalogueUnavailableError, isCatalogueUnavailable } from "./connection.ts";
import { SCHEMA_VERSION } from "./format.ts";
import { eachTop3, neighborIdLists, scoreTotal } from "../ranking.ts";
import { FIXTURE_BUILT_AT, FIXTURE_METRICS, FIXTURE_PLAYLISTS, FIXTURE_SONGS, damageTable, writeFixtureCatalogue } from "./fixture.ts";
import { MODELS } from "../types.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-catalogue-"));
const file = join(dir, "fixture.sqlite");
let catalogue: Catalogue;

before(async () => {
  await writeFixtureCatalogue(file);
  catalogue = openCatalogue(file);
});
after(() => {
  catalogue.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("opening", () => {
  test("a missing file is a CatalogueUnavailableError naming the file", () => {
    const missing = join(dir, "nothing.sqlite");
    assert.throws(() => openCatalogue(missing), (e: unknown) =>
      e instanceof CatalogueUnavailableError && e.reason === "missing" && e.message.startsWith(`${missing}: no catalogue`));
  });

  test("visitors are told the file's name, never where it lives on the server", () => {
    const missing = join(dir, "nothing.sqlite");
    assert.throws(() => openCatalogue(missing), (e: unknown) =>
      e instanceof CatalogueUnavailableError && e.publicMessage.startsWith("nothing.sqlite: no catalogue") && !e.publicMessage.includes(dir));
  });

  test("a catalogue of an older schema is refused", async () => {
    const old = join(dir, "old.sqlite");
    for (const version of [0, SCHEMA_VERSION - 1]) {
      await writeFixtureCatalogue(old, { userVersion: version });
      assert.throws(() => openCatalogue(old), (e: unknown) =>
        e instanceof CatalogueUnavailableError && e.reason === "older-schema" &&
        new RegExp(`built with catalogue schema ${version}, .*reads schema ${SCHEMA_VERSION}`).test(e.message));
    }
  });

  test("a file that is not SQLite is refused", () => {
    const junk = join(dir, "junk.sqlite");
    writeFileSync(junk, "this is not a database, just some text that is long enough ".repeat(20));
    assert.throws(() => openCatalogue(junk), (e: unknown) => e instanceof CatalogueUnavailableError && e.reason === "unreadable");
  });

  test("the cached connection is reused until a rebuild renames a new file over it", async () => {
    const served = join(dir, "served.sqlite");
    await writeFixtureCatalogue(served);
    const first = cachedConnection(served, openCatalogue);
    assert.equal(cachedConnection(served, openCatalogue), first);
    const next = join(dir, ".served.tmp");
    await writeFixtureCatalogue(next);
    renameSync(next, served);
    const second = cachedConnection(served, openCatalogue);
    assert.notEqual(second, first);
    assert.equal(second.song(101)?.name, "새벽 세 시의 편지");
    // A page still holding the old connection is told the catalogue was replaced (a 503 for that one request).
    assert.throws(() => first.song(101), (e: unknown) => isCatalogueUnavailable(e) && /replaced while it was being read/.test(e.message));
    second.close();
  });
});

describe("song document", () => {
  test("the song summary, genres by name, partial dates kept", () => {
    assert.deepEqual(catalogue.songDocument(101)!.song, {
      id: 101, name: "새벽 세 시의 편지", artists: ["한결"], album: "편지", genres: ["발라드"], issueDate: "2019-09-25",
    });
    assert.equal(catalogue.songDocument(103)!.song.issueDate, "2017-03");
    assert.equal(catalogue.songDocument(110)!.song.issueDate, "2022");
    assert.equal(catalogue.songDocument(116)!.song.issueDate, null);
    assert.deepEqual(catalogue.songDocument(104)!.song.genres, ["발라드", "OST"]);
  });

  test("neighbours decoded from the blobs: best first, ranks 1.., never the song itself", () => {
    const doc = catalogue.songDocument(101)!;
    const withMel = FIXTURE_SONGS.filter((s) => s.sound).length;
    assert.equal(doc.neighbors.music2vec.length, FIXTURE_SONGS.length - 1);
    assert.equal(doc.neighbors.tcae.length, withMel - 1);
    assert.equal(doc.neighbors.cel.length, withMel - 1);
    for (const model of MODELS) {
      const list = doc.neighbors[model];
      assert.deepEqual(list.map((n) => n.rank), list.map((_, i) => i + 1));
      // Music2Vec's playlist-mates are scored by another cosine: only its alike songs are sorted by score.
      const cosines = list.filter((n) => n.kind !== "together");
      assert.ok(cosines.every((n, i) => i === 0 || n.score <= cosines[i - 1]!.score), `${model} sorted`);
      assert.ok(!list.some((n) => n.id === 101));
    }
    // TCAE hears sound: 101's closest three are the other piano songs (102, 104, 118).
    assert.deepEqual(doc.neighbors.tcae.slice(0, 3).map((n) => n.id).sort(), [102, 104, 118]);
    assert.equal(Math.fround(doc.neighbors.tcae[0]!.score), doc.neighbors.tcae[0]!.score, "scores are the stored float32 values");
  });

  test("Music2Vec's neighbours say which part of its list they are from; the other embeddings' do not", () => {
    for (const song of FIXTURE_SONGS) {
      const doc = catalogue.songDocument(song.id)!;
      const shared = (other: number) => FIXTURE_PLAYLISTS.filter((p) => p.songs.includes(song.id) && p.songs.includes(other)).length;
      const [first, ...rest] = doc.neighbors.music2vec;
      // The fixture's playlist-mate is the song on most of this one's playlists (fixture.ts).
      assert.equal(first!.kind, "together", `song ${song.id}`);
      assert.equal(shared(first!.id), Math.max(...FIXTURE_SONGS.filter((s) => s.id !== song.id).map((s) => shared(s.id))));
      assert.deepEqual(new Set(rest.map((n) => n.kind)), new Set(["alike"]));
      for (const model of ["tcae", "cel"] as const) assert.ok(doc.neighbors[model].every((n) => !("kind" in n)), model);
    }
  });

  test("the ensembles read back are the ones lib/ranking.ts computes from the same lists", () => {
    for (const id of [101, 106, 116]) {
      const doc = catalogue.songDocument(id)!;
      const lists = neighborIdLists(doc.neighbors);
      assert.ok(lists.playlistMates?.size, "the fixture's Music2Vec lists open with a playlist-mate");
      assert.deepEqual(doc.scoreTotal, scoreTotal(lists));
      assert.deepEqual(doc.eachTop3, eachTop3(lists));
      assert.equal(doc.scoreTotal.length, 10);
    }
  });

  test("a song without a mel has Music2Vec only", () => {
    const doc = catalogue.songDocument(106)!;
    assert.deepEqual(doc.neighbors.tcae, []);
    assert.deepEqual(doc.neighbors.cel, []);
    assert.ok(doc.scoreTotal.every((item) => item.ranks.tcae === null && item.ranks.cel === null));
    assert.equal(catalogue.song(106)!.hasMel, false);
  });

  test("an unknown id gives null", () => {
    assert.equal(catalogue.songDocument(999), null);
    assert.equal(catalogue.song(-1), null);
  });
});

describe("listing", () => {
  test("songIds streams every id ascending", () => {
    assert.deepEqual([...catalogue.songIds()], FIXTURE_SONGS.map((s) => s.id).sort((a, b) => a - b));
  });

  test("songs(ids) returns the existing ones with page details", () => {
    const songs = catalogue.songs([104, 999, 106]);
    assert.deepEqual([...songs.keys()].sort(), [104, 106]);
    const s = songs.get(104)!;
    assert.deepEqual(s.detailGenres, ["드라마"]); // GN0101 "세부장르전체" (catch-all) left out
    assert.equal(s.year, 2018);
    assert.equal(s.playlistCount, 3);
  });

  test("co-playlist counts of the recommended songs", () => {
    const co = catalogue.coPlaylists(101);
    assert.equal(co.get(102), 2); // "새벽 감성 발라드" and "Late night"
    assert.equal(co.get(103), 3);
  });

  test("latest run, stats and the map", () => {
    const run = catalogue.latestRun()!;
    assert.deepEqual(run.metrics, FIXTURE_METRICS);
    assert.equal(run.finishedAt, FIXTURE_BUILT_AT);
    assert.equal(run.songs, 20);
    const stats = catalogue.stats();
    assert.equal(stats.songs, 20);
    assert.equal(stats.builtAt, FIXTURE_BUILT_AT);
    assert.deepEqual(stats.models.map((m) => [m.model, m.songs]), [["music2vec", 20], ["tcae", 16], ["cel", 16]]);
    assert.deepEqual(catalogue.models(), stats.models, "the models alone, as stats() lists them");
    assert.ok(stats.fileBytes > 0);
    const map = catalogue.mapPoints("tcae");
    assert.equal(map.ids.length, 16);
    assert.equal(map.genres.reduce((sum, g) => sum + g.count, 0), 16);
    assert.equal(map.genres[map.genre[map.ids.indexOf(101)]!]!.name, "발라드");
    assert.equal(map.artists[map.ids.indexOf(104)], "윤서아, 한결");
  });
});

describe("search", () => {
  const ids = (q: string, limit = 10) => catalogue.search(q, limit).map((h) => h.id);

  test("2-character Korean words through the LIKE scan, more playlists first", () => {
    assert.deepEqual(ids("편지"), [101, 102]);
  });

  test("title prefixes rank above substrings of more popular songs", () => {
    assert.deepEqual(ids("run"), [110, 105]); // "Run the City" before "Neon Runner" (4 playlists to 2)
    assert.deepEqual(ids("사랑"), [118, 117]);
  });

  test("exact title first, case-insensitive English, artists and albums", () => {
    assert.deepEqual(ids("우산"), [113]);
    assert.deepEqual(ids("NEON"), [105]);
    assert.deepEqual(ids("blue harbor"), [105, 106]);
    assert.deepEqual(ids("night drive"), [105, 106]);
    assert.deepEqual(ids("MC 도윤"), [120, 110, 111]); // 3, 2 and 1 playlists
  });

  test("hits carry the API's fields only", () => {
    assert.deepEqual(catalogue.search("Letter at", 5), [
      { id: 102, name: "Letter at 3 AM", artists: ["한결"], album: "편지 (English Ver.)", genres: ["발라드"] },
    ]);
  });

  test("limit is respected", () => {
    assert.equal(catalogue.search("e", 3).length, 0); // too short
    assert.equal(ids("an", 2).length, 2);
  });

  test("pages: an offset continues the same ranking, past the end is empty", () => {
    const all = ids("er", 50);
    assert.ok(all.length >= 4, "enough matches to page through");
    const page = (offset: number, limit: number) => catalogue.searchSongs("er", limit, offset).map((s) => s.id);
    assert.deepEqual(page(0, 2), all.slice(0, 2));
    assert.deepEqual(page(2, 2), all.slice(2, 4));
    assert.deepEqual(page(1, 100), all.slice(1));
    assert.deepEqual(page(all.length, 5), []);
  });

  test("hostile input: literal matches, never an error", () => {
    assert.deepEqual(ids("<script>"), [116]);
    assert.deepEqual(ids('"band"'), [116]);
    assert.deepEqual(ids('quote "'), [116]);
    assert.deepEqual(ids("100%"), [116]);
    assert.deepEqual(ids("_l"), [116]); // unescaped, "_" would match any character
    assert.deepEqual(ids("%%"), []);
    for (const q of ["' OR 1=1 --", "AND", "NEAR(", '"', '""', "*", "**", "^", "^^^", "a OR b", "NOT x", "col:val", "\\", "\\%", "(", ")()"]) {
      assert.doesNotThrow(() => catalogue.search(q, 10), q);
    }
    assert.deepEqual(ids("' OR 1=1 --"), []);
    assert.deepEqual(ids("NEAR("), []);
  });

  test("control characters are spaces (SQLite would end the pattern at a NUL)", () => {
    assert.deepEqual(ids("blue\u0000harbor"), [105, 106]);
    assert.deepEqual(ids("편\u0001지"), [101, 102]); // two words, as "편 지"
    assert.doesNotThrow(() => catalogue.search("a\u0000b", 10));
    assert.doesNotThrow(() => catalogue.search("사랑\u0000", 10));
  });

  test("a repeated query gets the same answer, whatever the caller did with the previous one", () => {
    const first = catalogue.searchSongs("  Blue  HARBOR ", 10);
    first.length = 0;
    assert.deepEqual(ids("blue harbor"), [105, 106]); // the same normalised query, answered again
    assert.deepEqual(ids("blue harbor", 1), [105]); // another limit is another answer
  });
});

test("popular songs: most playlists first, ties by id", () => {
  assert.deepEqual(catalogue.popularSongs(3).map((s) => s.id), [101, 105, 112]);
});

describe("a damaged catalogue (pages corrupt behind an intact header)", () => {
  test("a read that meets the damage is a CatalogueUnavailableError, and the file stays refused until it is replaced", async () => {
    const served = join(dir, "damaged.sqlite");
    await writeFixtureCatalogue(served);
    damageTable(served, "neighbors");
    const opened = cachedConnection(served, openCatalogue);
    assert.equal(opened.song(101)?.name, "새벽 세 시의 편지", "the songs table is intact");
    assert.throws(() => opened.songDocument(101), (e: unknown) =>
      isCatalogueUnavailable(e) && e.reason === "damaged" && e.publicMessage.startsWith("damaged.sqlite: the catalogue file is damaged ("));
    // Remembered: refused at once, without reading, by every later open and by the site's check.
    assert.throws(() => openCatalogue(served), (e: unknown) => isCatalogueUnavailable(e) && e.reason === "damaged");
    assert.equal(catalogueProblem(served)?.reason, "damaged");
    // A rebuild renames a good file over it: usable again on the next request.
    const next = join(dir, ".damaged.next");
    await writeFixtureCatalogue(next);
    renameSync(next, served);
    assert.equal(catalogueProblem(served), null);
    assert.equal(cachedConnection(served, openCatalogue).songDocument(101)?.song.id, 101);
  });

  test("damage met while opening, and a SQLite file without the catalogue's tables, are refused as well", async () => {
    const broken = join(dir, "broken.sqlite");
    await writeFixtureCatalogue(broken);
    damageTable(broken, "genres");
    assert.throws(() => openCatalogue(broken), (e: unknown) => isCatalogueUnavailable(e) && e.reason === "damaged");
    const empty = join(dir, "empty.sqlite");
    const db = new Database(empty);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.close();
    assert.throws(() => openCatalogue(empty), (e: unknown) =>
      isCatalogueUnavailable(e) && e.reason === "unreadable" && /not a Mugle catalogue \(no such table: genres\)/.test(e.message));
  });
});

describe("an imported library: audio and credits", () => {
  const library = join(dir, "library.sqlite");
  let songs: Catalogue;
  before(async () => {
    await writeFixtureCatalogue(library, {
      library: {
        audioRoot: "/music",
        dataDir: "/datasets/music",
        audio: [
          { songId: 101, folder: "library", path: "한결/편지/01 새벽 세 시의 편지.ogg", mime: "audio/ogg", duration: 212.5, excerptStart: 91.25, copyright: "2019 한결", license: "CC-BY-4.0" },
          { songId: 105, folder: "dataset", path: "previews/0/105.mp3", mime: "audio/mpeg", duration: 30, excerptStart: 0, copyright: null, license: null },
          { songId: 112, folder: "library", path: "The Lanterns/Umbrella/Rain.flac", mime: "audio/flac", duration: null, excerptStart: 0, copyright: null, license: "GPL-2+" },
        ],
      },
    });
    songs = openCatalogue(library);
  });
  after(() => songs.close());

  test("songs carry how they can be heard; the others none", () => {
    assert.deepEqual(songs.song(101)!.audio, { excerptStart: 91.25, duration: 212.5 });
    assert.deepEqual(songs.songs([112, 106]).get(112)!.audio, { excerptStart: 0, duration: null });
    assert.equal(songs.songs([112, 106]).get(106)!.audio, null);
    assert.equal(catalogue.song(101)!.audio, null, "a Melon catalogue has no audio");
  });

  test("the audio file: its folder from the catalogue, or from MUGLE_AUDIO_DIR / MUGLE_DATA_DIR on another machine", () => {
    assert.deepEqual(songs.audioFile(101), { folder: "/music", path: "한결/편지/01 새벽 세 시의 편지.ogg", mime: "audio/ogg" });
    assert.deepEqual(songs.audioFile(105), { folder: "/datasets/music", path: "previews/0/105.mp3", mime: "audio/mpeg" });
    assert.equal(songs.audioFile(106), null);
    process.env.MUGLE_AUDIO_DIR = "/mnt/moved-music";
    process.env.MUGLE_DATA_DIR = "/mnt/moved-dataset";
    try {
      assert.equal(songs.audioFile(101)!.folder, "/mnt/moved-music");
      assert.equal(songs.audioFile(105)!.folder, "/mnt/moved-dataset");
      assert.equal(songs.melFile(101), "/mnt/moved-dataset/arena_mel/0/101.npy");
    } finally {
      delete process.env.MUGLE_AUDIO_DIR;
      delete process.env.MUGLE_DATA_DIR;
    }
  });

  test("mel files: under the dataset the catalogue was built from, only for songs with a mel", () => {
    assert.equal(songs.melFile(101), "/datasets/music/arena_mel/0/101.npy");
    assert.equal(songs.melFile(106), null, "106 has no mel");
    assert.equal(songs.melFile(999), null);
    assert.equal(catalogue.melFile(101), null, "the fixture records no dataset");
  });

  test("credits: songs naming an author or licence, by title (Latin before Hangul)", () => {
    assert.equal(songs.hasCredits(), true);
    assert.equal(catalogue.hasCredits(), false);
    assert.deepEqual(songs.credits().map((c) => [c.song.id, c.copyright, c.license]), [
      [112, null, "GPL-2+"],
      [101, "2019 한결", "CC-BY-4.0"],
    ]);
  });
});
