// The security headers server.mjs puts on every response, and the Content-Security-Policy of HTML pages.
//
// Scripts: Next.js's App Router writes inline <script> elements into every page (the React Server Components
// payload, self.__next_f.push(...), and React's streaming helpers). Three ways to allow them:
// - nonces: a fresh random value per response, in the header and on every script. Song pages are rendered once
//   and served from a cache to every visitor, so one nonce would be replayed to all of them (worthless), or every
//   page would have to be rendered per request (the latency target rules that out);
// - 'unsafe-inline': allows any inline script, including one an attacker manages to inject;
// - hashes (chosen): server.mjs reads each HTML page before sending it, hashes its inline scripts (SHA-256) and
//   lists exactly those in script-src. A hash is a property of the page's content, so a cached page carries a
//   policy that stays right for every visitor; an injected script, whose hash is not listed, does not run.
// Script files come from 'self' only (Next's /_next/static chunks). Styles allow 'unsafe-inline': React writes
// style attributes (the map's legend colours, its tooltip position), which hashes cannot cover, and CSS cannot run
// code. Pictures, audio and data come from 'self' (the song page's spectrogram PNGs and audio route, /api/*);
// data: and blob: images for canvases. Nothing may frame the site.
import { createHash } from "node:crypto";

/** On every response, whatever its type. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

const POLICY_WITHOUT_SCRIPTS = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The policy of a page whose inline scripts hash to `scriptHashes` (base64 SHA-256); no hashes: no inline script. */
export function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  const scripts = ["'self'", ...[...new Set(scriptHashes)].map((hash) => `'sha256-${hash}'`)].join(" ");
  return [POLICY_WITHOUT_SCRIPTS[0], `script-src ${scripts}`, ...POLICY_WITHOUT_SCRIPTS.slice(1)].join("; ");
}

// An HTML script element: its attributes and text. A script's text cannot contain "</script" (the HTML parser
// would end it there), which is what makes this match exact for the pages Next writes.
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const SOURCE = /\ssrc\s*=/i;

/** The base64 SHA-256 of every inline script of `html`, as the browser computes it over the script's text. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes, text] of html.matchAll(SCRIPT)) {
    if (SOURCE.test(attributes!)) continue;
    hashes.push(createHash("sha256").update(text!, "utf8").digest("base64"));
  }
  return [...new Set(hashes)];
}
