import { test, expect, screenshot, expectAccessible, expectRefusal } from "../../fixtures";
import { DEMO_COORDINATOR, DEMO_PASSWORD, inviteVolunteer, signInAtLogin } from "../../demo";
import { CoordinatorPage } from "../../pages/coordinator";
import { RoleGate, StaffBar, StaffPledge } from "../../pages/staff";

// The coordinator's sub-screens are addresses: a deep link survives the sign-in, a reload keeps
// the screen and asks only for the password (the keys live in memory; the session cookie does
// not carry them), the back button works, and an id that is malformed or not this partner's
// shows the not-found screen.

const WRONG_PASSWORD = "ログイン名、パスワード、または確認コードが正しくありません。";

test("a deep link survives the sign-in, and a reload asks only for the password", async ({ page }) => {
  // Signing in may wait for a fresh TOTP step; every reload runs Argon2id once.
  test.setTimeout(240_000);
  const coordinator = new CoordinatorPage(page);
  const gate = new RoleGate(page);

  // Signed out, the screen's address shows the role's gate; no request is made to find out.
  await page.goto("/c/volunteers");
  await expect(coordinator.home).toBeVisible();
  await expect(gate.resumeForm).toHaveCount(0);
  await gate.goLogin.click();
  await expect(page).toHaveURL(/\/login$/);
  await signInAtLogin(page, DEMO_COORDINATOR);
  await expect(page).toHaveURL(/\/c\/volunteers$/);
  // The journeys share the demo relay: the coordinator's pledge may still be owed.
  const pledge = new StaffPledge(page);
  await expect(coordinator.heading.or(pledge.form)).toBeVisible();
  if (await pledge.form.isVisible()) await pledge.sign(DEMO_COORDINATOR.name);
  await expect(coordinator.volunteersScreen).toBeVisible();
  await coordinator.tabs.expectCurrent("volunteers");

  // Reload: the same screen, after the password alone.
  await page.reload();
  await gate.expectPasswordOnly();
  await expect(gate.resumeWho).toContainText(DEMO_COORDINATOR.name);
  await expect(page).toHaveURL(/\/c\/volunteers$/);
  await expectAccessible(page);
  await screenshot(page, "coordinator-resume-password");
  // A wrong password is refused in the browser, calmly, like a wrong one at sign-in.
  await gate.continueWith("not the password at all");
  await expect(gate.error).toHaveText(WRONG_PASSWORD, { timeout: 20_000 });
  await expect(gate.password).toHaveValue("");
  await gate.continueWith(DEMO_PASSWORD);
  await expect(coordinator.volunteersScreen).toBeVisible({ timeout: 20_000 });
  await coordinator.tabs.expectCurrent("volunteers");
  await expect(coordinator.bar.name).toHaveText(DEMO_COORDINATOR.name);
  await expectAccessible(page);
  await screenshot(page, "coordinator-volunteers");

  // A volunteer's screen is an address too, with the id and nothing else.
  const name = `深井 ${Date.now().toString(36)}（架空）`;
  const invite = await inviteVolunteer(page, name);
  await coordinator.open("volunteers");
  const detail = await coordinator.openVolunteer(name);
  await expect(page).toHaveURL(new RegExp(`/c/volunteers/${invite.volunteer_id}$`));
  await expect(detail.root).toContainText("まだ端末が登録されていません");
  await expectAccessible(page);
  await screenshot(page, "coordinator-volunteer");
  await page.reload();
  await gate.expectPasswordOnly();
  await gate.continueWith(DEMO_PASSWORD);
  await expect(detail.name).toHaveText(name, { timeout: 20_000 });
  await coordinator.tabs.expectCurrent("volunteers");

  // Tabs and the back button move between addresses without asking again.
  await coordinator.open("incidents");
  await page.goBack();
  await expect(detail.name).toHaveText(name);
  await detail.back.click();
  await expect(page).toHaveURL(/\/c\/volunteers$/);
  await expect(coordinator.volunteer(name)).toBeVisible();
  await coordinator.open("account");
  await expect(page.getByTestId("coordinator-account")).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/c\/volunteers$/);

  // A malformed id, and a well-formed one that is not this partner's: not found, no crash.
  for (const id of ["not-a-volunteer", "00000000-0000-4000-8000-00000000dead"]) {
    await page.goto(`/c/volunteers/${id}`);
    await gate.continueWith(DEMO_PASSWORD);
    await expect(page.getByTestId("not-found")).toBeVisible({ timeout: 20_000 });
    await expect(coordinator.heading).toBeVisible();
  }
  await expectAccessible(page);
  await screenshot(page, "coordinator-volunteer-not-found");

  // The section's own address shows its first screen, without a history entry to bounce on.
  await page.goto("/c");
  await gate.continueWith(DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/c\/volunteers$/, { timeout: 20_000 });
  await expect(coordinator.volunteersScreen).toBeVisible();

  // Signing out ends the session: a reload now needs the full sign-in again.
  await coordinator.bar.signOutNow();
  await page.goto("/c/volunteers");
  await expect(gate.goLogin).toBeVisible();
  await expect(gate.resumeForm).toHaveCount(0);
});

test("a shared computer's next user can end the previous session instead of continuing it", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const gate = new RoleGate(page);
  await page.goto("/login");
  await signInAtLogin(page, DEMO_COORDINATOR);
  await expect(new StaffBar(page).root).toBeVisible();
  await page.reload();
  await gate.expectPasswordOnly();
  await gate.someoneElse.click();
  await expect(gate.goLogin).toBeVisible();
  await page.reload();
  await expect(gate.goLogin).toBeVisible();
  await expect(gate.resumeForm).toHaveCount(0);
  expectRefusal(page, 401);
  const status = await page.evaluate(async () => (await fetch("/api/session")).status);
  expect(status).toBe(401);
});
