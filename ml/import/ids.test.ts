// Song ids from paths: stable, collision-free, and never moved once given.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ID_SPACE, assignIds, hashId } from "./ids.ts";

test("an id depends on the path only (Unicode normal form aside)", () => {
  assert.equal(hashId("Artist/Album/01 Song.mp3"), hashId("Artist/Album/01 Song.mp3"));
  assert.notEqual(hashId("Artist/Album/01 Song.mp3"), hashId("Artist/Album/02 Song.mp3"));
  // "é" precomposed and decomposed (a library copied from macOS) name the same song.
  assert.equal(hashId("Caf\u00e9/x.mp3"), hashId("Cafe\u0301/x.mp3"));
  const id = hashId("x");
  assert.ok(Number.isSafeInteger(id) && id >= 0 && id < ID_SPACE);
});

test("a new library gets the same ids whatever else it holds, except on a collision", () => {
  const a = assignIds(["a.mp3", "b.mp3", "c.mp3"]);
  const b = assignIds(["b.mp3", "c.mp3", "z.mp3"]);
  assert.equal(a.get("b.mp3"), b.get("b.mp3"));
  assert.equal(a.get("c.mp3"), b.get("c.mp3"));
});

test("a collision takes the next free id; given ids never move", () => {
  const taken = hashId("new.mp3");
  const ids = assignIds(["new.mp3", "other.mp3"], new Map([["old.mp3", taken]]));
  assert.equal(ids.get("old.mp3"), taken);
  assert.equal(ids.get("new.mp3"), (taken + 1) % ID_SPACE);
  assert.equal(new Set(ids.values()).size, 3);
});
