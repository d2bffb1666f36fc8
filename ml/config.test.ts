import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TCAE_PRESETS, defaultConfig, loadConfig, overlay, validateBuildConfig, validateTcaeConfig } from "./config.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-config-"));
function configFile(content: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return file;
}

test("without a file: the defaults, seeded everywhere by --seed", () => {
  const config = loadConfig(undefined, 5);
  assert.equal(config.seed, 5);
  assert.equal(config.music2vec.seed, 5);
  assert.equal(config.tcae.seed, 5);
  assert.equal(config.cel.seed, 5);
  assert.equal(config.heldOutFraction, 0.1);
});

test("a file overrides nested keys and keeps the rest", () => {
  const config = loadConfig(configFile('{"music2vec": {"window": 4}, "preprocess": {"minPlaylists": 5}}'), undefined);
  assert.equal(config.music2vec.window, 4);
  assert.equal(config.music2vec.dim, defaultConfig().music2vec.dim);
  assert.equal(config.preprocess.minPlaylists, 5);
  assert.equal(config.preprocess.dropVariousArtists, true);
});

test("tcae.preset switches the whole TCAE preset before other keys apply", () => {
  const config = loadConfig(configFile('{"tcae": {"preset": "okm", "epochs": 1}}'), 3);
  assert.equal(config.tcae.preset, "okm");
  assert.equal(config.tcae.epochs, 1);
  assert.equal(config.tcae.seed, 3);
});

test("typos, wrong types and bad JSON are errors naming the file and the key", () => {
  const typo = configFile('{"music2vec": {"dimm": 64}}');
  assert.throws(() => loadConfig(typo, undefined), (e: Error) => e.message.startsWith(`${typo.split("/").at(-1)}: unknown option "music2vec.dimm"`));
  assert.throws(() => loadConfig(configFile('{"threads": "2"}'), undefined), /threads is "2", expected a number/);
  assert.throws(() => loadConfig(configFile('{"threads": 0}'), undefined), /: threads is 0 \(number\), expected a positive integer$/);
  assert.throws(() => loadConfig(configFile('{"music2vec": '), undefined), /: JSON ends at byte 14 before it is complete \(file truncated\?\)$/);
  assert.throws(() => loadConfig(configFile('{"music2vec" 1}'), undefined), /: invalid JSON at line 1, column 14: expected ':'$/);
  assert.throws(() => loadConfig(join(dir, "missing.json"), undefined), { message: `missing.json: file not found in ${dir}` });
});

test("model options are checked before anything trains, as one line naming the file", () => {
  const file = configFile('{"tcae": {"channels": [8, 8], "dilations": [1]}}');
  assert.throws(() => loadConfig(file, undefined), (e: Error) =>
    e.message === `${file.split("/").at(-1)}: tcae.dilations is [1] (array), expected one dilation per entry of tcae.channels (2)`);
  assert.throws(() => loadConfig(configFile('{"music2vec": {"window": 0}}'), undefined), /: music2vec.window is 0 \(number\), expected a positive integer$/);
  assert.throws(() => loadConfig(configFile('{"music2vec": {"dim": 100}}'), undefined), /music2vec.dim 100, tcae.embeddingDim 128, cel.embeddingDim 128\), since CEL/);
  // Every section is checked the same way, CEL's too.
  assert.throws(() => loadConfig(configFile('{"cel": {"batchSize": 0}}'), undefined), /: cel.batchSize is 0 \(number\), expected a positive integer$/);
  assert.throws(() => loadConfig(configFile('{"cel": {"learningRate": -1}}'), undefined), /: cel.learningRate is -1 \(number\), expected a positive number$/);
  assert.throws(() => loadConfig(configFile('{"music2vec": {"alpha": 0.01, "minAlpha": 0.1}}'), undefined), /music2vec.minAlpha is 0.1 \(number\), expected at most music2vec.alpha/);
});

test("--tcae-preset wins over the file's preset and keeps the file's other tcae keys", () => {
  const config = loadConfig(configFile('{"tcae": {"preset": "cpu", "epochs": 3}}'), undefined, "okm");
  assert.equal(config.tcae.preset, "okm");
  assert.deepEqual(config.tcae.channels, [512, 256, 128, 64, 32, 16, 8]);
  assert.equal(config.tcae.epochs, 3);
});

