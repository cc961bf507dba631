import * as fs from "node:fs";
import * as path from "node:path";
import { test, expect, screenshot } from "../../fixtures";
import { LandingPage } from "../../pages/landing";

// Publishes a "new version" by changing the precache list the service worker imports, as a new
// deployment would. Needs the site directory the server under test serves (a private copy made
// by `cargo xtask test`).
const siteDir = process.env.YORISOI_SITE_DIR;

test("a new version waits for the user, who updates with one tap", async ({ page }) => {
  test.skip(!siteDir, "YORISOI_SITE_DIR is not set (run through `cargo xtask test`)");
  const landing = new LandingPage(page);
  await landing.goto();
  await landing.shell.waitForServiceWorker();
  await expect(landing.shell.updateBanner).toBeHidden();

  const precache = path.join(siteDir!, "sw-precache.js");
  const original = fs.readFileSync(precache, "utf8");
  for (const suffix of ["", ".gz", ".br"]) fs.rmSync(precache + suffix, { force: true });
  fs.writeFileSync(precache, original.replace(/"version":"([0-9a-f]+)"/, '"version":"$1-next"'));
  try {
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    await expect(landing.shell.updateBanner).toBeVisible();
    await expect(landing.shell.updateBanner).toContainText("新しいバージョンがあります");
    await screenshot(page, "update-available-ja");

    const reloaded = page.waitForEvent("load");
    await landing.shell.updateBanner.getByRole("button").click();
    await reloaded;
    await expect(landing.title).toHaveText("寄り添い");
    await expect(landing.shell.updateBanner).toBeHidden();
    const names = await page.evaluate(() => caches.keys());
    expect(names.some((n) => n.endsWith("-next"))).toBe(true);
    expect(names).toHaveLength(1); // the old version's cache was deleted on activate
  } finally {
    fs.writeFileSync(precache, original);
  }
});
