import type { Page } from "@playwright/test";
import { test, expect, screenshot, expectAccessible, canary, expectRefusal } from "../../fixtures";
import { VolunteerPhone } from "../../pages/volunteer";
import { CoordinatorPage } from "../../pages/coordinator";
import { inviteVolunteer, problemsOf, revokeVolunteer, signInDemoCoordinator } from "../../demo";

// The volunteer's phone, at 390×844, against the real relay: enrolment with the coordinator's
// invitation, the pledge, PIN unlock, and every way the phone forgets what it held.

let coordinator: Page;

test.beforeAll(async ({ browser }) => {
  // Signing in may have to wait for a fresh TOTP step, then runs Argon2id.
  test.setTimeout(120_000);
  coordinator = await signInDemoCoordinator(browser);
});

test.afterAll(async () => {
  if (coordinator) expect(problemsOf(coordinator), "the coordinator's browser").toEqual([]);
  await coordinator?.context().close();
});

function uniqueName(): string {
  return `テスト支援員${Math.random().toString(36).slice(2, 8)}（架空）`;
}

/** A fresh phone enrolled through the invitation link, pledge signed, home screen shown. */
async function enrolledPhone(page: Page, pin: string, name = uniqueName()) {
  const invite = await inviteVolunteer(coordinator, name);
  const phone = new VolunteerPhone(page);
  await phone.openInvite(invite.path);
  await phone.choosePin(pin);
  await phone.signPledge(name);
  await expect(phone.hello).toContainText(name);
  return { phone, invite, name };
}

test("enrols with the invitation link, signs the pledge, locks and unlocks", async ({ page }) => {
  test.setTimeout(120_000);
  // The PIN must never reach the relay; the volunteer's name does (the coordinator typed it),
  // but must not be readable on the phone.
  const pin = canary("730591826");
  const name = uniqueName();
  const invite = await inviteVolunteer(coordinator, name);
  const phone = new VolunteerPhone(page);

  // Typing the code by hand works as well as the QR link.
  await page.goto("/v");
  await expect(page.getByTestId("not-enrolled")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "volunteer-enrol-code-ja");
  await phone.code.fill(invite.code.toLowerCase());
  await phone.codeNext.click();
  await expect(phone.pin).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "volunteer-enrol-pin-ja");

  await phone.choosePin(pin);
  await expect(phone.pledgeText).toBeVisible({ timeout: 20_000 });
  await expect(phone.pledgeAccept).toBeDisabled();
  await expectAccessible(page);
  await screenshot(page, "volunteer-pledge-ja");
  await phone.signPledge(name);
  await expect(phone.hello).toContainText(name);
  await expect(page.getByTestId("emergency-centre")).toHaveAttribute("href", /^tel:/);
  // A typed code carries no keys: the phone and the coordinator compare one short code before
  // the phone believes the organisations' keys, or the coordinator's browser the phone's.
  const check = page.getByTestId("org-check-code");
  await expect(check).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
  await expectAccessible(page);
  await screenshot(page, "volunteer-check-code-ja");
  const detail = await new CoordinatorPage(coordinator).openVolunteerFromAnywhere(name);
  await expect(detail.root.getByTestId("device-check-code")).toHaveText(await check.innerText());
  await detail.root.getByTestId("device-check-confirm").click();
  await expect(detail.root.getByTestId("device-certified")).toBeVisible({ timeout: 20_000 });
  await page.getByTestId("org-check-same").click();
  await expect(page.getByTestId("org-check")).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "volunteer-today-ja");

  // Nothing in the clear on the phone: the name is in IndexedDB only as ciphertext.
  const dump = await phone.dumpLocalStorage();
  expect(dump).not.toContain(name);
  expect(dump).not.toContain(pin);

  await phone.lockButton.click();
  await expect(phone.unlockTitle).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "volunteer-unlock-ja");

  await phone.unlock(pin);
  await expect(phone.hello).toContainText(name, { timeout: 20_000 });

  // A reload forgets the keys: the PIN (and the relay's share) are needed again.
  await page.reload();
  await expect(phone.unlockTitle).toBeVisible();
  await phone.unlock(pin);
  await expect(phone.hello).toContainText(name, { timeout: 20_000 });
});

test("refuses trivial and mismatched PINs before anything is sent", async ({ page }) => {
  const invite = await inviteVolunteer(coordinator, uniqueName());
  const phone = new VolunteerPhone(page);
  await phone.openInvite(invite.path);
  for (const [pin, again, message] of [
    ["123456", "123456", "連続"],
    ["000000", "000000", "同じ数字"],
    ["12345", "12345", "6桁以上"],
    ["258014", "258015", "一致しません"],
  ]) {
    await phone.choosePin(pin, again);
    await expect(phone.problem).toContainText(message);
  }
  await screenshot(page, "volunteer-enrol-pin-refused-ja");
  // The invitation was not used up by the refusals.
  await phone.choosePin("258014");
  await expect(phone.pledgeText).toBeVisible({ timeout: 20_000 });
});

