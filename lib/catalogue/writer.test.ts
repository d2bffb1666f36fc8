import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { EvaluationReport } from "../types.ts";
import type { CatalogueContents, ModelEntry } from "./format.ts";
import { withCatalogue } from "./reader.ts";
import { checkWritable, removeStaleTemporaries, temporaryFile, writeCatalogue } from "./writer.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-writer-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A catalogue of `count` songs and no models: enough rows for several batches. */
function contents(count: number): CatalogueContents {
  const metrics = { k: 10, heldOutPlaylists: 0, methods: {} } as unknown as EvaluationReport;
  return {
    genres: new Map([["GN0100", "발라드"]]),
    songs: Array.from({ length: count }, (_, i) => ({
      id: i, name: `song ${i}`, album: "a", albumId: 0, artists: ["x"], artistIds: [0], genreCodes: ["GN0100"], detailCodes: [],
      issueDate: null, year: null, playlistCount: 1, popularityPct: 50, hasMel: false,
    })),
    models: [],
    timbre: null,
    rankings: [],
    meta: {},
    run: { startedAt: "", finishedAt: "", dataDir: "", seed: 0, config: {}, preprocess: [], timings: {}, metrics, backend: "" },
  };
}

const songCount = (file: string) => withCatalogue(file, (c) => c.stats().songs);

test("a stop between batches discards the new file and leaves the old catalogue byte-identical", async () => {
  const target = join(dir, "stop.sqlite");
  await writeCatalogue(target, contents(30));
  const before = readFileSync(target);
  let checks = 0;
  await assert.rejects(
    writeCatalogue(target, contents(9000), {
      checkStop: () => {
        if (++checks === 2) throw new Error("stop requested");
      },
    }),
    /stop requested/,
  );
  assert.ok(checks === 2, "checked between batches, not only at the end");
  assert.deepEqual(readFileSync(target), before);
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes(".tmp-")), []);
});

test("onCommitted is called with the new catalogue already in place, and only then", async () => {
  const target = join(dir, "commit.sqlite");
  await writeCatalogue(target, contents(30));
  let seen: number | null = null;
  await writeCatalogue(target, contents(50), { onCommitted: () => (seen = songCount(target)) });
  assert.equal(seen, 50);
  let called = false;
  await assert.rejects(writeCatalogue(target, contents(70), {
    checkStop: () => {
      throw new Error("stop");
    },
    onCommitted: () => (called = true),
  }));
  assert.equal(called, false);
  assert.equal(songCount(target), 50);
});

test("temporary files and journals of builds no longer running are removed; a running build's are kept", async () => {
  const target = join(dir, "stale.sqlite");
  const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!; // has exited
  const stale = [temporaryFile(target, dead), `${temporaryFile(target, dead)}-journal`, `${temporaryFile(target, dead)}-wal`];
  const live = temporaryFile(target, process.ppid);
  const unrelated = [join(dir, ".other.sqlite.tmp-1"), join(dir, ".stale.sqlite.tmp-notapid")];
  for (const file of [...stale, live, ...unrelated]) writeFileSync(file, "partial");
  assert.deepEqual(removeStaleTemporaries(target).sort(), stale.map((f) => f.slice(dir.length + 1)).sort());
  for (const file of stale) assert.equal(existsSync(file), false, file);
  for (const file of [live, ...unrelated]) assert.equal(existsSync(file), true, file);
  // Every write cleans up first.
  writeFileSync(stale[0]!, "partial");
  await writeCatalogue(target, contents(5));
  assert.equal(existsSync(stale[0]!), false);
  assert.equal(existsSync(live), true);
});

test("a target nothing can be written to is refused up front, naming it, and leaves nothing behind", () => {
  assert.throws(() => checkWritable("/proc/1/mugle.sqlite"), { name: "CatalogueWriteError", message: "/proc/1/mugle.sqlite: cannot write the catalogue here (ENOENT)" });
  const target = join(dir, "sub", "ok.sqlite");
  checkWritable(target);
  assert.deepEqual(readdirSync(join(dir, "sub")), []);
});

/** A Music2Vec entry for songs 0 and 1, each the other's only neighbour, with the given playlist-mate counts. */
function music2vec(togetherCounts: Int32Array | undefined): ModelEntry {
  const neighbors = { ids: Int32Array.from([0, 1]), k: 2, neighborIds: Int32Array.from([1, -1, 0, -1]), scores: Float32Array.from([0.3, 0, 0.8, 0]) };
  return { model: "music2vec", dim: 2, config: {}, neighbors: togetherCounts ? { ...neighbors, togetherCounts } : neighbors, projection: null };
}

test("Music2Vec's predicted playlist-mates are stored with the list; a count longer than the list is refused", async () => {
  const target = join(dir, "kinds.sqlite");
  await writeCatalogue(target, { ...contents(2), models: [music2vec(Int32Array.from([1, 0]))] });
  const kinds = withCatalogue(target, (c) => [0, 1].map((id) => c.songDocument(id)!.neighbors.music2vec.map((n) => n.kind)));
  assert.deepEqual(kinds, [["together"], ["alike"]]);
  // Lists without counts (a build with no together slots) are alike songs only.
  await writeCatalogue(target, { ...contents(2), models: [music2vec(undefined)] });
  assert.deepEqual(withCatalogue(target, (c) => c.songDocument(0)!.neighbors.music2vec.map((n) => n.kind)), ["alike"]);
  await assert.rejects(
    writeCatalogue(target, { ...contents(2), models: [music2vec(Int32Array.from([0, 2]))] }),
    /music2vec neighbours of song 1: 2 predicted playlist-mates in a list of 1/,
  );
});
