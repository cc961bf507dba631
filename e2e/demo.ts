import { expect, type Browser, type Page } from "@playwright/test";
import { freshCode } from "./totp";
import { LoginPage } from "./pages/staff";

/** The fictitious demo accounts the shared e2e relay is started with (`--demo`). */
export const DEMO_PASSWORD = "demo-password-2026";
export const DEMO_COORDINATOR = { login: "demo-coordinator", totpAscii: "yorisoi-demo-coord-3" };
export const DEMO_PROGRAMME_MEAL = "00000000-0000-4000-8000-00000000b001";

function base32(ascii: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of Buffer.from(ascii, "ascii")) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The demo coordinator, signed in through the real login screen in a context of its own. Each
 * TOTP code is accepted once, so when another worker has just used this step's code, wait for
 * the next step and try again.
 */
export async function signInDemoCoordinator(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const secret = base32(DEMO_COORDINATOR.totpAscii);
  let usedStep: number | undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.goto("/login");
    const login = new LoginPage(page);
    const { code, step } = await freshCode(secret, usedStep);
    usedStep = step;
    await login.signIn(DEMO_COORDINATOR.login, DEMO_PASSWORD, code);
    const outcome = await Promise.race([
      page.waitForURL(/\/c(\/|$)/, { timeout: 20_000 }).then(() => "in"),
      login.error.waitFor({ timeout: 20_000 }).then(() => "refused"),
    ]);
    if (outcome === "in") return page;
  }
  throw new Error("the demo coordinator could not sign in");
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

export type VolunteerInvite = { volunteer_id: string; code: string; path: string; expires_at: number };

/** What the coordinator's "invite a volunteer" does, through the same API. */
export function inviteVolunteer(coordinator: Page, displayName: string): Promise<VolunteerInvite> {
  return api(coordinator, "POST", "/api/partner/volunteer-invites", {
    programme_id: DEMO_PROGRAMME_MEAL,
    volunteer_id: null,
    display_name: displayName,
  });
}

export function revokeVolunteer(coordinator: Page, volunteerId: string): Promise<unknown> {
  return api(coordinator, "POST", `/api/partner/volunteers/${volunteerId}/revoke`, {});
}
