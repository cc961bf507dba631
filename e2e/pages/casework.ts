import { expect, type Locator, type Page } from "@playwright/test";

/** What a caseworker types into a referral: one value per typed field. */
export type ReferralInput = {
  /** The programme's id (the options name the programme and its partner). */
  programme: string;
  called: string;
  area: string;
  address: string;
  accessNotes: string;
  person: { relation: string; age: string; schoolYear: string; school: string };
  allergies: string;
  diet: string;
  languages: string;
  pets: string;
  support: string;
  goals: string;
  wish: { weekday: string; start: string; end: string };
  scheduleNotes: string;
  cautions: string;
  doNotMention: string;
  caseReference: string;
  consent: { date: string; recordedBy: string };
};

/** `/w/referrals*`: the caseworker's referrals, the form, one referral, the ledger. */
export class CaseworkerReferrals {
  readonly rows: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("referral-row");
    this.detail = page.getByTestId("referral-detail");
  }

  async open(): Promise<void> {
    await this.page.getByTestId("tab-referrals").click();
    await expect(this.page).toHaveURL(/\/w\/referrals$/);
    await expect(this.page.getByTestId("referrals-screen")).toBeVisible();
  }

  row(called: string): Locator {
    return this.rows.filter({ hasText: called });
  }

  async write(r: ReferralInput): Promise<void> {
    const p = this.page;
    await p.getByTestId("referral-new").click();
    await expect(p).toHaveURL(/\/w\/referrals\/new$/);
    await expect(p.getByTestId("referral-form")).toBeVisible();
    const programme = p.getByTestId("ref-programme");
    if (await programme.count()) await programme.selectOption(r.programme);
    await p.getByTestId("ref-called").fill(r.called);
    await p.getByTestId("ref-area").fill(r.area);
    await p.getByTestId("ref-address").fill(r.address);
    await p.getByTestId("ref-access-notes").fill(r.accessNotes);
    await p.getByTestId("ref-person-add").click();
    const person = p.getByTestId("ref-person").last();
    await person.getByTestId("ref-person-relation").fill(r.person.relation);
    await person.getByTestId("ref-person-age").fill(r.person.age);
    await person.getByTestId("ref-person-school-year").fill(r.person.schoolYear);
    await person.getByTestId("ref-person-school").fill(r.person.school);
    await p.getByTestId("ref-allergies").fill(r.allergies);
    await p.getByTestId("ref-diet").fill(r.diet);
    await p.getByTestId("ref-languages").fill(r.languages);
    await p.getByTestId("ref-pets").fill(r.pets);
    await p.getByTestId("ref-support").fill(r.support);
    await p.getByTestId("ref-goals").fill(r.goals);
    await p.getByTestId("ref-wish-add").click();
    const wish = p.getByTestId("ref-wish").last();
    await wish.getByTestId("ref-wish-weekday").selectOption(r.wish.weekday);
    await wish.getByTestId("ref-wish-start").fill(r.wish.start);
    await wish.getByTestId("ref-wish-end").fill(r.wish.end);
    await p.getByTestId("ref-schedule-notes").fill(r.scheduleNotes);
    await p.getByTestId("ref-cautions").fill(r.cautions);
    await p.getByTestId("ref-do-not-mention").fill(r.doNotMention);
    await p.getByTestId("ref-case-reference").fill(r.caseReference);
    await p.getByTestId("ref-consent-given").check();
    await p.getByTestId("ref-consent-date").fill(r.consent.date);
    await p.getByTestId("ref-consent-method-in-person").check();
    await p.getByTestId("ref-consent-recorded-by").fill(r.consent.recordedBy);
  }

  /** A referral with only the name and, without the family's consent, the reason it goes anyway. */
  async writeWithoutConsent(programme: string, called: string, reason: string): Promise<void> {
    const p = this.page;
    await p.getByTestId("referral-new").click();
    await expect(p.getByTestId("referral-form")).toBeVisible();
    const select = p.getByTestId("ref-programme");
    if (await select.count()) await select.selectOption(programme);
    await p.getByTestId("ref-called").fill(called);
    await p.getByTestId("ref-consent-not-given").check();
    await expect(p.getByTestId("ref-consent-warning")).toBeVisible();
    await p.getByTestId("ref-consent-override").fill(reason);
  }

  async send(): Promise<void> {
    await this.page.getByTestId("ref-send").click();
  }
}

/** `/c/referrals*` and `/c/ledger`: the coordinator's side of a referral. */
export class CoordinatorCase {
  readonly rows: Locator;
  readonly screen: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("referral-row");
    this.screen = page.getByTestId("referral-screen");
  }

  async openInbox(): Promise<void> {
    await this.page.getByTestId("tab-referrals").click();
    await expect(this.page).toHaveURL(/\/c\/referrals$/);
    await expect(this.page.getByTestId("referrals-screen")).toBeVisible();
  }

  row(called: string): Locator {
    return this.rows.filter({ hasText: called });
  }

  async openReferral(called: string): Promise<void> {
    await this.row(called).getByTestId("referral-link").click();
    await expect(this.page).toHaveURL(/\/c\/referrals\/[0-9a-f-]{36}$/);
    await expect(this.screen).toBeVisible();
  }

  candidate(name: string): Locator {
    return this.page.getByTestId("candidate-row").filter({ hasText: name });
  }

  async openLedger(): Promise<void> {
    await this.page.getByTestId("tab-ledger").click();
    await expect(this.page).toHaveURL(/\/c\/ledger$/);
    await expect(this.page.getByTestId("ledger-screen")).toBeVisible();
  }
}
