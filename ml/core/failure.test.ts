import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidArgumentError } from "commander";
import { DataError, Interrupted } from "./errors.ts";
import { describeFailure } from "./failure.ts";

test("input and output problems are one line and status 1; a stop is 130; a bug is left to the caller", () => {
  assert.deepEqual(describeFailure(new DataError("train.json", "playlist 1 (index 0)", "songs is 3 (number), expected an array")), {
    line: "mugle: train.json: playlist 1 (index 0): songs is 3 (number), expected an array", status: 1,
  });
  assert.deepEqual(describeFailure(new InvalidArgumentError("give --song ID")), { line: "mugle: give --song ID", status: 1 });
  const unavailable = Object.assign(new Error("db.sqlite: no catalogue database here"), { name: "CatalogueUnavailableError" });
  assert.deepEqual(describeFailure(unavailable), { line: "mugle: db.sqlite: no catalogue database here", status: 1 });
  const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write", path: "/data/x.npy" });
  assert.deepEqual(describeFailure(full), { line: "mugle: /data/x.npy: write failed (ENOSPC)", status: 1 });
  assert.deepEqual(describeFailure(new Interrupted()), { line: "interrupted: nothing was changed", status: 130 });
  assert.equal(describeFailure(new TypeError("x is undefined")), null);
  assert.equal(describeFailure(undefined), null);
});
