import type { Locator, Page } from "@playwright/test";

/** What every screen has: brand, connectivity chip, language switch, banners. */
export class Shell {
  readonly brand: Locator;
  readonly connectivity: Locator;
  readonly langToggle: Locator;
  readonly offlineBanner: Locator;
  readonly updateBanner: Locator;

  constructor(readonly page: Page) {
    this.brand = page.getByTestId("brand");
    this.connectivity = page.getByTestId("connectivity");
    this.langToggle = page.getByTestId("lang-toggle");
    this.offlineBanner = page.getByTestId("offline-banner");
    this.updateBanner = page.getByTestId("update-banner");
  }

  /** Resolves once the service worker controls the page (installed, activated, claimed). */
  async waitForServiceWorker(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) =>
          navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }),
        );
      }
    });
  }
}
