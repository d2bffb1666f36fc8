import { expect, test, type Page } from "@playwright/test";
import { SEARCH_PAGE_SIZE } from "../lib/search.ts";
import { ARTIFACTS, englishTarget, koreanTarget, pagedQuery, type SearchTarget } from "./fixtures.ts";

/** Types the query on the home page and opens `target` with the arrow keys and Enter. */
async function openByKeyboard(page: Page, { song, query }: SearchTarget) {
  await page.goto("/");
  const box = page.getByRole("combobox", { name: /search songs/i });
  await box.fill(query);
  const listbox = page.getByRole("listbox", { name: "Suggestions" });
  const option = listbox.locator(`[role=option][data-song-id="${song.id}"]`);
  await expect(option).toBeVisible();
  const options = listbox.getByRole("option");
  const index = await options.evaluateAll((els, id) => els.findIndex((el) => el.getAttribute("data-song-id") === String(id)), song.id);
  for (let i = 0; i <= index; i++) await box.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/songs/${song.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(song.name);
}

test("search in Korean and open a result with the keyboard", async ({ page }) => {
  await openByKeyboard(page, koreanTarget());
});

test("search in English (any case) and open a result with the keyboard", async ({ page }) => {
  const target = englishTarget();
  await openByKeyboard(page, { ...target, query: target.query.toUpperCase() });
});

test("Escape closes the suggestions, a second Escape clears the box", async ({ page }) => {
  const { query } = koreanTarget();
  await page.goto("/");
  const box = page.getByRole("combobox", { name: /search songs/i });
  await box.fill(query);
  await expect(page.getByRole("listbox", { name: "Suggestions" })).toBeVisible();
  await box.press("Escape");
  await expect(page.getByRole("listbox", { name: "Suggestions" })).toBeHidden();
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await box.press("Escape");
  await expect(box).toHaveValue("");
});

test("home page screenshot", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/home.png`, fullPage: true });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the search form submits to /search and lists the song", async ({ page }) => {
    const { song, query } = englishTarget();
    await page.goto("/");
    await page.getByRole("combobox", { name: /search songs/i }).fill(query);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/search\?q=/);
    const results = page.getByTestId("search-results");
    await expect(results.locator(`a[data-song-id="${song.id}"]`)).toBeVisible();
  });

  test("results come a page at a time, linked both ways, in the catalogue's ranking", async ({ page }) => {
    const { query, ids } = pagedQuery(SEARCH_PAGE_SIZE);
    const listed = () => page.getByTestId("search-results").locator("a[data-song-id]").evaluateAll((links) => links.map((a) => Number(a.getAttribute("data-song-id"))));
    await page.goto(`/search?q=${encodeURIComponent(query)}`);
    await expect(page.locator("#results-title")).toHaveText(`Songs 1–${SEARCH_PAGE_SIZE} matching “${query}”`);
    expect(await listed()).toEqual(ids.slice(0, SEARCH_PAGE_SIZE));
    await page.getByRole("link", { name: /More songs/ }).click();
    await expect(page).toHaveURL(/[?&]page=2\b/);
    expect(await listed()).toEqual(ids.slice(SEARCH_PAGE_SIZE, 2 * SEARCH_PAGE_SIZE));
    await expect(page.getByRole("link", { name: /More songs/ })).toBeVisible();
    await page.getByRole("link", { name: /Previous songs/ }).click();
    await expect(page).not.toHaveURL(/[?&]page=/);
    expect(await listed()).toEqual(ids.slice(0, SEARCH_PAGE_SIZE));
    await expect(page.getByRole("link", { name: /Previous songs/ })).toHaveCount(0);
  });

  test("no results: says so and suggests songs", async ({ page }) => {
    await page.goto(`/search?q=${encodeURIComponent("zzqqxxj 없는노래")}`);
    await expect(page.getByText(/No songs match/)).toBeVisible();
    await expect(page.locator("a[data-song-id]").first()).toBeVisible();
  });
});
