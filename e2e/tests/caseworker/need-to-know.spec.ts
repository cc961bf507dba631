import type { Page, Response } from "@playwright/test";
import { test, expect, screenshot, expectAccessible, canary } from "../../fixtures";
import { VolunteerPhone } from "../../pages/volunteer";
import { CoordinatorPage } from "../../pages/coordinator";
import { CaseworkerReferrals, CoordinatorCase, type ReferralInput } from "../../pages/casework";
import {
  DEMO_PROGRAMME_MEAL,
  inviteVolunteer,
  problemsOf,
  signInDemoCaseworker,
  signInDemoCoordinator,
} from "../../demo";

// Need to know, end to end (issue 9): a caseworker writes a referral with the family's consent;
// the coordinator accepts it, matches a volunteer (a deliberate same-area conflict is flagged and
// needs a written reason), releases three of the fields and instructions; the volunteer's phone
// shows exactly those, and nothing else reaches the page, the phone's storage or any network
// response in the clear. Then the brief ends: on the phone's own clock while offline, and by a
// revocation that the phone confirms, which the ledger records.
//
// Every value typed is a canary: the relay's database, WAL and logs are scanned for all of them
// after the suite.

// A step that cannot find what it looks for fails within seconds, not at the journey's end.
test.use({ actionTimeout: 20_000 });
// One worker for both journeys: one sign-in each for the demo caseworker and coordinator, whose
// TOTP codes every other journey competes for too.
test.describe.configure({ mode: "serial" });

let caseworker: Page;
let coordinator: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  caseworker = await signInDemoCaseworker(browser, true);
  coordinator = await signInDemoCoordinator(browser, true);
});

test.afterAll(async () => {
  for (const staff of [caseworker, coordinator]) {
    if (staff) expect(problemsOf(staff), "a staff browser").toEqual([]);
    await staff?.context().close();
  }
});

/** A screenshot from the top (the sticky bar stays where it belongs). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Dates for the form, in Japan. */
function jstDate(offsetDays: number): string {
  const t = new Date(Date.now() + 9 * 3600_000 + offsetDays * 86_400_000);
  return t.toISOString().slice(0, 10);
}

