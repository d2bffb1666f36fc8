// End-to-end tests of `mugle sample` + `mugle build` + `mugle recommend` / `evaluate` through the real CLI:
// the catalogue is complete and deterministic, survives missing mels, and a failed or interrupted build
// leaves the previous catalogue byte-identical.
import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { MODELS, type SongDocument } from "../../lib/types.ts";
import { DEFAULT_MUSIC2VEC } from "../config.ts";
import { melRelativePath } from "../data/melon.ts";
import { spawn, spawnSync } from "node:child_process";
import { mugle, mugleInterrupted, sha256, ROOT } from "../testing/cli.ts";
import { exactScoreTotal, presentModels, ruleEachTop3, scoreTotalValue } from "../testing/ensembleRules.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-pipeline-"));
const data = join(work, "data");
const config = join(work, "fast.json");
const db = join(work, "a.sqlite");

function documents(file: string): SongDocument[] {
  const result = mugle(["recommend", "--db", file, "--all", "--json"]);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split("\n").map((line) => JSON.parse(line) as SongDocument);
}

/** What the first build printed. */
let buildLog = "";

before(() => {
  // Small models so the suite stays quick; the pipeline's wiring is what is under test here.
  writeFileSync(config, JSON.stringify({ music2vec: { epochs: 3 }, tcae: { epochs: 1, trainSongs: 64 }, cel: { epochs: 2 }, projection: false }));
  const sample = mugle(["sample", "--preset", "tiny", "--out", data, "--seed", "7"]);
  assert.equal(sample.status, 0, sample.stderr);
  const built = mugle(["build", "--data", data, "--out", db, "--config", config, "--seed", "7"]);
  assert.equal(built.status, 0, built.stderr);
  buildLog = built.stderr;
});

after(() => rmSync(work, { recursive: true, force: true }));

describe("mugle build on the tiny sample", () => {
  test("every song document has its neighbours, both ensembles and never itself", () => {
    const docs = documents(db);
    assert.ok(docs.length > 50, `only ${docs.length} songs in the catalogue`);
    let withMel = 0;
    for (const doc of docs) {
      const own = doc.song.id;
      for (const model of MODELS) {
        const list = doc.neighbors[model];
        assert.ok(list.every((n) => n.id !== own), `${model} of ${own} recommends itself`);
        assert.deepEqual(list.map((n) => n.rank), list.map((_, i) => i + 1));
        // Music2Vec's list is its predicted playlist-mates, then its cosine neighbours: each part best first.
        const parts = model === "music2vec" ? DEFAULT_MUSIC2VEC.togetherSlots : 0;
        for (let i = 1; i < list.length; i++) {
          if (i !== parts) assert.ok(list[i - 1]!.score >= list[i]!.score, `${model} of ${own} not best first`);
        }
      }
      assert.ok(doc.neighbors.music2vec.length > 0, `song ${own} has no Music2Vec neighbours`);
      if (doc.neighbors.tcae.length > 0) {
        withMel++;
        assert.ok(doc.neighbors.cel.length > 0, `song ${own} has TCAE but no CEL`);
      }
      assert.equal(doc.scoreTotal.length, 10);
      assert.equal(doc.eachTop3.length, 10);
      assert.ok(doc.scoreTotal.every((s) => s.id !== own) && doc.eachTop3.every((s) => s.id !== own));
    }
    assert.ok(withMel > 0, "no song got a TCAE embedding");
  });

  test("evaluate prints the stored metrics for every method and the baselines", () => {
    const result = mugle(["evaluate", "--db", db, "--json"]);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    for (const method of [...MODELS, "eachTop3", "scoreTotal", "popularity", "cooccurrence"]) {
      assert.ok(report.methods[method], `no metrics for ${method}`);
      assert.equal(typeof report.methods[method].genrePrecisionAt10, "number");
    }
    assert.ok(report.heldOutPlaylists > 0);
    assert.equal(typeof report.methods.tcae.versionRecallAt10, "number");
  });

  test("the same data and seed give the same rankings", () => {
    const again = join(work, "again.sqlite");
    const built = mugle(["build", "--data", data, "--out", again, "--config", config, "--seed", "7"]);
    assert.equal(built.status, 0, built.stderr);
    const strip = (docs: SongDocument[]) => docs.map((d) => ({ id: d.song.id, eachTop3: d.eachTop3, scoreTotal: d.scoreTotal.map((s) => s.id), m2v: d.neighbors.music2vec.map((n) => n.id), tcae: d.neighbors.tcae.map((n) => n.id), cel: d.neighbors.cel.map((n) => n.id) }));
    assert.deepEqual(strip(documents(again)), strip(documents(db)));
  });

  test("recommend --all --json follows both ensemble rules exactly, recomputed from each document's neighbour lists, ties included", () => {
    let ties = 0;
    for (const doc of documents(db)) {
      const exact = exactScoreTotal(doc);
      ties += exact.ties;
      assert.deepEqual(doc.scoreTotal.map((s) => s.id), exact.items.map((s) => s.id), `Score Total of song ${doc.song.id}`);
      doc.scoreTotal.forEach((item, i) => {
        assert.deepEqual(item.ranks, exact.items[i]!.ranks);
        assert.ok(Math.abs(item.score - scoreTotalValue(exact.items[i]!)) < 1e-6, `score of ${item.id} for song ${doc.song.id}`);
        // A rank is given exactly for the embeddings the song has.
        for (const model of MODELS) if (!presentModels(doc).includes(model)) assert.equal(item.ranks[model], null);
      });
      assert.deepEqual(doc.eachTop3, ruleEachTop3(doc), `Each Embedding Top 3 of song ${doc.song.id}`);
    }
    assert.ok(ties > 0, "no exact tie in any Score Total: the tie rule went unchecked");
  });

  test("recommend: one document for --song, and a clear error for an unknown id", () => {
    const first = documents(db)[0]!;
    const one = mugle(["recommend", "--db", db, "--song", String(first.song.id), "--json"]);
    assert.equal(one.status, 0, one.stderr);
    assert.deepEqual(JSON.parse(one.stdout), first);
    const unknown = mugle(["recommend", "--db", db, "--song", "99999999", "--json"]);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stdout, "");
    assert.match(unknown.stderr, /song 99999999: not in the catalogue/);
  });
});

