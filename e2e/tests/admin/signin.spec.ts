import { test, expect, screenshot, expectAccessible, expectRefusal } from "../../fixtures";
import { LoginPage } from "../../pages/staff";

// The staff entry points before anyone signs in: nothing here needs an account.
test.describe("staff entry points", () => {
  test("each staff section leads to the sign-in screen, in Japanese and English", async ({ page }) => {
    // Every screen's address, opened signed out, shows its role's gate; none asks the relay
    // first (a 401 would be logged as an error, which the guard fails on).
    for (const [path, testid] of [
      ["/admin", "admin-home"],
      ["/admin/pledges", "admin-home"],
      ["/c", "coordinator-home"],
      ["/c/volunteers/00000000-0000-4000-8000-000000000001", "coordinator-home"],
      ["/c/incidents", "coordinator-home"],
      ["/w", "caseworker-home"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByTestId(testid)).toBeVisible();
      await expect(page.getByTestId("go-login")).toHaveText("ログイン");
      await expect(page).toHaveURL(new RegExp(`${path}$`));
    }
    await page.getByTestId("go-login").click();
    const login = new LoginPage(page);
    await expect(page).toHaveURL(/\/login$/);
    await expect(login.title).toHaveText("スタッフのログイン");
    await expect(login.code).toHaveAttribute("inputmode", "numeric");
    await expect(login.code).toHaveAttribute("autocomplete", "one-time-code");

    // The code is checked in the browser before anything is derived or sent.
    await login.signIn("someone", "a password that is long", "12a");
    await expect(page.getByTestId("form-problem")).toContainText("6桁の数字");
    await expectAccessible(page);
    await screenshot(page, "admin-login-code-rule");

    await page.getByTestId("lang-toggle").click();
    await expect(login.title).toHaveText("Staff sign-in");
    await expect(login.submit).toHaveText("Sign in");
    await expectAccessible(page);
    await screenshot(page, "admin-login-en");
  });

  test("an invitation link without its token explains what to do", async ({ page }) => {
    await page.goto("/invite");
    await expect(page.getByTestId("invite-missing")).toContainText("招待リンクが見つかりません");
    await expectAccessible(page);
    await screenshot(page, "admin-invite-missing");
  });

  test("a used or made-up invitation is refused calmly, and the token leaves the address bar", async ({ page }) => {
    // The relay answers 404 for a token it does not know; Chromium logs that fetch as an error.
    expectRefusal(page, 404);
    await page.goto("/invite#not-a-real-token-0123456789abcdefghijklmnop");
    await expect(page).toHaveURL(/\/invite$/);
    await expect(page.getByTestId("error")).toContainText("期限切れ");
    await expectAccessible(page);
    await screenshot(page, "admin-invite-refused");
  });
});
