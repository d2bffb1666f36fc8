import { headers } from "next/headers";

/**
 * The site's own origin, for absolute Open Graph URLs: $MUGLE_SITE_URL when deployed behind a known name,
 * otherwise the Host of the request (so a shared link previews with the address it was shared from).
 */
export async function siteOrigin(): Promise<URL> {
  if (process.env.MUGLE_SITE_URL) return new URL(process.env.MUGLE_SITE_URL);
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  try {
    return new URL(`${proto}://${host}`);
  } catch {
    return new URL("http://localhost:3000");
  }
}
