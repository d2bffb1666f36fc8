// `npm run bench -- site [--db FILE] [--seconds 10] [--connections 32]`
// Starts the production server (server.mjs, so `next build` must have run) on a free loopback port against a
// catalogue, times the first (uncached) request of every song page, search page and /api/search address one at a
// time, then loads it from this process with autocannon: song pages (rotating over many ids), the search page,
// /api/search and /api/songs/{id}, `seconds` each at `connections` concurrent connections, as a live site that has
// served them before answers them (from server.mjs's response cache), asking for gzip as browsers do. Prints
// requests/s and p50/p99 latency per route; the server is stopped at the end whatever happens.
// Then the many-URL phase: `--many-urls` (default 12,000) distinct addresses, as a crawler or an attacker would
// send them (every song page, ids that do not exist, respelt ids, search queries, API documents), and the server's
// resident memory before and after it (and its peak), which the response caches' byte budgets must keep bounded.
// Targets at 32 connections: song pages p50 < 10 ms and p99 < 50 ms, the search page p50 < 50 ms, /api/search
// p50 < 20 ms. Server and load share the machine's cores.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { catalogueFile } from "../lib/catalogue/location.ts";
import { parseArgs } from "node:util";
import { openCatalogue } from "../lib/catalogue/reader.ts";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  /** Stop after this many requests instead of after `duration`. */
  amount?: number;
  requests: { setupRequest: (request: { path: string }) => { path: string } }[];
  headers?: Record<string, string>;
}

/**
 * What every browser sends: the load asks for compressed answers as a visitor's browser does (autocannon sends
 * no Accept-Encoding of its own, which would time decompressing each cached page instead of serving it).
 */
const BROWSER_HEADERS = { "accept-encoding": "gzip, deflate, br" };
// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>;

const SERVER = "server.mjs";

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitUntilUp(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`${SERVER} exited with status ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs / 1000} s`);
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => server.kill("SIGKILL"), 5000);
    server.once("exit", () => {
      clearTimeout(force);
      resolveStop();
    });
    server.kill("SIGTERM");
  });
}

/** What to request: song ids spread over the catalogue and search words cut from popular titles. */
function workload(db: string): { ids: number[]; queries: string[] } {
  const catalogue = openCatalogue(db);
  try {
    const all = [...catalogue.songIds()];
    const step = Math.max(1, Math.floor(all.length / 500));
    const ids = all.filter((_, i) => i % step === 0);
    const queries = [...new Set(catalogue.popularSongs(200).flatMap((s) => {
      const letters = [...s.name.replace(/\s+/gu, "")];
      return letters.length >= 3 ? [letters.slice(0, 2).join(""), letters.slice(0, 3).join("")] : [];
    }))];
    if (ids.length === 0 || queries.length === 0) throw new Error(`${db} has too few songs to benchmark`);
    return { ids, queries };
  } finally {
    catalogue.close();
  }
}

function openCatalogueIds(db: string): number[] {
  const catalogue = openCatalogue(db);
  try {
    return [...catalogue.songIds()];
  } finally {
    catalogue.close();
  }
}

function rotating(paths: string[]): AutocannonOptions["requests"] {
  let next = 0;
  return [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }];
}

/** The `q`-quantile (0..1) of `values` by the nearest-rank method. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/**
 * Song pages, search pages and API answers are served from the response cache after their first render: this
 * times each address's first, uncached request, one at a time (no other load), so the cost of a cache miss shows
 * next to the cached figures.
 */
async function firstHits(base: string, paths: string[]): Promise<Record<string, number>> {
  const times: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await fetch(base + path);
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return { p50_ms: round(quantile(times, 0.5)), p99_ms: round(quantile(times, 0.99)), requests: times.length };
}

/** Resident and peak memory of a process in MB (Linux /proc), or null elsewhere. */
function memoryMb(pid: number | undefined): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
  } catch {
    return null;
  }
}

/**
 * `count` distinct addresses: every song page, then (cycling) ids that do not exist, ids respelt with leading
 * zeros, search queries and API documents, each at most once.
 */