test("overlay replaces arrays whole and checks their element type", () => {
  assert.deepEqual(overlay({ a: ["x"] }, { a: ["y", "z"] }, "f"), { a: ["y", "z"] });
  assert.throws(() => overlay({ a: ["x"] }, { a: [1] }, "f"), /a\[0\] is 1 \(number\), expected a string/);
});

test("preprocess options name the file, the option and what was expected", () => {
  const bad = (preprocess: Record<string, unknown>) => () => loadConfig(configFile(JSON.stringify({ preprocess })), undefined);
  assert.throws(bad({ minPlaylists: -1 }), /: preprocess.minPlaylists is -1 \(number\), expected a non-negative integer$/);
  assert.throws(bad({ mergeDuplicates: "yes" }), /: preprocess.mergeDuplicates is "yes", expected a boolean$/);
  assert.throws(bad({ dropGenres: ["GN16"] }), /: preprocess.dropGenres\[0\] is "GN16", expected a genre code like "GN1600"$/);
  assert.throws(bad({ dropTitlePatterns: [""] }), /: preprocess.dropTitlePatterns\[0\] is "", expected a non-empty string$/);
  assert.throws(bad({ dropVA: true }), /: unknown option "preprocess.dropVA" \(known: keepPlaylistSongsOnly, mergeDuplicates, dropVariousArtists, dropGenres, dropTitlePatterns, minPlaylists\)$/);
  assert.throws(() => loadConfig(configFile(JSON.stringify({ preprocess: [] })), undefined), /: preprocess is \[\] \(array\), expected an object$/);
});

test("every default passes its own rules", () => {
  assert.doesNotThrow(() => validateBuildConfig(defaultConfig()));
  for (const preset of Object.values(TCAE_PRESETS)) assert.doesNotThrow(() => validateTcaeConfig(preset));
});

test("the melody TCAE's and CEL's balance options have rules: one line naming the option", () => {
  const bad = (body: unknown) => () => loadConfig(configFile(JSON.stringify(body)), undefined);
  assert.throws(bad({ tcae: { head: "attention" } }), /: tcae.head is "attention", expected "dense" or "meanMax"$/);
  assert.throws(bad({ tcae: { invariance: -1 } }), /: tcae.invariance is -1 \(number\), expected a number >= 0$/);
  assert.throws(bad({ tcae: { augment: { tempo: 1.5 } } }), /: tcae.augment.tempo is 1.5 \(number\), expected a number in \[0, 1\)$/);
  assert.throws(bad({ tcae: { augment: { noiseDb: [-40] } } }), /: tcae.augment.noiseDb is \[-40\] \(array\), expected \[low, high\], two finite numbers$/);
  assert.throws(bad({ tcae: { whitenRemoveTop: 128 } }), /: tcae.whitenRemoveTop is 128 \(number\), expected below tcae.embeddingDim \(128\)$/);
  assert.throws(bad({ tcae: { whitenRemoveTop: 1.5 } }), /: tcae.whitenRemoveTop is 1.5 \(number\), expected a non-negative integer$/);
  assert.throws(bad({ tcae: { invariance: 1, batchSize: 1 } }), /: tcae.batchSize is 1 \(number\), expected 2 or more when tcae.invariance is above 0$/);
  assert.throws(bad({ cel: { tcaeWeight: 0, music2vecWeight: 0 } }), /: cel.music2vecWeight is 0 \(number\), expected above 0 when cel.tcaeWeight is 0$/);
  assert.throws(bad({ audioBaselineSongs: -1 }), /: audioBaselineSongs is -1 \(number\), expected a non-negative integer$/);
  // The okm preset keeps the original: a plain autoencoder with the dense head.
  const okm = loadConfig(undefined, undefined, "okm").tcae;
  assert.equal(okm.head, "dense");
  assert.equal(okm.invariance, 0);
  assert.equal(okm.whitenRemoveTop, 0);
  assert.equal(okm.centerSongs, false);
});
