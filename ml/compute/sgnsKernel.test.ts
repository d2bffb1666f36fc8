// The WebAssembly SIMD kernel against the TypeScript reference of ml/models/sgns.ts: the same seed must give
// bit-identical weights and leave the random stream in the same state; and the committed .wasm must be
// what its source assembles to.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Random } from "../core/random.ts";
import { SIGMOID_TABLE, longestSentence, rowStride, type SgnsCorpus, type SgnsSettings } from "../models/sgns.ts";
import { arenaPlan, fillCopyTables, threadMerge, threadTrainer, weightNames, type SentenceLoop } from "../models/music2vecThreads.ts";
import { buildUnigramTable, keepThresholds } from "../models/sampling.ts";
import { createArena, f32, f64, i32 } from "./sharedArena.ts";
import { sgnsKernelAvailable } from "./sgnsKernel.ts";

/** A random corpus of `sentences` playlists over `vocabulary` rows, with a popular head. */
function corpus(vocabulary: number, sentences: number, random: Random): SgnsCorpus {
  const offsets = [0];
  const words: number[] = [];
  for (let s = 0; s < sentences; s++) {
    const length = 2 + random.int(30);
    for (let i = 0; i < length; i++) words.push(random.chance(0.3) ? random.int(5) : random.int(vocabulary));
    offsets.push(words.length);
  }
  return { words: Int32Array.from(words), offsets: Int32Array.from(offsets) };
}

/** Trains one epoch of `source` with the given loop on fresh weights; returns the weights and the final random draw. */
function train(loop: SentenceLoop, source: SgnsCorpus, vocabulary: number, settings: SgnsSettings) {
  const stride = rowStride(settings.dim);
  const tableSize = 1 << 12;
  const plan = arenaPlan(vocabulary, stride, tableSize, 1, false, longestSentence(source), settings);
  const arena = createArena(plan, loop === "wasm-simd");
  const counts = new Int32Array(vocabulary);
  for (const w of source.words) counts[w]!++;
  for (let w = 0; w < vocabulary; w++) counts[w] = Math.max(1, counts[w]!);
  buildUnigramTable(counts, 0.75, tableSize, i32(arena, "unigramTable"));
  f64(arena, "keepThresholds").set(keepThresholds(counts, source.words.length, 1e-2));
  f64(arena, "sigmoid").set(SIGMOID_TABLE);
  const syn0 = f32(arena, "syn0");
  const init = new Random(3, "init");
  for (let row = 0; row < vocabulary; row++) for (let k = 0; k < settings.dim; k++) syn0[row * stride + k] = (init.next() - 0.5) / settings.dim;
  // Each run shuffles its own copy of the words (asSet), so both see the same sentences.
  const words = { words: source.words.slice(), offsets: source.offsets };
  const trainer = threadTrainer({ arena, loop, corpus: words, settings, stride, seed: 11 }, 0, null);
  const counted = trainer.trainSentences(0, 0, source.offsets.length - 1, 1);
  return { syn0: f32(arena, "syn0").slice(), syn1neg: f32(arena, "syn1neg").slice(), counted, words: words.words };
}

describe("the Music2Vec WebAssembly SIMD kernel", { skip: !sgnsKernelAvailable() && "no WebAssembly SIMD here" }, () => {
  for (const dim of [8, 13, 128]) {
    it(`gives bit-identical weights to the TypeScript reference (dim ${dim})`, () => {
      const vocabulary = 60;
      const source = corpus(vocabulary, 40, new Random(dim, "kernel-corpus"));
      const settings: SgnsSettings = { dim, window: 4, negative: 5, epochs: 1, alpha: 0.5, minAlpha: 0.5, asSet: true };
      const reference = train("typescript", source, vocabulary, settings);
      const kernel = train("wasm-simd", source, vocabulary, settings);
      assert.deepEqual(kernel.counted, reference.counted);
      assert.deepEqual(kernel.words, reference.words, "the same shuffles: the random stream stayed in step");
      assert.ok(reference.syn1neg.some((v) => v !== 0), "training moved the output rows");
      assert.deepEqual(kernel.syn0, reference.syn0);
      assert.deepEqual(kernel.syn1neg, reference.syn1neg);
      // The padding of each row stays zero.
      const stride = rowStride(dim);
      for (let row = 0; row < vocabulary; row++) for (let k = dim; k < stride; k++) assert.equal(kernel.syn0[row * stride + k], 0);
    });
  }
});

describe("the kernel's merge of private weight copies", { skip: !sgnsKernelAvailable() && "no WebAssembly SIMD here" }, () => {
  it("is bit-identical to the TypeScript mergeRows, over a slice and with three copies", () => {
    const results = (["typescript", "wasm-simd"] as const).map((loop) => {
      const arena = createArena(arenaPlan(10, 8, 16, 3, true, 4, { window: 2, negative: 1 }), loop === "wasm-simd");
      fillCopyTables(arena, 3);
      const random = new Random(4, "merge");
      for (const name of ["syn0", "syn1neg", ...[0, 1, 2].flatMap((t) => Object.values(weightNames(t)))]) {
        const values = f32(arena, name);
        for (let i = 0; i < values.length; i++) values[i] = random.range(-1, 1);
      }
      threadMerge(arena, loop, 3)(16, 72);
      return ["syn0", "syn1neg", ...[0, 1, 2].flatMap((t) => Object.values(weightNames(t)))].map((name) => f32(arena, name).slice());
    });
    assert.deepEqual(results[1], results[0]);
    // Elements outside [16, 72) untouched, inside equal in base and every copy.
    const [base, , copy0] = results[0]!;
    assert.notEqual(base![15], copy0![15]);
    assert.equal(base![40], copy0![40]);
  });
});

describe("the committed kernels", () => {
  it("are what their .wat sources assemble to (scripts/build-wasm.mjs, wabt)", async (t) => {
    let build: { assemble(file: string): Promise<Buffer>; sources(): string[] };
    try {
      build = (await import("../../scripts/build-wasm.mjs")) as typeof build;
    } catch {
      t.skip("the wabt devDependency is not installed");
      return;
    }
    const sources = build.sources();
    assert.ok(sources.some((f) => f.endsWith("sgns.wat")));
    for (const wat of sources) {
      const committed = readFileSync(wat.replace(/\.wat$/, ".wasm"));
      assert.ok(Buffer.compare(await build.assemble(wat), committed) === 0, `${fileURLToPath(new URL(wat, "file:///"))} differs from its .wasm: run node scripts/build-wasm.mjs`);
    }
  });
});