function manyUrls(ids: number[], count: number): string[] {
  const urls = new Set(ids.map((id) => `/songs/${id}`));
  // Not Math.max(...ids): a Melon-size catalogue's 282k ids overflow the call stack as arguments.
  const maxId = ids.reduce((max, id) => Math.max(max, id), 0);
  for (let i = 0; urls.size < count; i++) {
    const id = ids[i % ids.length]!;
    urls.add([`/songs/${maxId + 1 + i}`, `/songs/${"0".repeat(1 + (i % 5))}${id}`, `/search?q=${encodeURIComponent(`q${i}`)}`, `/api/songs/${id}?v=${i}`][i % 4]!);
  }
  return [...urls].slice(0, count);
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: "string", default: catalogueFile() },
      seconds: { type: "string", default: "10" },
      connections: { type: "string", default: "32" },
      "many-urls": { type: "string", default: "12000" },
    },
  });
  const db = resolve(values.db);
  const seconds = Math.max(1, Math.min(120, Number(values.seconds) || 10));
  const connections = Math.max(1, Math.min(256, Number(values.connections) || 32));
  if (!existsSync(".next/BUILD_ID")) throw new Error("no production build in .next/: run `npx next build` (npm run build:site) first");
  const { ids, queries } = workload(db);
  const manyUrlCount = Math.max(0, Math.min(1_000_000, Number(values["many-urls"]) || 0));
  const allIds = openCatalogueIds(db);
  const routes: Record<string, string[]> = {
    song_page: ids.map((id) => `/songs/${id}`),
    search_page: queries.map((q) => `/search?q=${encodeURIComponent(q)}`),
    api_search: queries.map((q) => `/api/search?q=${encodeURIComponent(q)}&limit=10`),
    api_song: ids.map((id) => `/api/songs/${id}`),
  };

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  process.stderr.write(`site: ${SERVER} on ${base} with ${db}\n`);
  const server = spawn(process.execPath, ["--import", "tsx", SERVER], {
    env: { ...process.env, MUGLE_DB: db, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const figures: Record<string, unknown> = {};
  try {
    await waitUntilUp(`${base}/api/songs/${ids[0]}`, server, 60_000);
    // Every song page and search address once, so the timed runs below measure answers served from the cache, as
    // a live site does. The search page goes first: its first hits pay for the search itself; /api/search's then
    // find the same queries' answers kept by the catalogue connection, and pay for the route and the JSON.
    for (const route of ["song_page", "search_page", "api_search"]) {
      figures[`${route}_first_hit`] = await firstHits(base, routes[route]!);
      process.stderr.write(`  first hits of ${route}: ${JSON.stringify(figures[`${route}_first_hit`])}\n`);
    }
    // Warm up: first requests compile nothing in production, but they fill the page cache and JIT.
    for (const paths of Object.values(routes)) for (const path of paths.slice(0, 20)) await (await fetch(base + path)).arrayBuffer();
    for (const [name, paths] of Object.entries(routes)) {
      process.stderr.write(`site: ${name} for ${seconds} s at ${connections} connections (${paths.length} distinct URLs)\n`);
      const result = await autocannon({ url: base, connections, duration: seconds, requests: rotating(paths), headers: BROWSER_HEADERS });
      figures[name] = {
        requests_per_s: round(result.requests.average),
        p50_ms: result.latency.p50,
        p99_ms: result.latency.p99,
        mean_ms: round(result.latency.average, 2),
        requests: result.requests.total,
        non_2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      };
      process.stderr.write(`  ${JSON.stringify(figures[name])}\n`);
    }
    if (manyUrlCount > 0) {
      const urls = manyUrls(allIds, manyUrlCount);
      const before = memoryMb(server.pid);
      process.stderr.write(`site: many-URL phase, ${urls.length} distinct URLs at ${connections} connections (server RSS ${before?.rss} MB)\n`);
      const result = await autocannon({ url: base, connections, amount: urls.length, requests: rotating(urls), headers: BROWSER_HEADERS });
      // Let in-flight renders and the garbage collector settle before reading the memory.
      await new Promise((r) => setTimeout(r, 2000));
      const after = memoryMb(server.pid);
      figures.many_urls = {
        distinct_urls: urls.length,
        requests: result.requests.total,
        non_2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        server_rss_mb_before: before?.rss ?? null,
        server_rss_mb_after: after?.rss ?? null,
        server_rss_mb_peak: after?.peak ?? null,
      };
      process.stderr.write(`  ${JSON.stringify(figures.many_urls)}\n`);
    }
  } finally {
    await stop(server);
  }
  const timed = (route: string) => figures[route] as { p50_ms: number; p99_ms: number } | undefined;
  const songPage = timed("song_page");
  const searchPage = timed("search_page");
  const apiSearch = timed("api_search");
  return {
    db,
    songs_requested: ids.length,
    seconds,
    connections,
    cores: cpus().length,
    note: "server and load generator share the machine with other work",
    ...figures,
    targets_met: {
      song_page: songPage ? songPage.p50_ms < 10 && songPage.p99_ms < 50 : false,
      search_page: searchPage ? searchPage.p50_ms < 50 : false,
      api_search: apiSearch ? apiSearch.p50_ms < 20 : false,
    },
    reference: null,
  };
}
