// Playwright drives the production build through the production server (server.mjs) on the catalogue named by MUGLE_DB
// (scripts/e2e.mjs builds one from the tiny sample, runs `next build` first and points MUGLE_DB at it).
// Debian's /usr/bin/chromium when present (CI machines install it with apt), else Playwright's own browser.
import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import { catalogueFile } from "./lib/catalogue/location.ts";

const PORT = 3100;
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const database = catalogueFile();

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: existsSync(SYSTEM_CHROMIUM)
      ? {
          executablePath: SYSTEM_CHROMIUM,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        }
      : {},
  },
  webServer: {
    command: "node --import tsx server.mjs",
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { MUGLE_DB: database, PORT: String(PORT), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
    stdout: "ignore",
    stderr: "pipe",
  },
});
