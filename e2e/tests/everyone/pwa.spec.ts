import { test, expect, screenshot } from "../../fixtures";
import { LandingPage } from "../../pages/landing";

test.describe("installable offline PWA", () => {
  test("the manifest is installable: Japanese name, standalone, 192/512 and maskable icons", async ({
    page,
    request,
  }) => {
    const landing = new LandingPage(page);
    await landing.goto();
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(href).toBe("/manifest.webmanifest");
    const response = await request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("manifest");
    const manifest = await response.json();
    expect(manifest.name).toContain("寄り添い");
    expect(manifest.display).toBe("standalone");
    expect(manifest.lang).toBe("ja");
    const sizes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes}/${i.purpose}`);
    expect(sizes).toEqual(expect.arrayContaining(["192x192/any", "512x512/any", "512x512/maskable"]));
    for (const icon of manifest.icons) {
      const r = await request.get(icon.src);
      expect(r.status(), icon.src).toBe(200);
    }
  });

  test("installs its service worker and precaches the shell, never /api", async ({ page }) => {
    const landing = new LandingPage(page);
    await landing.goto();
    await landing.shell.waitForServiceWorker();
    // Any API call the app makes must bypass Cache Storage.
    await page.evaluate(() => fetch("/api/health").then((r) => r.json()));
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const req of await cache.keys()) urls.push(new URL(req.url).pathname);
      }
      return urls;
    });
    expect(cached).toEqual(expect.arrayContaining(["/", "/index.html", "/boot.js", "/styles.css"]));
    expect(cached.some((u) => u.startsWith("/pkg/") && u.endsWith(".wasm"))).toBe(true);
    expect(cached.filter((u) => u.startsWith("/api"))).toEqual([]);
  });

  test("with the network off, a reload still shows the shell", async ({ page, context }) => {
    const landing = new LandingPage(page);
    await landing.goto();
    await landing.shell.waitForServiceWorker();

    await context.setOffline(true);
    await page.reload();
    await expect(landing.title).toHaveText("寄り添い");
    await expect(landing.shell.connectivity).toHaveText("オフライン");
    await expect(landing.shell.offlineBanner).toBeVisible();
    await screenshot(page, "landing-offline-ja");

    // A client route deep link works offline too.
    await page.goto("/v");
    await expect(page.getByTestId("volunteer-home")).toBeVisible();

    await context.setOffline(false);
    await expect(landing.shell.connectivity).toHaveText("オンライン");
  });
});
