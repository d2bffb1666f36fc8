import type { NextConfig } from "next";
import { expireSeconds } from "./lib/revalidateWindow.ts";

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Next hashes every HTML response in JavaScript for its ETag: a sixth of the CPU of serving a cached song page
  // (measured). Pages carry s-maxage instead; the API sets its own build-id ETags (app/_lib/http.ts).
  generateEtags: false,
  // The site only reads the catalogue; ml/ (TensorFlow.js, training) never enters the bundle.
  typescript: { ignoreBuildErrors: false },
  // Song pages are cached after their first render (app/_lib/freshness.ts). Read when the server (server.mjs) starts: a cached page
  // older than this is never served, so a rebuilt catalogue shows within 2 × MUGLE_REVALIDATE_SECONDS.
  expireTime: expireSeconds(),
  // Rendered pages live in memory only: a restart starts from the current catalogue rather than from pages
  // written to disk against an older one, and requests for many ids cannot fill the disk. Bounded so that a crawl of
  // every song (and of ids that do not exist, whose 404s are cached too) cannot grow the server without limit: with
  // server.mjs's own page cache (MUGLE_PAGE_CACHE_MB, 32 MB) in front, hot pages never reach this one.
  cacheMaxMemorySize: 32 * 1024 * 1024,
  experimental: { isrFlushToDisk: false },
  // /songs/{id}?discovery=0.7 (the familiar ↔ hidden-gems knob, a plain GET form) is served by its own cached
  // route, so that the song page never reads the query string (which would make every song page dynamic).
  async rewrites() {
    return {
      beforeFiles: [
        { source: "/songs/:id", has: [{ type: "query", key: "discovery", value: "(?<level>.+)" }], destination: "/songs/:id/discovery/:level" },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
