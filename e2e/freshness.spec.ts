// Song pages are served from server.mjs's page cache (in front of Next's); a rebuild that renames a new catalogue over the served file must
// still show within twice MUGLE_REVALIDATE_SECONDS (app/_lib/freshness.ts). This spec runs its own server on a
// copy of the catalogue with a two-second window, so it can replace the file without disturbing other specs.
import { expect, test } from "@playwright/test";
import { copyFileSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { retitleSong } from "../lib/catalogue/fixture.ts";
import { DATABASE, songsByAudio } from "./fixtures.ts";
import { startServer } from "./server.ts";

const WINDOW_SECONDS = 2;

/** A rebuild as the pipeline does it: a new file, complete, renamed over the served one. */
function rebuildWithTitle(served: string, songId: number, title: string): void {
  const next = `${served}.next`;
  copyFileSync(DATABASE, next);
  retitleSong(next, songId, title);
  renameSync(next, served);
}

test("a rebuilt catalogue replaces cached song pages within twice the revalidation window", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), "mugle-freshness-"));
  const served = join(dir, "catalogue.sqlite");
  copyFileSync(DATABASE, served);
  const { base, stop } = await startServer(served, { MUGLE_REVALIDATE_SECONDS: String(WINDOW_SECONDS) });
  try {
    const { withMel } = songsByAudio();
    const url = `${base}/songs/${withMel.id}`;
    const heading = page.getByRole("heading", { level: 1 });
    await page.goto(url);
    await expect(heading).toHaveText(withMel.name);
    // Served from server.mjs's cache on a repeat: otherwise this spec would pass with no caching at all. Polled:
    // on a slow machine the first copy may outlive the two-second window before it is asked for again.
    await expect
      .poll(async () => (await page.request.get(url)).headers()["x-mugle-cache"], { timeout: 10_000, intervals: [100] })
      .toBe("hit");

    const title = `Rebuilt: ${withMel.name}`;
    rebuildWithTitle(served, withMel.id, title);
    // Past the bound, the very next request must show the new build (a page that old is never served).
    await page.waitForTimeout(2 * WINDOW_SECONDS * 1000 + 250);
    await page.goto(url);
    await expect(heading).toHaveText(title);
    expect((await page.request.get(`${base}/api/songs/${withMel.id}`).then((r) => r.json())).song.name).toBe(title);
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
