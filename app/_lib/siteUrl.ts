/**
 * The site's own origin, for absolute Open Graph URLs: $MUGLE_SITE_URL, which a deployment under a public name
 * must set. Song pages are rendered once and then served to everyone from the page cache, so a request's Host
 * cannot stand in for it; without the variable, the local address the server (server.mjs) listens on.
 */
export function siteOrigin(): URL {
  const configured = process.env.MUGLE_SITE_URL;
  if (configured) {
    try {
      return new URL(configured);
    } catch {
      // A malformed value falls back like a missing one rather than failing every page.
    }
  }
  return new URL(`http://localhost:${process.env.PORT || 3000}`);
}
