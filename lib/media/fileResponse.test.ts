import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileEtag, fileResponse } from "./fileResponse.ts";
import { openInside } from "./libraryFile.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-file-response-"));
const CONTENT = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
writeFileSync(join(work, "song.ogg"), CONTENT);
after(() => rmSync(work, { recursive: true, force: true }));

const OPTIONS = { contentType: "audio/ogg", cacheControl: "public, max-age=60" };

async function respond(headers: Record<string, string> = {}, method = "GET") {
  const file = (await openInside(work, "song.ogg"))!;
  const response = await fileResponse(new Request("http://localhost/a", { method, headers }), file, OPTIONS);
  const body = Buffer.from(await response.arrayBuffer());
  return { response, body, etag: fileEtag(file) };
}

test("a plain GET: 200, the whole file, its type, length, validators and Accept-Ranges", async () => {
  const { response, body, etag } = await respond();
  assert.equal(response.status, 200);
  assert.deepEqual(body, CONTENT);
  assert.equal(response.headers.get("content-type"), "audio/ogg");
  assert.equal(response.headers.get("content-length"), "1000");
  assert.equal(response.headers.get("accept-ranges"), "bytes");
  assert.equal(response.headers.get("etag"), etag);
  assert.equal(response.headers.get("cache-control"), "public, max-age=60");
  assert.ok(response.headers.get("last-modified"));
});

test("a range: 206 with exactly those bytes and Content-Range", async () => {
  const { response, body } = await respond({ range: "bytes=100-199" });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get("content-range"), "bytes 100-199/1000");
  assert.equal(response.headers.get("content-length"), "100");
  assert.deepEqual(body, CONTENT.subarray(100, 200));
  const tail = await respond({ range: "bytes=-10" });
  assert.deepEqual([tail.response.status, tail.response.headers.get("content-range")], [206, "bytes 990-999/1000"]);
  assert.deepEqual(tail.body, CONTENT.subarray(990));
});

test("a range past the end or malformed: 416 with Content-Range bytes */size and no body", async () => {
  for (const range of ["bytes=1000-", "bytes=5-1", "bytes=abc", "bytes=-0"]) {
    const { response, body } = await respond({ range });
    assert.equal(response.status, 416, range);
    assert.equal(response.headers.get("content-range"), "bytes */1000");
    assert.equal(body.length, 0);
  }
});

test("HEAD: the GET's status and headers, no body", async () => {
  const whole = await respond({}, "HEAD");
  assert.deepEqual([whole.response.status, whole.response.headers.get("content-length"), whole.body.length], [200, "1000", 0]);
  const part = await respond({ range: "bytes=0-9" }, "HEAD");
  assert.deepEqual([part.response.status, part.response.headers.get("content-range"), part.body.length], [206, "bytes 0-9/1000", 0]);
});

test("conditional requests: If-None-Match gives 304; a stale If-Range gives the whole file", async () => {
  const { etag } = await respond();
  const cached = await respond({ "if-none-match": etag });
  assert.equal(cached.response.status, 304);
  assert.equal(cached.body.length, 0);
  const current = await respond({ range: "bytes=0-9", "if-range": etag });
  assert.equal(current.response.status, 206);
  const stale = await respond({ range: "bytes=0-9", "if-range": '"older"' });
  assert.equal(stale.response.status, 200);
  assert.deepEqual(stale.body, CONTENT);
});