test("a referral reaches the phone as exactly the fields the coordinator released", async ({ page }) => {
  test.setTimeout(600_000);
  const run = Math.random().toString(36).slice(2, 8);
  const v = (label: string) => canary(`${label}${run}（架空）`);
  // The area is shared with the volunteer's profile: the conflict the coordinator must see.
  const area = v("ひかり町2丁目");
  const referral: ReferralInput = {
    programme: DEMO_PROGRAMME_MEAL,
    called: v("森さん"),
    area,
    address: v("ひかり町2-3-4 コーポひかり101号"),
    accessNotes: v("裏口のインターホンを押す"),
    person: { relation: v("長男"), age: "8", schoolYear: v("小3"), school: v("ひかり小学校") },
    allergies: v("卵と乳"),
    diet: v("薄味"),
    languages: v("日本語とタガログ語"),
    pets: v("猫が一匹"),
    support: v("夕食づくり"),
    goals: v("生活リズムを整える"),
    wish: { weekday: "wed", start: "17:00", end: "19:00" },
    scheduleNotes: v("水曜が都合よい"),
    cautions: v("玄関の段差に注意"),
    doNotMention: v("父親のこと"),
    caseReference: v("CASE-"),
    consent: { date: jstDate(-2), recordedBy: v("担当") },
  };
  const instructions = v("一緒に夕食を作り片付けまで");
  const released = [referral.called, referral.accessNotes, referral.allergies];
  const withheld = [
    referral.area,
    referral.address,
    referral.person.relation,
    referral.person.schoolYear,
    referral.person.school,
    referral.diet,
    referral.languages,
    referral.pets,
    referral.support,
    referral.goals,
    referral.scheduleNotes,
    referral.cautions,
    referral.doNotMention,
    referral.caseReference,
    referral.consent.recordedBy,
  ];

  // Everything the phone receives, to check that nothing arrives in the clear.
  const bodies: string[] = [];
  page.on("response", (r: Response) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) {
      r.text().then((t) => bodies.push(t), () => undefined);
    }
  });

  // --- the volunteer: enrolled through the coordinator's link, pledge signed -----------------
  const name = `支援員${run}（架空）`;
  const invite = await inviteVolunteer(coordinator, name);
  const phone = new VolunteerPhone(page);
  await phone.openInvite(invite.path);
  const pin = canary(String(300_000_000 + Math.floor(Math.random() * 600_000_000)));
  await phone.choosePin(pin);
  await phone.signPledge(name);
  await expect(phone.hello).toContainText(name);
  await expect(page.getByTestId("visits-empty")).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page);
  await screenshot(page, "need-phone-no-visits");

  // --- the caseworker writes the referral --------------------------------------------------
  const cw = new CaseworkerReferrals(caseworker);
  await cw.open();
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-referrals");
  await cw.write(referral);
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-referral-form");
  await cw.send();
  await expect(caseworker).toHaveURL(/\/w\/referrals\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  expect(decodeURIComponent(caseworker.url())).not.toContain(referral.called);
  await expect(cw.detail.getByTestId("referral-status")).toHaveText("送付済");
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-referral-sent");

  // --- the coordinator: the volunteer's profile (same area), then the inbox ------------------
  const co = new CoordinatorCase(coordinator);
  const coordinatorPage = new CoordinatorPage(coordinator);
  const detail = await coordinatorPage.openVolunteerFromAnywhere(name);
  // The phone proved its invitation: the coordinator's browser certified it by itself.
  await expect(detail.root.getByTestId("device-certified")).toBeVisible({ timeout: 20_000 });
  // Every field of the profile carries a canary too: it travels sealed to the partner only.
  await coordinator.getByTestId("profile-home-area").fill(area);
  await coordinator.getByTestId("profile-child-add").click();
  await coordinator.getByTestId("profile-child-age").last().fill("15");
  await coordinator.getByTestId("profile-child-school").last().fill(v("そよかぜ高校"));
  await coordinator.getByTestId("profile-slot-add").click();
  await coordinator.getByTestId("profile-slot-weekday").last().selectOption("wed");
  await coordinator.getByTestId("profile-slot-start").last().fill("16:00");
  await coordinator.getByTestId("profile-slot-end").last().fill("20:00");
  await coordinator.getByTestId("profile-skill-cooking").check();
  await coordinator.getByTestId("profile-languages").fill(v("英語"));
  await coordinator.getByTestId("profile-acquaintance-add").click();
  await coordinator.getByTestId("profile-acquaintance").last().fill(v("川口"));
  await coordinator.getByTestId("profile-notes").fill(v("土日は不可"));
  await coordinator.getByTestId("profile-save").click();
  await expect(coordinator.getByTestId("profile-saved")).toBeVisible({ timeout: 20_000 });
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-profile");

  await co.openInbox();
  await expect(co.row(referral.called)).toHaveCount(1, { timeout: 20_000 });
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-inbox");
  await co.openReferral(referral.called);
  await expect(coordinator.getByTestId("referral-field-allergies")).toContainText(referral.allergies);
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-referral");
  await coordinator.getByTestId("referral-accept").click();
  await expect(coordinator.getByTestId("referral-status")).toHaveText("受諾", { timeout: 20_000 });

  // Matching: the same area is flagged, and choosing anyway needs a reason.
  const candidate = co.candidate(name);
  await expect(candidate.locator('[data-testid="conflict-badge"][data-conflict="same_area"]')).toBeVisible();
  // Free on Wednesday evenings, a child in another age band at another school, nobody known.
  await expect(candidate.getByTestId("conflict-badge")).toHaveCount(1);
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-matching");
  await candidate.getByTestId("candidate-choose").click();
  await expect(coordinator.getByTestId("assign-form")).toBeVisible();
  await coordinator.getByTestId("assign-from").fill(jstDate(0));
  await coordinator.getByTestId("assign-until").fill(jstDate(28));
  await coordinator.getByTestId("assign-weekly").check();
  await coordinator.getByTestId("assign-weekday").selectOption("wed");
  await coordinator.getByTestId("assign-time").fill("17:00");
  await coordinator.getByTestId("assign-minutes").fill("90");
  await coordinator.getByTestId("assign-submit").click();
  // Without a reason the conflict is not overridden.
  await expect(coordinator.getByTestId("assignment-row")).toHaveCount(0);
  await expect(coordinator.getByTestId("override-reason")).toBeVisible();
  await coordinator.getByTestId("override-reason").fill(v("同じ町内だが面識はないと本人に確認"));
  await coordinator.getByTestId("assign-submit").click();
  const assignment = coordinator.getByTestId("assignment-row").filter({ hasText: name });
  await expect(assignment).toHaveCount(1, { timeout: 20_000 });
  await expect(assignment.getByTestId("assignment-override")).toBeVisible();
  await expect(assignment.getByTestId("assignment-visits")).toContainText("17:00");
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-assigned");

  // The brief: the template ticks access notes, allergies and diet; diet is unticked, the name
  // ticked: three fields, and the instructions.
  await assignment.getByTestId("assignment-brief").click();
  await expect(coordinator.getByTestId("brief-composer")).toBeVisible();
  await expect(coordinator.getByTestId("brief-field-access_notes")).toBeChecked();
  await expect(coordinator.getByTestId("brief-field-allergies")).toBeChecked();
  await expect(coordinator.getByTestId("brief-field-address")).not.toBeChecked();
  await coordinator.getByTestId("brief-field-diet").uncheck();
  await coordinator.getByTestId("brief-field-called").check();
  await coordinator.getByTestId("brief-instructions").fill(instructions);
  const preview = coordinator.getByTestId("brief-preview");
  await expect(preview).toContainText(referral.allergies);
  await expect(preview).not.toContainText(referral.diet);
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-brief");
  await coordinator.getByTestId("brief-approve").click();
  await expect(coordinator.getByTestId("brief-approved")).toBeVisible({ timeout: 20_000 });
  await expect(coordinator.getByTestId("brief-version")).toHaveCount(1);

  // --- the phone: exactly the released fields ----------------------------------------------
  await page.reload();
  await phone.unlock(pin);
  const visit = page.getByTestId("visit-row").filter({ hasText: referral.called });
  await expect(visit.first()).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  await screenshot(page, "need-phone-visits");
  await visit.first().click();
  await expect(page).toHaveURL(/\/v\/briefs\/[0-9a-f-]{36}$/);
  const brief = page.getByTestId("brief-screen");
  await expect(brief.getByTestId("brief-called")).toHaveText(referral.called);
  await expect(brief.getByTestId("brief-instructions")).toContainText(instructions);
  await expect(brief.getByTestId("brief-field-allergies")).toHaveText(referral.allergies);
  await expect(brief).toContainText(referral.accessNotes);
  await expect(brief.getByTestId("brief-tel-centre")).toHaveAttribute("href", /^tel:/);
  await expectAccessible(page);
  await screenshot(page, "need-phone-brief");
  const html = await page.content();
  for (const value of withheld) expect(html, "a withheld field on the phone").not.toContain(value);
  const stored = await phone.dumpLocalStorage();
  for (const value of [...released, ...withheld, instructions]) {
    expect(stored, "the phone's storage in the clear").not.toContain(value);
  }
  for (const value of [...released, ...withheld, instructions]) {
    expect(bodies.join("\n"), "a network response in the clear").not.toContain(value);
  }

  // The caseworker sees what was released to whom.
  await cw.open();
  await cw.row(referral.called).getByTestId("referral-called").click();
  await expect(caseworker).toHaveURL(/\/w\/referrals\/[0-9a-f-]{36}$/);
  await expect(cw.detail.getByTestId("referral-status")).toHaveText("受諾", { timeout: 20_000 });
  // Exactly the three fields, by name (their values are a click away).
  const fields = caseworker.getByTestId("brief-fields").locator("li");
  await expect(fields).toHaveText(["呼び名", "訪問時の入り方", "アレルギー"]);
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-released");

  // --- past its validity: the phone forgets on its own clock ---------------------------------
  await page.getByTestId("brief-back").click();
  await page.context().setOffline(true);
  await page.clock.install();
  // Forty days on, offline: past the assignment's four weeks, and past the idle time, so the
  // phone locks and nothing is shown.
  await page.clock.setSystemTime(Date.now() + 40 * 86_400_000);
  await expect(phone.unlockTitle).toBeVisible({ timeout: 40_000 });
  await expect(page.getByTestId("visit-row")).toHaveCount(0);
  await screenshot(page, "need-phone-expired-locked");
  // Back in signal, its clock still forty days on: the phone runs its own expiry before it shows
  // anything, deletes the brief and confirms that to the relay, whose clock still holds it valid
  // (a brief that arrives already past its end on the phone's clock is refused and confirmed
  // deleted too).
  await page.context().setOffline(false);
  await phone.unlock(pin);
  await expect(phone.hello).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("visit-row").filter({ hasText: referral.called })).toHaveCount(0);
  await screenshot(page, "need-phone-expired");
  await co.openLedger();
  const ledger = coordinator.getByTestId("ledger-row").filter({ hasText: name });
  const confirmed = ledger.getByTestId("ledger-deleted").filter({ hasText: "✓" });
  await expect(async () => {
    await coordinator.getByTestId("ledger-refresh").click();
    await expect(confirmed).not.toHaveCount(0, { timeout: 2_000 });
    await expect(ledger.getByTestId("ledger-deleted").filter({ hasNotText: "✓" })).toHaveCount(0, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 40_000 });

  // The phone's clock is right again: the relay still lists the brief, and the phone takes it.
  await page.clock.setSystemTime(Date.now());
  await page.reload();
  await phone.unlock(pin);
  await expect(page.getByTestId("visit-row").filter({ hasText: referral.called }).first()).toBeVisible({
    timeout: 30_000,
  });

  // --- revoked: gone at the next sync, and the ledger shows the phone confirmed it -----------
  await co.openInbox();
  await co.openReferral(referral.called);
  await coordinator.getByTestId("assignment-row").filter({ hasText: name }).getByTestId("assignment-brief").click();
  await coordinator.getByTestId("brief-revoke").click();
  await coordinator.getByTestId("brief-revoke-confirm").click();
  await expect(coordinator.getByTestId("brief-version-state").first()).toHaveText("取り消し", { timeout: 20_000 });
  await page.reload();
  await phone.unlock(pin);
  await expect(page.getByTestId("visits-empty").or(page.getByTestId("visits-none-today"))).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId("visit-row").filter({ hasText: referral.called })).toHaveCount(0);
  // Every copy that reached the phone is confirmed deleted, the one taken back after the clock
  // was put right included.
  await co.openLedger();
  await expect(async () => {
    await coordinator.getByTestId("ledger-refresh").click();
    await expect(confirmed).not.toHaveCount(1, { timeout: 2_000 });
    await expect(ledger.getByTestId("ledger-deleted").filter({ hasNotText: "✓" })).toHaveCount(0, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 40_000 });
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-ledger");
  await caseworker.getByTestId("tab-ledger").click();
  await expect(caseworker.getByTestId("ledger-row").filter({ hasText: name }).first()).toBeVisible();
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-ledger");
});

