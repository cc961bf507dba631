import { test, expect, screenshot, expectAccessible } from "../../fixtures";
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_PROGRAMME_MEAL_NAME, signInAtLogin } from "../../demo";
import { AdminPage } from "../../pages/admin";
import { RoleGate } from "../../pages/staff";

// The admin's sub-screens are addresses too: opened directly, kept through the sign-in and a
// reload (which asks only for the password), and `/admin` itself shows the first one.
test("an admin sub-screen opened directly survives the sign-in and a reload", async ({ page }) => {
  test.setTimeout(180_000);
  const admin = new AdminPage(page);
  const gate = new RoleGate(page);

  await page.goto("/admin/programmes");
  await expect(admin.home).toBeVisible();
  await gate.goLogin.click();
  await signInAtLogin(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/admin\/programmes$/);
  await admin.tabs.expectCurrent("programmes");
  await expect(admin.programmeItems.filter({ hasText: DEMO_PROGRAMME_MEAL_NAME })).toHaveCount(1);

  await page.reload();
  await gate.expectPasswordOnly();
  await expect(gate.resumeWho).toContainText(DEMO_ADMIN.name);
  await expectAccessible(page);
  await screenshot(page, "admin-resume-password");
  await gate.continueWith(DEMO_PASSWORD);
  await expect(admin.programmeItems.filter({ hasText: DEMO_PROGRAMME_MEAL_NAME })).toHaveCount(1, {
    timeout: 20_000,
  });
  await expect(page).toHaveURL(/\/admin\/programmes$/);
  await admin.tabs.expectCurrent("programmes");
  await expectAccessible(page);
  await screenshot(page, "admin-programmes-reloaded");

  // `/admin` shows the first sub-screen; moving between tabs and back needs no password.
  await page.goto("/admin");
  await gate.continueWith(DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/admin\/organisations$/, { timeout: 20_000 });
  await admin.tabs.expectCurrent("organisations");
  await expect(admin.orgItems.first()).toBeVisible();
  await admin.open("pledges");
  await expect(page.getByTestId("pledge-editor")).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/admin\/organisations$/);
  await admin.tabs.expectCurrent("organisations");
  await expect(gate.resumeForm).toHaveCount(0);

  // An address that is no screen at all is not found.
  await page.goto("/admin/no-such-screen");
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expectAccessible(page);
});
