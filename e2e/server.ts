// Specs that need a server of their own (a catalogue they may replace, a short revalidation window) start one
// here: the production server (server.mjs) on a free loopback port. Also a raw HTTP client, for requests a browser
// or fetch would refuse or rewrite (TRACE, "%" alone in a path, a chosen Accept-Encoding, no decompression).
import { expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
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

export interface TestServer {
  base: string;
  port: number;
  process: ChildProcess;
  /** The same process (the name some specs use). */
  server: ChildProcess;
  stop(): void;
}

export async function startServer(db: string, env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.mjs"], {
    env: { ...process.env, MUGLE_DB: db, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${base}/icon.svg`).catch(() => null))?.status, { timeout: 30_000, intervals: [250] })
    .toBe(200);
  return { base, port, process: child, server: child, stop: () => void child.kill("SIGTERM") };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request exactly as given: method, path (not normalised) and headers; the body as sent (not decompressed). */
export function raw(base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
