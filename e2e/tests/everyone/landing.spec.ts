import { test, expect, screenshot, expectAccessible } from "../../fixtures";
import { LandingPage } from "../../pages/landing";

test.describe("landing page", () => {
  test("renders in Japanese by default and sends each role to its section", async ({ page }) => {
    const landing = new LandingPage(page);
    await landing.goto();
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await expect(landing.title).toHaveText("寄り添い");
    await expect(landing.volunteer).toContainText("支援員");
    await expect(landing.coordinator).toContainText("コーディネーター");
    await expect(landing.caseworker).toContainText("ケースワーカー");
    await expect(landing.shell.connectivity).toHaveText("オンライン");
    await expectAccessible(page);
    await screenshot(page, "landing-ja");

    // Role cards are large tap targets (≥ 44 px) — the whole card is the link.
    const box = await landing.volunteer.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);

    await landing.volunteer.click();
    await expect(page).toHaveURL(/\/v$/);
    await expect(page.getByTestId("volunteer-home")).toHaveText("支援員");
    await expect(page.getByTestId("not-enrolled")).toBeVisible();
    await expect(page.getByTestId("emergency-189")).toHaveAttribute("href", "tel:189");
    await expectAccessible(page);
    await screenshot(page, "volunteer-start-ja");

    // The brand always leads back to the start.
    await landing.shell.brand.click();
    await landing.coordinator.click();
    await expect(page.getByTestId("coordinator-home")).toHaveText("コーディネーター");
    await expectAccessible(page);
    await screenshot(page, "coordinator-home-ja");

    await page.getByTestId("back-to-start").click();
    await landing.caseworker.click();
    await expect(page.getByTestId("caseworker-home")).toHaveText("ケースワーカー");
    await expectAccessible(page);
    await screenshot(page, "caseworker-home-ja");
  });

  test("switches to English and keeps the choice across a reload", async ({ page }) => {
    const landing = new LandingPage(page);
    await landing.goto();
    await landing.shell.langToggle.click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(landing.title).toHaveText("Yorisoi");
    await expect(landing.volunteer).toContainText("Volunteer");
    await expectAccessible(page);
    await screenshot(page, "landing-en");

    await page.reload();
    await expect(landing.title).toHaveText("Yorisoi");
    await landing.shell.langToggle.click();
    await expect(landing.title).toHaveText("寄り添い");
  });

  test("an unknown client route answers 200 with a helpful page", async ({ page }) => {
    const response = await page.goto("/v/no-such-screen");
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("not-found")).toHaveText("ページが見つかりません");
    await expectAccessible(page);
    await screenshot(page, "not-found-ja");
    await page.getByTestId("back-to-start").click();
    await expect(new LandingPage(page).title).toHaveText("寄り添い");
  });
});
