// How long a rendered page may be served from Next's page cache (ISR) before the catalogue is read again.
// A rebuild renames a new database over the old one; siteCatalogue() re-opens it on the next read, so a page is
// as fresh as its last render. Pages are re-rendered in the background on the first request more than
// MUGLE_REVALIDATE_SECONDS (default 60) after their last render, and never served older than twice that
// (next.config.ts sets `expireTime` from the same variable): a rebuild shows everywhere within 2 × the window.
// This is ISR without Cache Components: with `cacheComponents`, every page that reads the catalogue without a
// request-time API would be prerendered by `next build`, against whatever catalogue (if any) the build sees.
import { unstable_cache } from "next/cache";
import { revalidateSeconds } from "@/lib/revalidateWindow.ts";

/** A "catalogue unavailable" page is re-checked this often, so a first build appears almost at once. */
const UNAVAILABLE_SECONDS = 2;

/**
 * Shortens how long the page being rendered stays in the page cache to `seconds`. Without Cache Components,
 * the run-time way to lower a page's lifetime is a cached read with a shorter `revalidate`: Next keeps the
 * smallest one met during the render. The read itself caches nothing of the catalogue.
 */
async function keepRenderedPageFor(seconds: number): Promise<void> {
  await unstable_cache(async () => seconds, ["mugle-page-lifetime", String(seconds)], { revalidate: seconds })();
}

/** Call while rendering a cached page: keeps it for the window, or briefly when the catalogue is unusable. */
export function limitPageLifetime(catalogueAvailable: boolean): Promise<void> {
  return keepRenderedPageFor(catalogueAvailable ? revalidateSeconds() : Math.min(UNAVAILABLE_SECONDS, revalidateSeconds()));
}
