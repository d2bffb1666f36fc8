// `mugle tune` end to end on the tiny sample, in process: a fixed number of candidates gives the same table and
// the same choice twice, and the file it writes is a build config that keeps the build's split.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { defaultConfig, loadConfig } from "../config.ts";
import { generateSample } from "../sample/index.ts";
import { DEFAULT_FLOORS } from "./objective.ts";
import { formatTuneTable } from "./table.ts";
import { tune, type TuneOptions, type TuneResult } from "./tune.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-tune-"));
const data = join(work, "data");

function options(out: string): TuneOptions {
  return {
    dataDir: data,
    outFile: join(work, out),
    base: defaultConfig(9),
    budgetSeconds: 600,
    // Four candidates: all four on a ninth of tune-train, the best two at full size.
    candidates: 4,
    validationFraction: 0.2,
    floors: DEFAULT_FLOORS,
    // The tiny corpus has about 3,000 training words per epoch: only 5-epoch candidates fit, so the test stays quick.
    maxTrainingWords: 20_000,
    progress: false,
    log: () => {},
  };
}

let first: TuneResult;
let second: TuneResult;
before(async () => {
  await generateSample({ out: data, songs: 300, playlists: 250, melSongs: 0, seed: 9, progress: false });
  first = await tune(options("a.json"));
  second = await tune(options("b.json"));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("mugle tune on the tiny sample", () => {
  it("follows the successive-halving plan: every candidate on a slice, the best two at full size", () => {
    assert.deepEqual(first.plan.map((r) => r.size), [4, 2]);
    assert.deepEqual(first.rows.map((r) => r.fraction), [1 / 9, 1 / 9, 1 / 9, 1 / 9, 1, 1]);
    assert.ok(first.rows.every((r) => r.candidate.epochs === 5));
    assert.equal(first.rows.filter((r) => r.verdict === "chosen").length, 1);
    assert.equal(first.chosen.fraction, 1);
    // The finalists are the two slice results ranked best.
    const finalists = first.rows.slice(4).map((r) => r.index).sort();
    assert.deepEqual(first.rows.slice(0, 4).filter((r) => r.verdict === "promoted").map((r) => r.index).sort(), finalists);
  });

  it("is deterministic: the same table (times aside) and the same choice", () => {
    const figures = (r: TuneResult) => r.rows.map((row) => ({ index: row.index, fraction: row.fraction, metrics: row.trial.metrics, verdict: row.verdict }));
    assert.deepEqual(figures(second), figures(first));
    assert.deepEqual(second.config, first.config);
    assert.equal(readFileSync(second.configFile, "utf8"), readFileSync(first.configFile, "utf8"));
  });

  it("writes a config file the build takes, with the seed and split the search respected", () => {
    const config = loadConfig(first.configFile, undefined);
    assert.equal(config.seed, 9);
    assert.equal(config.heldOutFraction, 0.1);
    for (const key of ["window", "epochs", "sample", "nsExponent", "negative", "dim", "alpha"] as const) {
      assert.equal(config.music2vec[key], first.chosen.candidate[key], key);
    }
    assert.equal(config.music2vec.togetherSlots, first.chosen.trial.togetherSlots);
    assert.equal(config.tcae.embeddingDim, config.music2vec.dim);
  });

  it("prints every trial and both baselines", () => {
    const table = formatTuneTable(first.rows, first.baselines).split("\n");
    assert.equal(table.length, 2 + first.rows.length + 2);
    assert.match(table.at(-1)!, /baseline: played together/);
    assert.match(table.find((l) => l.includes("chosen"))!, /\| 100% \|/);
  });
});
