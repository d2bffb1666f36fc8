import assert from "node:assert/strict";
import { test } from "node:test";
import { createStopControl } from "./stop.ts";

test("a stop before the commit aborts and says it is stopping, once", () => {
  const said: string[] = [];
  const stop = createStopControl((line) => said.push(line));
  stop.request();
  stop.request();
  assert.equal(stop.signal.aborted, true);
  assert.deepEqual(said, ["stopping… (cleaning up, nothing is left half-written)"]);
});

test("a stop after the commit neither aborts nor claims to stop: it says the new catalogue is in place", () => {
  const said: string[] = [];
  const stop = createStopControl((line) => said.push(line));
  stop.committed();
  stop.request();
  assert.equal(stop.signal.aborted, false);
  assert.deepEqual(said, ["stop requested after the new catalogue was written: it is in place; finishing the summary"]);
});
