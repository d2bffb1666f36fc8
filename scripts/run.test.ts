import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { startInBackground } from "./run.mjs";

const dir = mkdtempSync(join(tmpdir(), "mugle-run-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a background command's output goes to its log, not the terminal, and done resolves on exit 0", async () => {
  const log = join(dir, "ok.log");
  const job = startInBackground(process.execPath, ["-e", "console.log('built'); console.error('warned')"], log);
  await job.done;
  assert.equal(readFileSync(log, "utf8"), "built\nwarned\n");
  assert.equal(job.stop(), false, "nothing left to stop");
});

test("a failed background command rejects with its exit code and the end of its log", async () => {
  const log = join(dir, "fail.log");
  const script = "for (let i = 1; i <= 30; i++) console.log('line ' + i); process.exit(3)";
  const job = startInBackground(process.execPath, ["-e", script], log);
  await assert.rejects(job.done, (error: Error) => {
    assert.match(error.message, /failed \(exit 3\); the end of .*fail\.log:\n/);
    assert.match(error.message, /line 11\n[^]*line 30$/, "the last 20 lines");
    assert.doesNotMatch(error.message, /line 10\n/);
    return true;
  });
});

test("stop() ends a background command that is still running", async () => {
  const job = startInBackground(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], join(dir, "stop.log"));
  assert.equal(job.stop(), true);
  await assert.rejects(job.done, /failed \(SIGTERM\)/);
});

test("a background command that fails while nobody awaits it yet is no unhandled rejection", async () => {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", listener);
  try {
    const job = startInBackground(process.execPath, ["-e", "process.exit(2)"], join(dir, "unobserved.log"));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(unhandled, []);
    await assert.rejects(job.done, /failed \(exit 2\)/, "the failure still reaches whoever awaits it later");
  } finally {
    process.off("unhandledRejection", listener);
  }
});
