import { defineConfig } from "@playwright/test";

// The relay under test: `cargo xtask test` starts the release server on a free loopback port with
// a fresh database and passes its URL here.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:8080";

// Debian's Chromium, never a downloaded browser. The host-resolver rule keeps every lookup on
// this machine, so a request that tried to leave 127.0.0.1 fails instead of leaking.
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "artifacts/results.json" }]],
  use: {
    baseURL,
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    locale: "ja-JP",
    serviceWorkers: "allow",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [
    { name: "journeys", testIgnore: /update\.spec\.ts/ },
    // Publishes a new version of the site; runs after everything else so no other journey sees it.
    { name: "update", testMatch: /update\.spec\.ts/, dependencies: ["journeys"] },
  ],
});
