import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDuration, parseDuration } from "./budget.ts";

describe("parseDuration", () => {
  it("reads seconds, minutes, hours and their combinations; a bare number is minutes", () => {
    assert.equal(parseDuration("90s"), 90);
    assert.equal(parseDuration("30m"), 1800);
    assert.equal(parseDuration("1.5h"), 5400);
    assert.equal(parseDuration("1h30m"), 5400);
    assert.equal(parseDuration("45"), 2700);
    assert.equal(parseDuration(" 2H "), 7200);
  });

  it("refuses what it cannot read and durations that are not positive", () => {
    for (const bad of ["", "m", "30 minutes", "-5m", "0", "0m", "1d", "h30"]) assert.equal(parseDuration(bad), null, bad);
  });
});

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    assert.equal(formatDuration(45), "45s");
    assert.equal(formatDuration(750), "12m 30s");
    assert.equal(formatDuration(3900), "1h 05m");
  });
});