test("the caseworker sees a decline with its reason, and a withdrawal ends the referral for the partner", async () => {
  test.setTimeout(300_000);
  const run = Math.random().toString(36).slice(2, 8);
  const v = (label: string) => canary(`${label}${run}（架空）`);
  const cw = new CaseworkerReferrals(caseworker);
  const co = new CoordinatorCase(coordinator);

  // Without the family's consent a referral goes only with a written reason (audited).
  const declined = v("林さん");
  await cw.open();
  await cw.writeWithoutConsent(DEMO_PROGRAMME_MEAL, declined, v("緊急に食事支援が必要なため"));
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-referral-without-consent");
  await cw.send();
  await expect(caseworker).toHaveURL(/\/w\/referrals\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(cw.detail.getByTestId("referral-consent-overridden")).toBeVisible();

  // The partner declines it, with a reason sealed to both organisations.
  const reason = v("この地域に活動できる支援員がいません");
  await co.openInbox();
  await co.openReferral(declined);
  await coordinator.getByTestId("referral-decline").click();
  await coordinator.getByTestId("decline-confirm").click();
  // No reason, no decline: the form says what is missing.
  await expect(coordinator.getByTestId("decline-form").getByTestId("form-problem")).toBeVisible();
  await expect(coordinator.getByTestId("referral-status")).toHaveText("新着");
  await coordinator.getByTestId("decline-reason").fill(reason);
  await expectAccessible(coordinator);
  await shot(coordinator, "need-co-decline");
  await coordinator.getByTestId("decline-confirm").click();
  await expect(coordinator.getByTestId("referral-status")).toHaveText("辞退", { timeout: 20_000 });

  await cw.open();
  await caseworker.getByTestId("referrals-refresh").click();
  const row = cw.row(declined);
  await expect(row.getByTestId("referral-status")).toHaveText("辞退", { timeout: 20_000 });
  await expect(row.getByTestId("referral-decline-reason")).toContainText(reason);
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-declined");

  // Another one is accepted, then withdrawn by the centre: the partner sees it end.
  const withdrawn = v("高木さん");
  await cw.writeWithoutConsent(DEMO_PROGRAMME_MEAL, withdrawn, v("本人の安全のため至急"));
  await cw.send();
  await expect(caseworker).toHaveURL(/\/w\/referrals\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await co.openInbox();
  await co.openReferral(withdrawn);
  await coordinator.getByTestId("referral-accept").click();
  await expect(coordinator.getByTestId("referral-status")).toHaveText("受諾", { timeout: 20_000 });
  // (A reload would ask for the password again: a staff member's keys live in memory only.)
  await cw.open();
  await caseworker.getByTestId("referrals-refresh").click();
  await expect(cw.row(withdrawn).getByTestId("referral-status")).toHaveText("受諾", { timeout: 20_000 });
  await cw.row(withdrawn).getByTestId("referral-called").click();
  await expect(cw.detail.getByTestId("referral-status")).toHaveText("受諾", { timeout: 20_000 });
  await caseworker.getByTestId("referral-withdraw").click();
  await expectAccessible(caseworker);
  await shot(caseworker, "need-cw-withdraw-confirm");
  await caseworker.getByTestId("referral-withdraw-confirm").click();
  await expect(cw.detail.getByTestId("referral-status")).toHaveText("取り下げ", { timeout: 20_000 });
  await co.openInbox();
  await expect(co.row(withdrawn).getByTestId("referral-status")).toHaveText("取り下げ", { timeout: 20_000 });
  await co.openReferral(withdrawn);
  await expect(coordinator.getByTestId("referral-withdrawn")).toBeVisible();
  await expect(coordinator.getByTestId("matching")).toHaveCount(0);
  await shot(coordinator, "need-co-withdrawn");
});
