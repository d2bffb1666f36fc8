import assert from "node:assert/strict";
import { test } from "node:test";
import { creditFromCopyright, patternNames } from "./debianMusic.ts";

const DEP5 = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Game

Files: *
Copyright: 2000 Mark Allan
           2008 Paul Wise
License: Clarified-Artistic

Files:     data/wav/*
Copyright: 2008 Brian Redfern
License:   Expat

Files: debian/*
Copyright: 2016 Paul Wise
License: GPL-2+

License: Expat
 Permission is hereby granted, free of charge …
`;

test("a Files pattern names an installed path by its last parts, keeping a folder name", () => {
  assert.equal(patternNames("data/wav/*", "/usr/share/games/game/wav/music.wav"), true);
  assert.equal(patternNames("debian/*", "/usr/share/games/game/wav/music.wav"), false);
  assert.equal(patternNames("*", "/usr/share/games/game/wav/music.wav"), true);
  assert.equal(patternNames("music/*.ogg", "/usr/share/game/music/a.ogg"), true);
  assert.equal(patternNames("music/*.ogg", "/usr/share/game/music/a.wav"), false);
});

test("DEP-5: the last stanza naming the file wins; its copyright lines joined, the licence's short name", () => {
  assert.deepEqual(creditFromCopyright(DEP5, "/usr/share/games/game/wav/music_menu.wav"), { copyright: "2008 Brian Redfern", license: "Expat" });
  assert.deepEqual(creditFromCopyright(DEP5, "/usr/share/games/game/data/level1.txt"), { copyright: "2000 Mark Allan; 2008 Paul Wise", license: "Clarified-Artistic" });
});

test("a free-form copyright file: its first copyright line, no licence name", () => {
  const text = "This package was debianized by someone.\n\nCopyright:\n\n    Copyright 2003 Kenta Cho\n\nLicense:\n\n    Redistribution and use …\n";
  assert.deepEqual(creditFromCopyright(text, "/usr/share/games/a7xpg/sounds/bgm1.ogg"), { copyright: "2003 Kenta Cho", license: null });
  assert.deepEqual(creditFromCopyright("nothing here", "/x"), { copyright: null, license: null });
});