test("after 10 wrong PINs the phone is wiped and the right PIN no longer unlocks", async ({ page }) => {
  test.setTimeout(120_000);
  const pin = "860213";
  const { phone } = await enrolledPhone(page, pin);
  // What a thief who copied the phone's storage would keep.
  const setup = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = indexedDB.open("yorisoi");
      r.onsuccess = () => resolve(r.result);
    });
    const get = (key: string) =>
      new Promise<unknown>((resolve) => {
        const r = db.transaction("setup").objectStore("setup").get(key);
        r.onsuccess = () => resolve(r.result);
      });
    const copy = {
      device_id: await get("device_id"),
      device_credential: Array.from((await get("device_credential")) as Uint8Array),
      wrapped_dek: Array.from((await get("wrapped_dek")) as Uint8Array),
    };
    db.close();
    return copy;
  });
  await phone.lockButton.click();

  for (let attempt = 1; attempt <= 10; attempt++) {
    expectRefusal(page, 401);
    await phone.unlock("999990");
    if (attempt < 10) {
      await expect(phone.wrongPin).toBeVisible({ timeout: 20_000 });
      if (attempt === 7) {
        await expect(phone.wrongPin).toContainText("あと3回");
        await screenshot(page, "volunteer-wrong-pin-ja");
      }
    }
  }
  await expect(phone.gone).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page);
  await screenshot(page, "volunteer-gone-ja");
  expect(await phone.indexedDbNames()).not.toContain("yorisoi");

  // Put the copied storage back and try the right PIN: the relay destroyed its share.
  await page.evaluate(async (copy) => {
    await new Promise<void>((resolve) => {
      const r = indexedDB.open("yorisoi", 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore("setup");
        r.result.createObjectStore("vault");
      };
      r.onsuccess = () => {
        const tx = r.result.transaction("setup", "readwrite");
        tx.objectStore("setup").put(copy.device_id, "device_id");
        tx.objectStore("setup").put(new Uint8Array(copy.device_credential), "device_credential");
        tx.objectStore("setup").put(new Uint8Array(copy.wrapped_dek), "wrapped_dek");
        tx.oncomplete = () => {
          r.result.close();
          resolve();
        };
      };
    });
  }, setup);
  // Without a session cookie the start-up probe only says "signed out" (401) and the phone
  // asks for the PIN; the right PIN is then refused because S is gone (401 device_gone).
  await page.context().clearCookies();
  expectRefusal(page, 401);
  expectRefusal(page, 401);
  await page.goto("/v");
  await expect(phone.unlockTitle).toBeVisible();
  await phone.unlock(pin);
  await expect(phone.gone).toBeVisible({ timeout: 20_000 });
});

test("revocation wipes the phone at its next start", async ({ page }) => {
  const { phone, invite } = await enrolledPhone(page, "417396");
  await revokeVolunteer(coordinator, invite.volunteer_id);
  expectRefusal(page, 401); // the start-up probe: device_gone
  expectRefusal(page, 401); // the probe below
  await page.reload();
  await expect(phone.gone).toBeVisible({ timeout: 20_000 });
  expect(await phone.indexedDbNames()).not.toContain("yorisoi");
  // The old session cookie is refused too.
  const status = await page.evaluate(async () => (await fetch("/api/device/status")).status);
  expect(status).toBe(401);
});

test("locks itself after five idle minutes", async ({ page }) => {
  await page.clock.install();
  const { phone, name } = await enrolledPhone(page, "305817");
  await page.clock.fastForward("04:00");
  await expect(phone.hello).toBeVisible();
  await page.clock.fastForward("01:30");
  await expect(phone.unlockTitle).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
});

test("a phone that sleeps past the idle time asks for the PIN on the first tap", async ({ page }) => {
  await page.clock.install();
  const { phone, name } = await enrolledPhone(page, "615824");
  await expect(phone.hello).toContainText(name);
  // The phone sleeps: its timers stop (the clock is paused, so the 5-second check never runs)
  // while the wall clock moves on past the five idle minutes.
  await page.clock.pauseAt(Date.now() + 1_000);
  await page.clock.setSystemTime(Date.now() + 6 * 60_000);
  // The first tap on waking finds the phone idle too long: it locks instead of counting as use.
  // The tap lands on the connectivity chip: it is on every screen, so the lock it causes cannot
  // pull it away from under the tap (a tap on the greeting raced the lock that removes it).
  const chip = page.getByTestId("connectivity");
  await chip.tap();
  await page.clock.resume();
  await expect(phone.unlockTitle).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await screenshot(page, "volunteer-locked-after-sleep-ja");
  // A tap within the idle time is ordinary use: it starts the five minutes again.
  await phone.unlock("615824");
  await expect(phone.hello).toContainText(name, { timeout: 20_000 });
  await page.clock.fastForward("04:00");
  await chip.tap();
  await page.clock.fastForward("02:00");
  await expect(phone.hello).toBeVisible();
  await page.clock.fastForward("03:30");
  await expect(phone.unlockTitle).toBeVisible();
});

test("logout on a shared tablet wipes everything, even offline", async ({ page, context }) => {
  const name = uniqueName();
  const { phone } = await enrolledPhone(page, "592046", name);
  await context.setOffline(true);
  await phone.logout.click();
  await expectAccessible(page);
  await screenshot(page, "volunteer-logout-confirm-ja");
  await phone.logoutConfirm.click();
  await expect(page.getByTestId("not-enrolled")).toBeVisible();
  const dump = await phone.dumpLocalStorage();
  expect(dump).not.toContain(name);
  expect(await phone.indexedDbNames()).not.toContain("yorisoi");
  const cacheCount = await page.evaluate(async () => (await caches.keys()).length);
  expect(cacheCount).toBe(0);
  await context.setOffline(false);
});
