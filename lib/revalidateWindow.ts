// How long the site may serve what it read from the catalogue: MUGLE_REVALIDATE_SECONDS, read by next.config.ts
// at server start (the page cache's expireTime), by cached pages as they render (their revalidate) and by the
// API (its Cache-Control). No Next.js imports: next.config.ts loads this file too.

type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_SECONDS = 60;
/** The song page's literal `revalidate` (route segment config must be a literal), so also the window's ceiling. */
export const MAX_REVALIDATE_SECONDS = 3600;

/** MUGLE_REVALIDATE_SECONDS as a whole number of seconds in 1..3600, else the default of 60. */
export function revalidateSeconds(env: Environment = process.env): number {
  const seconds = Number(env.MUGLE_REVALIDATE_SECONDS);
  if (!Number.isInteger(seconds) || seconds < 1) return DEFAULT_SECONDS;
  return Math.min(seconds, MAX_REVALIDATE_SECONDS);
}

/** No cached page is ever served older than this: past it, the next request waits for a fresh render. */
export function expireSeconds(env: Environment = process.env): number {
  return 2 * revalidateSeconds(env);
}

/** The API's Cache-Control: fresh for the window, then stale-while-revalidate until the same bound as pages. */
export function apiCacheControl(env: Environment = process.env): string {
  const seconds = revalidateSeconds(env);
  return `public, max-age=${seconds}, stale-while-revalidate=${expireSeconds(env) - seconds}`;
}
