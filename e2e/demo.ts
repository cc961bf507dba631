import { expect, type Browser, type Page } from "@playwright/test";
import { Secret } from "otpauth";
import { canary, expectRefusal, isExpectedRefusal, withdrawRefusal } from "./fixtures";
import { Authenticator } from "./totp";
import { LoginPage, StaffPledge } from "./pages/staff";
import { CoordinatorPage } from "./pages/coordinator";

/** The fictitious demo accounts the shared e2e relay is started with (`--demo`). */
export const DEMO_PASSWORD = "demo-password-2026";
export type DemoAccount = { login: string; totpAscii: string; name: string };
export const DEMO_ADMIN: DemoAccount = {
  login: "demo-admin",
  totpAscii: "yorisoi-demo-admin-1",
  name: "デモ管理者（架空）",
};
export const DEMO_COORDINATOR: DemoAccount = {
  login: "demo-coordinator",
  totpAscii: "yorisoi-demo-coord-3",
  name: "佐々木 ひかり（架空）",
};
export const DEMO_CASEWORKER: DemoAccount = {
  login: "demo-caseworker",
  totpAscii: "yorisoi-demo-casew-2",
  name: "山田 さくら（架空）",
};
export const DEMO_PROGRAMME_MEAL = "00000000-0000-4000-8000-00000000b001";

/**
 * Every demo account's TOTP secret, as the relay's demo data holds it (ASCII) and as an
 * authenticator app takes it (base32). Published, but still a second factor: the relay stores
 * TOTP secrets only sealed under its key file and never logs them, so none may appear in its
 * database, WAL or log (the canary scan after the suite).
 */
const DEMO_TOTP_SECRETS = ["yorisoi-demo-admin-1", "yorisoi-demo-casew-2", "yorisoi-demo-coord-3"];
for (const ascii of DEMO_TOTP_SECRETS) {
  canary(ascii);
  canary(Secret.fromLatin1(ascii).base32);
}
export const DEMO_PROGRAMME_MEAL_NAME = "おうち食堂（架空）";

/**
 * Signs a demo account in through the real login screen, which `page` shows. Each TOTP code is
 * accepted once, and another worker may sign the same account in at the same moment: a refused
 * code waits for the next step and tries again. Resolves once the page has left `/login`.
 */
export async function signInAtLogin(page: Page, account: DemoAccount): Promise<void> {
  const login = new LoginPage(page);
  const auth = Authenticator.fromAscii(account.totpAscii);
  // Several workers may sign the same demo account in within one 30-second step, and each code is
  // accepted once: enough attempts for every worker to get a step of its own.
  for (let attempt = 0; attempt < 10; attempt++) {
    await expect(login.submit).toBeEnabled();
    const code = await auth.code();
    // The relay's answer to this very attempt decides (an error left on the screen by the last
    // attempt must not be read as this one's).
    const answer = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/staff/login",
      { timeout: 60_000 },
    );
    // The relay refuses (401) a code another worker used first; the browser logs that.
    expectRefusal(page, 401);
    await login.signIn(account.login, DEMO_PASSWORD, code);
    if ((await answer).ok()) {
      withdrawRefusal(page, 401);
      await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
      return;
    }
  }
  throw new Error(`${account.login} could not sign in`);
}

const staffProblems = new WeakMap<Page, string[]>();

/** Console errors and page errors of a staff page from this file's sign-ins, so far. */
export function problemsOf(coordinator: Page): string[] {
  return staffProblems.get(coordinator) ?? [];
}

/** The demo coordinator, signed in through the real login screen in a context of its own. */
export async function signInDemoCoordinator(browser: Browser, desktop = false): Promise<Page> {
  const page = await watchedStaffPage(browser, desktop);
  await page.goto("/login");
  await signInAtLogin(page, DEMO_COORDINATOR);
  await expect(page).toHaveURL(/\/c(\/|$)/);
  // The demo's pledge is owed until some journey signs it; whichever comes first does.
  const pledge = new StaffPledge(page);
  const tabs = page.getByTestId("tab-invite-volunteer");
  await expect(pledge.form.or(tabs)).toBeVisible({ timeout: 20_000 });
  if (await pledge.form.isVisible()) await pledge.sign("佐々木 ひかり");
  await expect(tabs).toBeVisible();
  return page;
}

/** The demo caseworker, signed in through the real login screen in a context of its own. */
export async function signInDemoCaseworker(browser: Browser, desktop = false): Promise<Page> {
  const page = await watchedStaffPage(browser, desktop);
  await page.goto("/login");
  await signInAtLogin(page, DEMO_CASEWORKER);
  await expect(page).toHaveURL(/\/w(\/|$)/);
  const pledge = new StaffPledge(page);
  const tabs = page.getByTestId("tab-team");
  await expect(pledge.form.or(tabs)).toBeVisible({ timeout: 20_000 });
  if (await pledge.form.isVisible()) await pledge.sign("山田 さくら");
  await expect(tabs).toBeVisible();
  return page;
}

/**
 * A staff member's browser in a context of its own (an office monitor when `desktop`), watched
 * like a journey's own page: what goes wrong here fails the journeys that use it.
 */
async function watchedStaffPage(browser: Browser, desktop: boolean): Promise<Page> {
  const context = await browser.newContext(
    desktop
      ? { viewport: { width: 1280, height: 800 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" }
      : { locale: "ja-JP", timezoneId: "Asia/Tokyo" },
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !isExpectedRefusal(page, m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  staffProblems.set(page, problems);
  return page;
}

async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const result = await page.evaluate(
    async ({ method, path, body }) => {
      const session = await (await fetch("/api/session")).json();
      const response = await fetch(path, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.text() };
    },
    { method, path, body },
  );
  expect(result.status, `${method} ${path}: ${result.body}`).toBeLessThan(300);
  return (result.body ? JSON.parse(result.body) : null) as T;
}

export type VolunteerInvite = {
  volunteer_id: string;
  code: string;
  /** The enrolment link's path and fragment (`/v/enrol#CODE.SECRET.PARTNER.CENTRE`). */
  path: string;
};

/**
 * The coordinator's "invite a volunteer", through the real screen: only a coordinator's browser
 * can make an invitation (it seals the link's secret to the partner's key), so there is no API
 * shortcut. `coordinator` shows one of the `/c` screens.
 */
export async function inviteVolunteer(coordinator: Page, displayName: string): Promise<VolunteerInvite> {
  const code = await new CoordinatorPage(coordinator).inviteVolunteer(displayName, DEMO_PROGRAMME_MEAL_NAME);
  const link = new URL(await coordinator.getByTestId("volunteer-invite-link").inputValue());
  const volunteers = await api<Array<{ id: string; display_name: string }>>(
    coordinator,
    "GET",
    "/api/partner/volunteers",
  );
  const volunteer = volunteers.find((v) => v.display_name === displayName);
  expect(volunteer, `${displayName} is listed`).toBeTruthy();
  return { volunteer_id: volunteer!.id, code, path: `${link.pathname}${link.hash}` };
}

export function revokeVolunteer(coordinator: Page, volunteerId: string): Promise<unknown> {
  return api(coordinator, "POST", `/api/partner/volunteers/${volunteerId}/revoke`, {});
}
