// Every page works under its Content-Security-Policy (lib/securityHeaders.ts: script hashes, no 'unsafe-inline'
// for scripts): the browser reports no violation, the pages hydrate (search as you type answers, the map draws),
// same-origin audio and pictures (the song page's player and spectrograms) are allowed, and a script injected into
// a page does not run.
import { expect, test, type Page } from "@playwright/test";
import { koreanTarget, songsByAudio } from "./fixtures.ts";
import { songSpectrogramUrl } from "../lib/media/songMediaUrls.ts";

declare global {
  interface Window {
    __cspViolations?: string[];
    __injected?: boolean;
  }
}

/** Collects the page's CSP violations (the browser's securitypolicyviolation events and console reports). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...(await page.evaluate(() => window.__cspViolations ?? [])), ...console];
}

test("no page breaks its policy", async ({ page }) => {
  const { withMel } = songsByAudio();
  const violations = await watchViolations(page);
  for (const path of ["/", `/search?q=${encodeURIComponent(koreanTarget().query)}`, `/songs/${withMel.id}`, "/map", "/about", "/no-such-page"]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toMatch(/script-src 'self' 'sha256-/);
    await page.waitForLoadState("networkidle");
    expect(await violations(), path).toEqual([]);
  }
});

test("under the policy the pages hydrate: search as you type answers and the map draws", async ({ page }) => {
  const violations = await watchViolations(page);
  const { song, query } = koreanTarget();
  await page.goto("/");
  await page.getByRole("combobox", { name: /search songs/i }).fill(query);
  await expect(page.getByRole("listbox", { name: "Suggestions" }).locator(`[data-song-id="${song.id}"]`)).toBeVisible();

  await page.goto("/map");
  const canvas = page.getByTestId("map-canvas");
  await expect(canvas).not.toHaveAttribute("data-points", "0");
  // Drawn: the canvas holds coloured pixels.
  await expect
    .poll(() => canvas.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return painted;
    }))
    .toBeGreaterThan(100);
  expect(await violations()).toEqual([]);
});

test("same-origin audio and pictures are allowed; a script injected into a page does not run", async ({ page }) => {
  const { withMel } = songsByAudio();
  const violations = await watchViolations(page);
  await page.goto(`/songs/${withMel.id}`);
  await page.waitForLoadState("networkidle");
  // What the song page's player and spectrograms load: the same-origin media routes (the sample has no
  // recordings, so the audio answer is a 404; only whether the policy lets the browser ask matters here).
  await page.evaluate(([id, picture]) => {
    const audio = document.createElement("audio");
    audio.src = `/api/songs/${id}/audio`;
    audio.preload = "auto";
    const image = document.createElement("img");
    image.src = picture!;
    document.body.append(audio, image);
  }, [String(withMel.id), songSpectrogramUrl(withMel.id, "e2e")]);
  await page.waitForTimeout(500);
  expect(await violations()).toEqual([]);

  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
  });
  await expect.poll(violations).toContainEqual(expect.stringMatching(/^script-src/));
  expect(await page.evaluate(() => window.__injected)).toBeUndefined();
});
