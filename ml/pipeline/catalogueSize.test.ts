import assert from "node:assert/strict";
import { test } from "node:test";
import { MIN_CATALOGUE_SONGS, checkCatalogueSize, minimumSongs } from "./catalogueSize.ts";

const base = { outFile: "db/mugle.sqlite", replacing: null, allowShrink: false, because: "train.json holds 1 playlist" };

test("an empty catalogue is never written, --allow-shrink or not", () => {
  for (const allowShrink of [false, true]) {
    assert.throws(() => checkCatalogueSize({ ...base, songs: 0, allowShrink }), {
      message: "mugle.sqlite: the new catalogue would be empty (train.json holds 1 playlist); nothing was written",
    });
  }
});

test(`fewer than ${MIN_CATALOGUE_SONGS} songs needs --allow-shrink`, () => {
  assert.throws(() => checkCatalogueSize({ ...base, songs: 10 }), {
    message: "mugle.sqlite: the new catalogue would hold only 10 songs (train.json holds 1 playlist), fewer than 11; pass --allow-shrink to write it anyway",
  });
  checkCatalogueSize({ ...base, songs: 10, allowShrink: true });
  checkCatalogueSize({ ...base, songs: 11 });
});

test("under half the songs of the catalogue replaced needs --allow-shrink; half or more does not", () => {
  assert.throws(() => checkCatalogueSize({ ...base, songs: 1999, replacing: 4000 }), {
    message: "mugle.sqlite: the new catalogue would hold 1,999 songs (train.json holds 1 playlist), under half of the 4,000 songs of the catalogue it replaces; pass --allow-shrink to replace it anyway",
  });
  checkCatalogueSize({ ...base, songs: 2000, replacing: 4000 });
  checkCatalogueSize({ ...base, songs: 1999, replacing: 4000, allowShrink: true });
  checkCatalogueSize({ ...base, songs: 20, replacing: null });
});

test("an imported library may be small: only empty, or under half of the catalogue replaced, is refused", () => {
  const library = { ...base, minSongs: minimumSongs("library") };
  checkCatalogueSize({ ...library, songs: 3 });
  assert.throws(() => checkCatalogueSize({ ...library, songs: 0 }), /would be empty/);
  assert.throws(() => checkCatalogueSize({ ...library, songs: 3, replacing: 8 }), /under half of the 8 songs/);
  assert.equal(minimumSongs("melon"), MIN_CATALOGUE_SONGS);
});