describe("mugle build on a dataset where half the songs have no mel", () => {
  test("Music2Vec's top 50 runs beside the audio models on the second thread, with the lists of a one-thread build", () => {
    assert.match(buildLog, /▶ top-50 music2vec, beside the audio models/);
    assert.match(buildLog, /top-50 music2vec \(beside the audio models\) +[\d.]+ s/, "the stage table marks it");
    const single = join(work, "single-thread.json");
    writeFileSync(single, JSON.stringify({ ...JSON.parse(readFileSync(config, "utf8")), threads: 1 }));
    const out = join(work, "single-thread.sqlite");
    const built = mugle(["build", "--data", data, "--out", out, "--config", single, "--seed", "7"]);
    assert.equal(built.status, 0, built.stderr);
    assert.doesNotMatch(built.stderr, /beside the audio models/);
    const lists = (docs: SongDocument[]) => docs.map((d) => [d.song.id, d.neighbors.music2vec.map((n) => [n.id, n.kind])]);
    assert.deepEqual(lists(documents(out)), lists(documents(db)));
  });

  test("builds, and songs without a mel get Music2Vec only", () => {
    const half = join(work, "half");
    cpSync(data, half, { recursive: true });
    const dropped = new Set<number>();
    for (const bucket of readdirSync(join(half, "arena_mel"))) {
      for (const file of readdirSync(join(half, "arena_mel", bucket))) {
        const id = Number(file.replace(".npy", ""));
        if (id % 2 === 0) {
          unlinkSync(join(half, melRelativePath(id)));
          dropped.add(id);
        }
      }
    }
    const out = join(work, "half.sqlite");
    const built = mugle(["build", "--data", half, "--out", out, "--config", config, "--seed", "7"]);
    assert.equal(built.status, 0, built.stderr);
    let checked = 0;
    for (const doc of documents(out)) {
      if (!dropped.has(doc.song.id)) continue;
      checked++;
      assert.equal(doc.neighbors.tcae.length, 0);
      assert.equal(doc.neighbors.cel.length, 0);
      assert.ok(doc.neighbors.music2vec.length > 0);
      assert.ok(doc.scoreTotal.every((s) => s.ranks.tcae === null && s.ranks.cel === null));
    }
    assert.ok(checked > 0);
  });
});

