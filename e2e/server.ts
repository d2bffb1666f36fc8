// A production server (server.mjs) of its own for a spec that needs another catalogue or other settings than
// the shared one playwright.config.ts starts: on a free port, ready when it serves a static file.
import { expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startServer(db: string, env: Record<string, string> = {}): Promise<{ base: string; server: ChildProcess }> {
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "server.mjs"], {
    env: { ...process.env, ...env, MUGLE_DB: db, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${base}/icon.svg`).catch(() => null))?.status, { timeout: 30_000, intervals: [250] })
    .toBe(200);
  return { base, server };
}
