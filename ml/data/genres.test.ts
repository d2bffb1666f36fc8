import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readGenres } from "./genres.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-genres-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, "genre_gn_all.json");

describe("readGenres", () => {
  it("reads code -> name in file order", async () => {
    writeFileSync(path, '{"GN0100": "발라드", "GN0101": "세부장르전체", "GN0200": "댄스"}');
    assert.deepEqual([...(await readGenres(path))], [["GN0100", "발라드"], ["GN0101", "세부장르전체"], ["GN0200", "댄스"]]);
  });

  it("rejects bad codes, bad names, a wrong top level, invalid JSON and a missing file", async () => {
    const cases: [string, string][] = [
      ['{"GN01": "발라드"}', 'genre_gn_all.json: key "GN01": expected a genre code like "GN0101"'],
      ['{"GN0100": 1}', "genre_gn_all.json: genre GN0100: name is 1 (number), expected a non-empty string"],
      ['{"GN0100": " "}', 'genre_gn_all.json: genre GN0100: name is " ", expected a non-empty string'],
      ['["GN0100"]', 'genre_gn_all.json: top level is ["GN0100"] (array), expected an object of genre code -> name'],
      ['{"GN0100": "발라드"', "genre_gn_all.json: JSON ends at byte 22 before it is complete (file truncated?)"],
      ['{"GN0100" "발라드"}', "genre_gn_all.json: invalid JSON at line 1, column 11: expected ':'"],
    ];
    for (const [text, message] of cases) {
      writeFileSync(path, text);
      await assert.rejects(readGenres(path), { name: "DataError", message });
    }
    await assert.rejects(readGenres(join(dir, "none", "genre_gn_all.json")), { message: `genre_gn_all.json: file not found in ${join(dir, "none")}` });
  });
});