describe("a build that fails or is stopped leaves the previous catalogue as it was", () => {
  test("bad input: one-line error naming file, record and field; old file byte-identical", () => {
    const broken = join(work, "broken");
    cpSync(data, broken, { recursive: true, filter: (src) => !src.includes("arena_mel") });
    const train = JSON.parse(readFileSync(join(broken, "train.json"), "utf8"));
    train[3].songs[1] = "abc";
    writeFileSync(join(broken, "train.json"), JSON.stringify(train));
    const target = join(work, "keep.sqlite");
    copyFileSync(db, target);
    const before = sha256(target);
    const result = mugle(["build", "--data", broken, "--out", target, "--config", config]);
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr.trim().split("\n").at(-1),
      `mugle: train.json: playlist ${train[3].id} (index 3): songs[1] is "abc", expected an integer song id`,
    );
    assert.equal(sha256(target), before);
    assert.deepEqual(readdirSync(work).filter((f) => f.includes(".tmp-")), []);
  });

  test("Ctrl-C during training: exit 130, old file byte-identical, no temp file left", async () => {
    const target = join(work, "stop.sqlite");
    copyFileSync(db, target);
    const before = sha256(target);
    const result = await mugleInterrupted(["build", "--data", data, "--out", target, "--config", config], "▶ tcae");
    assert.ok(result.interrupted, "the build finished before it could be interrupted");
    assert.equal(result.status, 130, result.stderr);
    assert.equal(sha256(target), before);
    assert.deepEqual(readdirSync(work).filter((f) => f.includes(".tmp-")), []);
    assert.ok(existsSync(target));
  });

  test("Ctrl-C in the write stage: the old catalogue and no leftovers (130), or the new one and a stop that says so (0), never both", async () => {
    for (const trigger of ["▶ write", "✔ catalogue written"]) {
      const target = join(work, "write-stop.sqlite");
      copyFileSync(db, target);
      const before = sha256(target);
      const result = await mugleInterrupted(["build", "--data", data, "--out", target, "--config", config, "--seed", "8"], trigger);
      assert.ok(result.interrupted, trigger);
      const replaced = sha256(target) !== before;
      assert.deepEqual(readdirSync(work).filter((f) => f.includes(".tmp-")), [], trigger);
      if (result.status === 130) {
        assert.equal(replaced, false, `${trigger}: exit 130 but the catalogue was replaced`);
        assert.match(result.stderr, /interrupted: nothing was changed/);
        assert.doesNotMatch(result.stderr, /catalogue written/);
      } else {
        assert.equal(result.status, 0, `${trigger}: ${result.stderr}`);
        assert.equal(replaced, true, trigger);
        assert.doesNotMatch(result.stderr, /stopping…/, `${trigger}: said it was stopping, then replaced the catalogue`);
      }
    }
  });

  test("SIGKILL of mugle kills the whole build: no process is left to replace the catalogue later", async () => {
    const target = join(work, "killed.sqlite");
    copyFileSync(db, target);
    const before = sha256(target);
    const child = spawn(process.execPath, [join(ROOT, "bin", "mugle.mjs"), "build", "--data", data, "--out", target, "--config", config], {
      cwd: ROOT, env: { ...process.env, MUGLE_QUIET: "1" }, stdio: ["ignore", "ignore", "pipe"],
    });
    await new Promise<void>((resolve) => {
      let stderr = "";
      child.stderr!.on("data", (d) => {
        stderr += d;
        if (stderr.includes("▶ music2vec")) resolve();
      });
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Any process still working for this build names its output file on its command line.
    const survivors = readdirSync("/proc").filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(target);
      } catch {
        return false;
      }
    });
    assert.deepEqual(survivors, []);
    assert.equal(sha256(target), before);
  });

  test("temporary files left by killed builds are removed by the next build, even one that fails", () => {
    const dir = join(work, "stale");
    mkdirSync(dir, { recursive: true });
    const target = join(dir, "cat.sqlite");
    copyFileSync(db, target);
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const stale = [`.cat.sqlite.tmp-${dead}`, `.cat.sqlite.tmp-${dead}-journal`];
    for (const name of stale) writeFileSync(join(dir, name), "half a catalogue");
    const result = mugle(["build", "--data", join(work, "nowhere"), "--out", target]);
    assert.equal(result.status, 1);
    assert.deepEqual(readdirSync(dir), ["cat.sqlite"]);
    for (const name of stale) assert.match(result.stderr, new RegExp(`removed ${name.replaceAll(".", "\\.")}, left by a build that was killed`));
  });
});

describe("a stopped build resumes from its finished stages", () => {
  test("the rerun takes Music2Vec from the cache, writes the same catalogue, then clears the cache", async () => {
    const target = join(work, "resume.sqlite");
    const args = ["build", "--data", data, "--out", target, "--config", config, "--seed", "7"];
    const stopped = await mugleInterrupted(args, "▶ tcae");
    assert.ok(stopped.interrupted, "the build finished before it could be interrupted");
    assert.equal(stopped.status, 130, stopped.stderr);
    assert.ok(existsSync(join(work, ".mugle-build-cache", "resume.sqlite")), "no cache kept for the stopped build");
    const resumed = mugle(args);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /▶ music2vec \(taken from the stopped build's cache\)/);
    assert.doesNotMatch(resumed.stderr, /▶ tcae \(taken/);
    assert.match(resumed.stderr, /music2vec \(resumed\)/);
    const strip = (docs: SongDocument[]) => docs.map((d) => ({ id: d.song.id, eachTop3: d.eachTop3, scoreTotal: d.scoreTotal, neighbors: d.neighbors }));
    assert.deepEqual(strip(documents(target)), strip(documents(db)));
    // Other tests' stopped builds may keep their own entries beside it; this build's entry must be gone.
    assert.ok(!existsSync(join(work, ".mugle-build-cache", "resume.sqlite")), "the cache outlived the finished build");
  });
});
