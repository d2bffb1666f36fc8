// The familiar ↔ hidden-gems knob, in a real browser with and without JavaScript, against the API and the
// re-ranking the site uses (lib/discovery.ts), and its curve on the About page.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { withCatalogue } from "../lib/catalogue/reader.ts";
import { documentAtDiscovery } from "../lib/discovery.ts";
import type { SongDocument } from "../lib/types.ts";
import { DATABASE } from "./fixtures.ts";

const ids = (list: Locator) => list.locator("a[data-song-id]").evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-song-id"))));

/** A popular song with a mel whose Score Total changes when the knob goes to hidden gems. */
function songTheKnobMoves(): number {
  return withCatalogue(DATABASE, (catalogue) => {
    for (const song of catalogue.popularSongs(300)) {
      if (!song.hasMel) continue;
      const neutral = catalogue.songDocument(song.id)!;
      const gems = documentAtDiscovery(catalogue, song.id, 1)!;
      if (JSON.stringify(neutral.scoreTotal.map((i) => i.id)) !== JSON.stringify(gems.scoreTotal.map((i) => i.id))) return song.id;
    }
    throw new Error(`no song of ${DATABASE} changes with the knob`);
  });
}

async function expectLists(page: Page, doc: SongDocument): Promise<void> {
  expect(await ids(page.getByTestId("score-total"))).toEqual(doc.scoreTotal.map((i) => i.id));
  expect(await ids(page.getByTestId("each-top3"))).toEqual(doc.eachTop3.map((i) => i.id));
  expect(await ids(page.getByTestId("top3-music2vec"))).toEqual(doc.neighbors.music2vec.slice(0, 3).map((n) => n.id));
}

test("GET /api/songs/{id}?discovery re-ranks every list; 0.5 is the stored document; bad values are 400", async ({ request }) => {
  const id = songTheKnobMoves();
  const stored = (await (await request.get(`/api/songs/${id}`)).json()) as SongDocument;
  const neutral = await request.get(`/api/songs/${id}?discovery=0.5`);
  expect(await neutral.json()).toEqual(stored);
  const gems = (await (await request.get(`/api/songs/${id}?discovery=1`)).json()) as SongDocument;
  expect(gems.song).toEqual(stored.song);
  expect(gems.scoreTotal.map((i) => i.id)).not.toEqual(stored.scoreTotal.map((i) => i.id));
  // The same songs in each embedding's list, re-ordered, ranks renumbered.
  expect(gems.neighbors.music2vec.map((n) => n.id).sort()).toEqual(stored.neighbors.music2vec.map((n) => n.id).sort());
  expect(gems.neighbors.music2vec.map((n) => n.rank)).toEqual(gems.neighbors.music2vec.map((_, i) => i + 1));
  for (const bad of ["abc", "-1", "1.5", "", "1e-1"]) {
    const response = await request.get(`/api/songs/${id}?discovery=${encodeURIComponent(bad)}`);
    expect(response.status(), bad).toBe(400);
    expect(Object.keys(await response.json())).toEqual(["error"]);
  }
});

test("moving the knob re-ranks the song page's lists at once (JavaScript)", async ({ page, request }) => {
  const id = songTheKnobMoves();
  const gems = (await (await request.get(`/api/songs/${id}?discovery=1`)).json()) as SongDocument;
  const familiar = (await (await request.get(`/api/songs/${id}?discovery=0`)).json()) as SongDocument;
  await page.goto(`/songs/${id}`);
  const knob = page.getByRole("slider", { name: /Familiar ↔ hidden gems/ });
  await expect(knob).toHaveValue("0.5");
  // With JavaScript the form needs no button: releasing the slider applies it.
  await expect(page.getByRole("button", { name: "Re-rank" })).toHaveCount(0);
  await knob.fill("1");
  await expect(page).toHaveURL(new RegExp(`/songs/${id}\\?discovery=1#discover$`));
  await expect(page.getByTestId("discovery-label")).toHaveText(/Hidden gems/);
  await expectLists(page, gems);
  await page.getByRole("slider", { name: /Familiar ↔ hidden gems/ }).fill("0");
  await expect(page).toHaveURL(new RegExp(`/songs/${id}\\?discovery=0#discover$`));
  await expectLists(page, familiar);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the knob is a plain form: set it, press Re-rank, get the re-ranked page", async ({ page, request }) => {
    const id = songTheKnobMoves();
    const gems = (await (await request.get(`/api/songs/${id}?discovery=1`)).json()) as SongDocument;
    await page.goto(`/songs/${id}`);
    await page.getByRole("slider", { name: /Familiar ↔ hidden gems/ }).fill("1");
    await page.getByRole("button", { name: "Re-rank" }).click();
    await expect(page).toHaveURL(new RegExp(`/songs/${id}\\?discovery=1#discover$`));
    await expectLists(page, gems);
    // A setting off the control's steps is shown at the nearest step; one outside 0..1 is not a page.
    expect((await page.goto(`/songs/${id}?discovery=0.96`))?.status()).toBe(200);
    await expectLists(page, gems);
    expect((await page.goto(`/songs/${id}?discovery=7`))?.status()).toBe(404);
  });
});

test("the about page plots the accuracy/discovery curve and lists its numbers", async ({ page }) => {
  await page.goto("/about");
  const curve = page.getByTestId("discovery-curve");
  await expect(curve.locator("svg")).toBeVisible();
  await expect(curve.locator('g[data-method="music2vec"] circle')).toHaveCount(5);
  await expect(curve.locator('g[data-method="scoreTotal"] circle')).toHaveCount(5);
  const table = page.getByTestId("discovery-table");
  await expect(table.getByRole("row")).toHaveCount(1 + 10);
  await expect(page.getByTestId("evaluation").getByRole("columnheader", { name: "Continuation nDCG@100" })).toBeVisible();
});
