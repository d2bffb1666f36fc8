import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { StageCache, buildKey, decodeStageValue, encodeStageValue } from "./stageCache.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-stage-cache-"));
after(() => rmSync(work, { recursive: true, force: true }));

describe("stage cache values", () => {
  it("round-trip plain data with typed arrays and maps anywhere inside", () => {
    const value = {
      embedding: { ids: Int32Array.of(3, 1, 4), vectors: Float32Array.of(0.5, -1.25, 3), dim: 1 },
      weights: Uint8Array.of(9, 8, 7, 6, 5),
      lists: [Float64Array.of(Math.PI), { k: 2, note: "ok", missing: null }],
      counts: new Map([[1, 2], [3, 4]]),
    };
    const back = decodeStageValue(encodeStageValue(value));
    assert.deepEqual(back, value);
    assert.deepEqual(decodeStageValue(encodeStageValue(Float32Array.of(1, 2))), Float32Array.of(1, 2));
  });
});

describe("the stage cache", () => {
  it("keys builds by configuration and input files", () => {
    const dataset = mkdtempSync(join(work, "ds-"));
    writeFileSync(join(dataset, "train.json"), "[]");
    const first = buildKey(dataset, { seed: 1 });
    assert.equal(buildKey(dataset, { seed: 1 }), first);
    assert.notEqual(buildKey(dataset, { seed: 2 }), first);
    writeFileSync(join(dataset, "train.json"), "[1]");
    utimesSync(join(dataset, "train.json"), new Date(2000, 1, 1), new Date(2000, 1, 1));
    assert.notEqual(buildKey(dataset, { seed: 1 }), first);
  });

  it("keeps each stage's value per key, drops other keys as stale, and clears after the build", () => {
    const out = join(work, "db", "catalogue.sqlite");
    const old = new StageCache(out, "old-key");
    old.save("music2vec", { a: Int32Array.of(1) });
    const cache = new StageCache(out, "new-key");
    assert.equal(cache.load("music2vec"), undefined, "another key's entry is not this build's");
    cache.removeStale();
    assert.deepEqual(readdirSync(join(work, "db", ".mugle-build-cache", "catalogue.sqlite")), []);
    cache.save("top-50 music2vec", { ids: Float32Array.of(2) });
    assert.deepEqual(cache.load("top-50 music2vec"), { ids: Float32Array.of(2) });
    cache.clear();
    assert.ok(!existsSync(join(work, "db", ".mugle-build-cache")));
  });
});
