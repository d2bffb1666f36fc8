import assert from "node:assert/strict";
import { test } from "node:test";
import { splitPlaylists } from "./split.ts";

const playlists = Array.from({ length: 2000 }, (_, i) => i);

test("holds out about the requested share, every playlist exactly once, order kept", () => {
  const { train, heldOut } = splitPlaylists(playlists, 0.1, 1);
  assert.equal(train.length + heldOut.length, playlists.length);
  assert.deepEqual([...train, ...heldOut].sort((a, b) => a - b), playlists);
  assert.ok(heldOut.length > 150 && heldOut.length < 250, `held out ${heldOut.length} of 2000`);
  assert.deepEqual(heldOut, [...heldOut].sort((a, b) => a - b));
});

test("the same seed gives the same split, another seed another", () => {
  assert.deepEqual(splitPlaylists(playlists, 0.1, 1), splitPlaylists(playlists, 0.1, 1));
  assert.notDeepEqual(splitPlaylists(playlists, 0.1, 1).heldOut, splitPlaylists(playlists, 0.1, 2).heldOut);
});

test("fraction 0 keeps everything for training; out-of-range fractions are refused", () => {
  assert.equal(splitPlaylists(playlists, 0, 1).heldOut.length, 0);
  assert.throws(() => splitPlaylists(playlists, 1, 1), /held-out fraction/);
  assert.throws(() => splitPlaylists(playlists, -0.1, 1), /held-out fraction/);
});
