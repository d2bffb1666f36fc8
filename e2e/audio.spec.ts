// An imported music library on the site: songs play (the audio element's time advances), one at a time, the
// spectrograms load, and a song's neighbours are other recordings of the library. Runs against its own server
// on the catalogue scripts/e2e.mjs builds from recordings synthesised with ffmpeg (scripts/e2e-library.ts),
// named by MUGLE_LIBRARY_DB.
import { expect, test, type Page } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { withCatalogue } from "../lib/catalogue/reader.ts";
import { songsByAudio } from "./fixtures.ts";
import { startServer } from "./server.ts";

const LIBRARY_DB = process.env.MUGLE_LIBRARY_DB ? resolve(process.env.MUGLE_LIBRARY_DB) : null;
const TITLES = ["Low Drone", "Lower Drone", "Hum", "Chime", "Bright Chime", "Whistle", "Surf", "Rain"];

test("a Melon catalogue: spectrograms of the song and its TCAE neighbours, no play button; a song without a mel: no picture", async ({ page }) => {
  const { withMel, withoutMel } = songsByAudio();
  await page.goto(`/songs/${withMel.id}`);
  const pictures = page.getByTestId("spectrogram").locator("img");
  await expect(pictures).toHaveCount(4);
  for (const picture of await pictures.all()) {
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(page.getByTestId("play-button")).toHaveCount(0);
  if (withoutMel) {
    await page.goto(`/songs/${withoutMel.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("img")).toHaveCount(0);
  }
});

test.describe("an imported library", () => {
  test.skip(LIBRARY_DB === null, "MUGLE_LIBRARY_DB names no library catalogue (scripts/e2e.mjs builds one)");
  test.describe.configure({ mode: "serial" });

  let base = "";
  let server: ChildProcess | null = null;
  let songId = 0;
  test.beforeAll(async () => {
    songId = withCatalogue(LIBRARY_DB!, (catalogue) => catalogue.search("Low Drone", 5).find((hit) => hit.name === "Low Drone")!.id);
    ({ base, server } = await startServer(LIBRARY_DB!));
  });
  test.afterAll(() => {
    server?.kill("SIGTERM");
  });

  async function audioState(page: Page) {
    return page.locator("audio[data-testid=song-audio]").evaluateAll((elements) =>
      (elements as HTMLAudioElement[]).map((a) => ({ id: a.dataset.songId, paused: a.paused, time: a.currentTime })),
    );
  }

  test("a song plays, and starting another pauses it", async ({ page }) => {
    await page.goto(`${base}/songs/${songId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Low Drone");
    const own = page.getByTestId("song-sound").getByRole("button", { name: "Play Low Drone" });
    await own.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("song-sound").getByRole("button", { name: "Pause Low Drone" })).toBeVisible();
    await expect
      .poll(async () => (await audioState(page)).find((a) => a.id === String(songId) && !a.paused)?.time ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0.5);

    // A neighbour's button in a list: the first song stops, the neighbour plays.
    const neighbour = page.getByTestId("top3-tcae").getByTestId("play-button").first();
    await neighbour.click();
    await expect(neighbour).toHaveAttribute("data-state", "playing");
    await expect
      .poll(async () => (await audioState(page)).filter((a) => !a.paused).length, { timeout: 10_000 })
      .toBe(1);
    const playing = (await audioState(page)).filter((a) => !a.paused);
    expect(playing[0]!.id).not.toBe(String(songId));
    await expect(page.getByTestId("song-sound").getByRole("button", { name: "Play Low Drone" })).toBeVisible();
  });

  test("the song's and its TCAE neighbours' spectrograms load, with words for them", async ({ page }) => {
    await page.goto(`${base}/songs/${songId}`);
    const pictures = page.getByTestId("spectrogram").locator("img");
    await expect(pictures).toHaveCount(4);
    for (const picture of await pictures.all()) {
      await expect(picture).toHaveAttribute("alt", /^Mel-spectrogram of .+: \d+ seconds, most energy around/);
      await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    }
  });

  test("its neighbours are other recordings of the library", async ({ page }) => {
    await page.goto(`${base}/songs/${songId}`);
    const names = await page.getByTestId("top3-tcae").locator("a[data-song-id] span.block.font-semibold").allTextContents();
    expect(names).toHaveLength(3);
    for (const name of names) {
      expect(TITLES).toContain(name);
      expect(name).not.toBe("Low Drone");
    }
  });

  test("the audio route: ranges, 416, HEAD, and nothing but a song id", async ({ request }) => {
    const url = `${base}/api/songs/${songId}/audio`;
    const whole = await request.get(url);
    expect(whole.status()).toBe(200);
    expect(whole.headers()["content-type"]).toBe("audio/ogg");
    // Next sends a streamed body chunked (no Content-Length); the 206's Content-Range gives the size.
    const size = (await whole.body()).length;
    const part = await request.get(url, { headers: { Range: "bytes=10-19" } });
    expect(part.status()).toBe(206);
    expect(part.headers()["content-range"]).toBe(`bytes 10-19/${size}`);
    expect((await part.body()).length).toBe(10);
    const past = await request.get(url, { headers: { Range: `bytes=${size}-` } });
    expect(past.status()).toBe(416);
    const head = await request.head(url);
    expect(head.status()).toBe(200);
    expect(head.headers()["accept-ranges"]).toBe("bytes");
    expect((await head.body()).length).toBe(0);
    for (const path of ["..%2F..%2Fetc%2Fpasswd", "%2e%2e", "1e3", "-1"]) {
      const refused = await request.get(`${base}/api/songs/${path}/audio`);
      expect([400, 404], path).toContain(refused.status());
    }
  });
});
