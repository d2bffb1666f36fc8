import { expect, test } from "@playwright/test";
import { apiCacheControl } from "../lib/revalidateWindow.ts";
import type { SearchHit, SongDocument } from "../lib/types.ts";
import { englishTarget, koreanTarget, songsByAudio } from "./fixtures.ts";

const HOSTILE = ["<script>alert(1)</script>", "\"'", "%", "%%", "__", "100%_", "' OR 1=1 --", "AND", "a AND b", "NEAR(x y)", '"', '""', "**", "^^", "x*", "^foo", "col:val", "\\\\", "); DROP TABLE songs; --"];

test("GET /api/songs/{id}: the song document with cache headers and an ETag", async ({ request }) => {
  const { withMel } = songsByAudio();
  const response = await request.get(`/api/songs/${withMel.id}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["cache-control"]).toBe(apiCacheControl());
  const etag = response.headers()["etag"]!;
  expect(etag).toMatch(/^".+"$/);
  const doc = (await response.json()) as SongDocument;
  expect(Object.keys(doc)).toEqual(["song", "neighbors", "eachTop3", "scoreTotal"]);
  expect(doc.song).toMatchObject({ id: withMel.id, name: withMel.name, artists: withMel.artists, album: withMel.album });
  expect(Object.keys(doc.neighbors)).toEqual(["music2vec", "tcae", "cel"]);
  expect(doc.neighbors.music2vec.map((n) => n.rank)).toEqual(doc.neighbors.music2vec.map((_, i) => i + 1));
  expect(doc.scoreTotal.length).toBeLessThanOrEqual(10);

  const again = await request.get(`/api/songs/${withMel.id}`, { headers: { "If-None-Match": etag } });
  expect(again.status()).toBe(304);
});

test("GET /api/songs: unknown ids are 404 and malformed ones 400, as JSON {error}", async ({ request }) => {
  for (const [path, status] of [["2000000000", 404], ["abc", 400], ["-1", 400], ["1.5", 400], ["99999999999999", 400], ["%3Cscript%3E", 400]] as const) {
    const response = await request.get(`/api/songs/${path}`);
    expect(response.status(), path).toBe(status);
    expect(Object.keys(await response.json())).toEqual(["error"]);
  }
});

test("GET /api/search finds Korean and English substrings", async ({ request }) => {
  for (const { song, query } of [koreanTarget(), englishTarget()]) {
    const response = await request.get(`/api/search?q=${encodeURIComponent(query)}&limit=8`);
    expect(response.status()).toBe(200);
    const hits = (await response.json()) as SearchHit[];
    expect(hits.length).toBeLessThanOrEqual(8);
    expect(hits.map((h) => h.id)).toContain(song.id);
    expect(Object.keys(hits[0]!)).toEqual(["id", "name", "artists", "album", "genres"]);
  }
});

test("GET /api/search rejects empty and one-character queries and bad limits", async ({ request }) => {
  for (const query of ["", "q=", "q=%20%20", "q=a", "q=ab&limit=0", "q=ab&limit=51", "q=ab&limit=100000", "q=ab&limit=abc", "q=ab&limit=-5"]) {
    const response = await request.get(`/api/search?${query}`);
    expect(response.status(), query).toBe(400);
    expect(Object.keys(await response.json())).toEqual(["error"]);
  }
  const defaults = await request.get("/api/search?q=ab");
  expect(defaults.status()).toBe(200);
  expect(((await defaults.json()) as unknown[]).length).toBeLessThanOrEqual(10);
});

test("hostile queries: JSON arrays, never a server error", async ({ request }) => {
  for (const q of HOSTILE) {
    const response = await request.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect([200, 400], q).toContain(response.status());
    const body = await response.json();
    if (response.status() === 200) expect(Array.isArray(body), q).toBe(true);
  }
});

test("hostile queries on the results page are shown as text, never run", async ({ page }) => {
  test.slow(); // one page per hostile query
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  for (const q of HOSTILE) {
    const response = await page.goto(`/search?q=${encodeURIComponent(q)}`);
    expect(response?.status(), q).toBe(200);
  }
  await page.goto(`/search?q=${encodeURIComponent("<script>alert(1)</script>")}`);
  await expect(page.getByText("No songs match “<script>alert(1)</script>”.")).toBeVisible();
  expect(await page.locator("main script").count()).toBe(0);
  expect(dialogs).toEqual([]);
});
