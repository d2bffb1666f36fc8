import assert from "node:assert/strict";
import { test } from "node:test";
import { apiCacheControl, expireSeconds, revalidateSeconds } from "./revalidateWindow.ts";

test("the window is MUGLE_REVALIDATE_SECONDS when a whole number of seconds from 1 to 3600", () => {
  assert.equal(revalidateSeconds({ MUGLE_REVALIDATE_SECONDS: "1" }), 1);
  assert.equal(revalidateSeconds({ MUGLE_REVALIDATE_SECONDS: "300" }), 300);
  assert.equal(revalidateSeconds({ MUGLE_REVALIDATE_SECONDS: "86400" }), 3600);
});

test("a missing or malformed window falls back to 60 seconds", () => {
  for (const value of [undefined, "", "0", "-5", "1.5", "soon", "1e400"]) {
    assert.equal(revalidateSeconds({ MUGLE_REVALIDATE_SECONDS: value }), 60, String(value));
  }
});

test("nothing is served older than twice the window, by pages or by the API", () => {
  assert.equal(expireSeconds({ MUGLE_REVALIDATE_SECONDS: "2" }), 4);
  assert.equal(apiCacheControl({}), "public, max-age=60, stale-while-revalidate=60");
  assert.equal(apiCacheControl({ MUGLE_REVALIDATE_SECONDS: "5" }), "public, max-age=5, stale-while-revalidate=5");
});
