import assert from "node:assert/strict";
import { test } from "node:test";
import { DataWarnings, describeValue } from "./errors.ts";

test("describeValue quotes strings, names other types and cuts long values", () => {
  assert.equal(describeValue(undefined), "missing");
  assert.equal(describeValue(null), "null");
  assert.equal(describeValue("abc"), '"abc"');
  assert.equal(describeValue(1.5), "1.5 (number)");
  assert.equal(describeValue(true), "true (boolean)");
  assert.equal(describeValue([1, "x", null]), '[1,"x",null] (array)');
  assert.equal(describeValue({ a: [1], b: {} }), '{"a":[1],"b":{}} (object)');
  assert.equal(describeValue("x".repeat(100)), `"${"x".repeat(56)}...`);
});

test("describeValue shows a 20 MB string and a 100,000-deep array as cheaply as short ones", () => {
  assert.equal(describeValue("가".repeat(20_000_000)), `"${"가".repeat(56)}...`);
  let deep: unknown = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(describeValue(deep), `${"[".repeat(57)}... (array)`);
  let deepObject: unknown = {};
  for (let i = 0; i < 100_000; i++) deepObject = { k: deepObject };
  assert.equal(describeValue(deepObject), `${'{"k":'.repeat(11)}{"... (object)`);
});

test("DataWarnings counts each kind once, naming the first case, in the order first met", () => {
  const warnings = new DataWarnings();
  const date = ["song has a bad date", "songs have a bad date"] as const;
  warnings.add("song_meta.json", date, "song 3 (index 3): 20190231");
  warnings.add("train.json", ["playlist is odd", "playlists are odd"], "playlist 9 (index 0)");
  warnings.add("song_meta.json", date, "song 8 (index 8): 20191301");
  assert.deepEqual(warnings.lines(), [
    "song_meta.json: 2 songs have a bad date; the first is song 3 (index 3): 20190231",
    "train.json: 1 playlist is odd; it is playlist 9 (index 0)",
  ]);
});
