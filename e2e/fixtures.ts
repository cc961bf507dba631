import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Every journey gets a page that is watched for two things that must never happen: a console
 * error (or uncaught exception), and a request to anywhere but 127.0.0.1. Both fail the test.
 */
export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error" && !isExpectedRefusal(page, msg.text())) {
          problems.push(`console error: ${msg.text()}`);
        }
      });
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      page.context().on("request", (req) => {
        const url = new URL(req.url());
        if (url.protocol.startsWith("http") && url.hostname !== "127.0.0.1") {
          problems.push(`request left 127.0.0.1: ${url.origin}`);
        }
      });
      await use();
      expect(problems, "console errors or outside requests").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

const refusals = new WeakMap<Page, number[]>();

/**
 * Declares that the relay will refuse one request of this page with `status` (a wrong code at
 * login, say): Chromium logs every 4xx fetch as a console error, which the guard would otherwise
 * count as a problem. Each call allows exactly one such message.
 */
export function expectRefusal(page: Page, status: number): void {
  const list = refusals.get(page) ?? [];
  list.push(status);
  refusals.set(page, list);
}

/** Takes back one allowance that turned out not to be needed (a retry that succeeded at once). */
export function withdrawRefusal(page: Page, status: number): void {
  const list = refusals.get(page);
  const i = list?.indexOf(status) ?? -1;
  if (list && i >= 0) list.splice(i, 1);
}

/** True (and the allowance used up) if `text` is the console line of a declared refusal. */
export function isExpectedRefusal(page: Page, text: string): boolean {
  const m = text.match(/^Failed to load resource: the server responded with a status of (\d+)/);
  const list = refusals.get(page);
  if (!m || !list) return false;
  const i = list.indexOf(Number(m[1]));
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

export const artifacts = path.join(__dirname, "artifacts");

/** A 390×844 screenshot for a person to look at, in e2e/artifacts/screens/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(artifacts, "screens");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** DESIGN §9: 0 serious or critical accessibility violations on every screen. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  expect(bad, "serious or critical accessibility violations").toEqual([]);
}

/**
 * A value that must never reach the relay in the clear (a password, a PIN, later a family's
 * details). Registered in the file `cargo xtask test` scans afterwards: the relay's database,
 * WAL and logs must not contain it (DESIGN §6, "curious relay operator").
 */
export function canary(value: string): string {
  const file = process.env.YORISOI_CANARIES;
  if (file) fs.appendFileSync(file, `${value}\n`);
  return value;
}

/** Registers a relay data directory (database and log) for the canary scan. */
export function registerRelayDir(dir: string): void {
  const file = process.env.YORISOI_CANARIES;
  if (file) fs.appendFileSync(path.join(path.dirname(file), "relay-dirs.txt"), `${dir}\n`);
}
