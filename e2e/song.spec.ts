import { expect, test, type Locator } from "@playwright/test";
import { existsSync } from "node:fs";
import { NEUTRAL_DISCOVERY } from "../lib/discovery.ts";
import { TOGETHER_HEADLINE, ordinal } from "../lib/explain.ts";
import { MODELS, type SongDocument } from "../lib/types.ts";
import { ARTIFACTS, cliDocument, music2vecKinds, songsByAudio } from "./fixtures.ts";

const ids = (list: Locator) => list.locator("a[data-song-id]").evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-song-id"))));

test("a song page by URL shows what the song document holds, the same as the CLI prints", async ({ page, request }) => {
  const { withMel } = songsByAudio();
  const api = await request.get(`/api/songs/${withMel.id}`);
  expect(api.status()).toBe(200);
  const doc = (await api.json()) as SongDocument;
  if (existsSync("bin/mugle.mjs")) expect(cliDocument(withMel.id)).toEqual(doc);

  await page.goto(`/songs/${withMel.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(doc.song.name);
  for (const model of MODELS) {
    const panel = page.getByTestId(`top3-${model}`);
    await expect(panel).toBeVisible();
    expect(await ids(panel)).toEqual(doc.neighbors[model].slice(0, 3).map((n) => n.id));
  }
  expect(await ids(page.getByTestId("score-total"))).toEqual(doc.scoreTotal.map((item) => item.id));
  expect(await ids(page.getByTestId("each-top3"))).toEqual(doc.eachTop3.map((item) => item.id));
  await expect(page.getByTestId("score-total").getByText(/in Music2Vec/).first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/song.png`, fullPage: true });
});

test("the Music2Vec panel tells a predicted playlist-mate from an alike song", async ({ page, request }) => {
  const { slots, song, discovery } = music2vecKinds();
  test.skip(slots === 0, "this catalogue was built without playlist-mates (music2vec.togetherSlots 0)");
  // With playlist-mates in the build, some song's top 3 holds them and alike songs, as stored or leaning
  // towards less-known songs (the knob keeps each song's kind).
  expect(song, "a song whose Music2Vec top 3 holds both kinds").not.toBeNull();
  const query = discovery === NEUTRAL_DISCOVERY ? "" : `?discovery=${discovery}`;
  const doc = (await (await request.get(`/api/songs/${song!.id}${query}`)).json()) as SongDocument;
  const top = doc.neighbors.music2vec.slice(0, 3);
  expect(new Set(top.map((n) => n.kind))).toEqual(new Set(["together", "alike"]));
  await page.goto(`/songs/${song!.id}${query}`);
  const panel = page.getByTestId("top3-music2vec");
  for (const n of top) {
    const row = panel.locator(`li[data-kind="${n.kind}"]`).filter({ has: page.locator(`a[data-song-id="${n.id}"]`) });
    if (n.kind === "together") {
      await expect(row).toContainText(TOGETHER_HEADLINE);
      await expect(row).toContainText(`Music2Vec predicts it on the same playlists, score ${n.score.toFixed(2)}`);
      await expect(row).not.toContainText("closest");
    } else {
      await expect(row).toContainText(`${ordinal(n.rank)} closest in Music2Vec`);
      await expect(row).toContainText(`similarity ${n.score.toFixed(2)}`);
      await expect(row).not.toContainText(TOGETHER_HEADLINE);
    }
  }
  // Score Total says which of its Music2Vec ranks are playlist-mates.
  const mates = new Set(top.filter((n) => n.kind === "together").map((n) => n.id));
  const matesInTotal = doc.scoreTotal.filter((item) => mates.has(item.id));
  for (const item of matesInTotal) {
    await expect(page.getByTestId("score-total").locator("li").filter({ has: page.locator(`a[data-song-id="${item.id}"]`) }))
      .toContainText(`${ordinal(item.ranks.music2vec!)} in Music2Vec, a predicted playlist-mate`);
  }
});

test("shared links preview the song (Open Graph and Twitter)", async ({ page }) => {
  const { withMel } = songsByAudio();
  await page.goto(`/songs/${withMel.id}`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", new RegExp(withMel.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute("content", new RegExp(`/songs/${withMel.id}$`));
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary");
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /Songs like/);
});

test("following a recommendation opens its page", async ({ page, request }) => {
  const { withMel } = songsByAudio();
  const doc = (await (await request.get(`/api/songs/${withMel.id}`)).json()) as SongDocument;
  const first = doc.scoreTotal[0]!;
  const next = (await (await request.get(`/api/songs/${first.id}`)).json()) as SongDocument;
  await page.goto(`/songs/${withMel.id}`);
  await page.getByTestId("score-total").locator(`a[data-song-id="${first.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/songs/${first.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(next.song.name);
});

test("a song without a mel shows Music2Vec only and says why", async ({ page }) => {
  const { withoutMel } = songsByAudio();
  test.skip(withoutMel === null, "every song of this catalogue has a mel");
  await page.goto(`/songs/${withoutMel!.id}`);
  await expect(page.getByTestId("no-audio")).toContainText("no mel-spectrogram");
  await expect(page.getByTestId("top3-music2vec")).toBeVisible();
  await expect(page.getByTestId("top3-tcae")).toHaveCount(0);
  await expect(page.getByTestId("top3-cel")).toHaveCount(0);
});

test("unknown songs and pages are proper 404s", async ({ page }) => {
  for (const path of ["/songs/2000000000", "/songs/abc", "/songs/1e3", "/no-such-page"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  }
});

test("the map draws the songs and rings the one arrived from", async ({ page }) => {
  const { withMel } = songsByAudio();
  await page.goto(`/map?song=${withMel.id}`);
  const canvas = page.getByTestId("map-canvas");
  await expect(canvas).not.toHaveAttribute("data-points", "0");
  await expect(page.getByText("Ringed:")).toBeVisible();
  // The embedding switch is a radio group: arrow keys move between embeddings.
  await page.getByRole("radio", { name: /Music2Vec/ }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: /TCAE/ })).toBeChecked();
  await expect(page).toHaveURL(/model=tcae/);
  await expect(canvas).toHaveAttribute("aria-label", /TCAE/);
});

test("the about page shows the evaluation table from the catalogue", async ({ page }) => {
  await page.goto("/about");
  const table = page.getByTestId("evaluation");
  await expect(table.getByRole("rowheader", { name: "Score Total" })).toBeVisible();
  await expect(page.getByText(/Built \d{4}-\d{2}-\d{2}/)).toBeVisible();
});
