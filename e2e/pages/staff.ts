import { expect, type Locator, type Page } from "@playwright/test";
import { freshCode } from "../totp";

/** Someone's TOTP authenticator: the secret read off the enrolment screen and the last step used. */
export class Authenticator {
  lastStep: number | undefined;

  constructor(readonly secret: string) {}

  /** A code the relay has not accepted before (waits for the next 30 s step if needed). */
  async code(): Promise<string> {
    const { code, step } = await freshCode(this.secret, this.lastStep);
    this.lastStep = step;
    return code;
  }
}

/** `/invite#TOKEN`: register, then enrol the authenticator. */
export class InvitePage {
  readonly title: Locator;
  readonly role: Locator;
  readonly organisation: Locator;
  readonly displayName: Locator;
  readonly loginName: Locator;
  readonly password: Locator;
  readonly passwordAgain: Locator;
  readonly register: Locator;
  readonly problem: Locator;
  readonly totpSecret: Locator;
  readonly totpCode: Locator;
  readonly totpConfirm: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("invite-title");
    this.role = page.getByTestId("invite-role");
    this.organisation = page.getByTestId("invite-org");
    this.displayName = page.getByTestId("invite-name");
    this.loginName = page.getByTestId("login-name");
    this.password = page.getByTestId("password");
    this.passwordAgain = page.getByTestId("password-again");
    this.register = page.getByTestId("register");
    this.problem = page.getByTestId("form-problem");
    this.totpSecret = page.getByTestId("totp-secret");
    this.totpCode = page.getByTestId("totp-code");
    this.totpConfirm = page.getByTestId("totp-confirm");
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.role.waitFor();
  }

  async fillAccount(loginName: string, password: string, again = password): Promise<void> {
    await this.loginName.fill(loginName);
    await this.password.fill(password);
    await this.passwordAgain.fill(again);
    await this.register.click();
  }

  /** Reads the secret shown as text (groups of four) and confirms a first code. */
  async enrolTotp(): Promise<Authenticator> {
    await this.totpSecret.waitFor({ timeout: 30_000 });
    const auth = new Authenticator((await this.totpSecret.innerText()).replace(/\s/g, ""));
    await this.totpCode.fill(await auth.code());
    await this.totpConfirm.click();
    return auth;
  }
}

export class LoginPage {
  readonly title: Locator;
  readonly loginName: Locator;
  readonly password: Locator;
  readonly code: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("login-title");
    this.loginName = page.getByTestId("login-name");
    this.password = page.getByTestId("password");
    this.code = page.getByTestId("totp-code");
    this.submit = page.getByTestId("login");
    this.error = page.getByTestId("error");
  }

  async signIn(loginName: string, password: string, code: string): Promise<void> {
    await this.loginName.fill(loginName);
    await this.password.fill(password);
    await this.code.fill(code);
    await this.submit.click();
  }
}

/** The bar on every signed-in staff screen. */
export class StaffBar {
  readonly root: Locator;
  readonly name: Locator;
  readonly signOut: Locator;
  readonly grants: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("staff-bar");
    this.name = page.getByTestId("staff-name");
    this.signOut = page.getByTestId("sign-out");
    this.grants = page.getByTestId("grants-note");
  }

  async signOutNow(): Promise<void> {
    await this.signOut.click();
    await expect(this.page).toHaveURL(/\/login$/);
  }
}

/** The staff pledge step (shared `PledgeForm`). */
export class StaffPledge {
  readonly form: Locator;
  readonly name: Locator;
  readonly accept: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId("pledge-form");
    this.name = page.getByTestId("pledge-name");
    this.accept = page.getByTestId("pledge-accept");
  }

  async sign(name: string): Promise<void> {
    await this.name.fill(name);
    await this.accept.click();
    await expect(this.form).toBeHidden();
  }
}

export class AdminPage {
  readonly bar: StaffBar;
  readonly heading: Locator;
  readonly orgItems: Locator;
  readonly programmeItems: Locator;

  constructor(readonly page: Page) {
    this.bar = new StaffBar(page);
    this.heading = page.getByTestId("admin-signed-in");
    this.orgItems = page.getByTestId("org-item");
    this.programmeItems = page.getByTestId("programme-item");
  }

  tab(name: "organisations" | "programmes" | "invites" | "pledges"): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  async createOrganisation(kind: "centre" | "partner", name: string): Promise<void> {
    await this.tab("organisations").click();
    await this.page.getByTestId("org-kind").selectOption(kind);
    await this.page.getByTestId("org-name").fill(name);
    await this.page.getByTestId("org-create").click();
    await expect(this.page.getByTestId("org-created")).toContainText(name, { timeout: 15_000 });
    await expect(this.orgItems.filter({ hasText: name })).toHaveCount(1);
  }

  async createProgramme(p: { partner: string; centre: string; name: string; phone: string }): Promise<void> {
    await this.tab("programmes").click();
    await this.page.getByTestId("programme-partner").selectOption({ label: p.partner });
    await this.page.getByTestId("programme-centre").selectOption({ label: p.centre });
    await this.page.getByTestId("programme-name").fill(p.name);
    await this.page.getByTestId("programme-support").selectOption("meal");
    await this.page.getByTestId("programme-phone").fill(p.phone);
    await this.page.getByTestId("programme-create").click();
    await expect(this.page.getByTestId("programme-created")).toContainText(p.name);
    await expect(this.programmeItems.filter({ hasText: p.name })).toHaveCount(1);
  }

  /** Returns the full invite URL shown to the admin. */
  async inviteStaff(role: "caseworker" | "coordinator" | "admin", organisation: string | null, displayName: string): Promise<string> {
    await this.tab("invites").click();
    const another = this.page.getByTestId("invite-another");
    if (await another.isVisible()) await another.click();
    await this.page.getByTestId("invite-role").selectOption(role);
    if (organisation) await this.page.getByTestId("invite-org").selectOption({ label: organisation });
    await this.page.getByTestId("invite-display-name").fill(displayName);
    await this.page.getByTestId("invite-create").click();
    const url = this.page.getByTestId("invite-url");
    await expect(url).toContainText("/invite#");
    return (await url.innerText()).trim();
  }

  async savePledge(organisation: string, text: string): Promise<void> {
    await this.tab("pledges").click();
    await this.page.getByTestId("pledge-org").selectOption({ label: organisation });
    await this.page.getByTestId("pledge-text-input").fill(text);
    await this.page.getByTestId("pledge-save").click();
    await expect(this.page.getByTestId("pledge-saved")).toBeVisible();
  }
}

export class CoordinatorPage {
  readonly bar: StaffBar;
  readonly heading: Locator;
  readonly volunteers: Locator;
  readonly code: Locator;

  constructor(readonly page: Page) {
    this.bar = new StaffBar(page);
    this.heading = page.getByTestId("coordinator-signed-in");
    this.volunteers = page.getByTestId("volunteer-item");
    this.code = page.getByTestId("volunteer-code");
  }

  tab(name: "volunteers" | "invite-volunteer" | "incidents" | "account"): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  /** Returns the 8-character code. */
  async inviteVolunteer(name: string, programme: string): Promise<string> {
    await this.tab("invite-volunteer").click();
    const another = this.page.getByTestId("volunteer-invite-another");
    if (await another.isVisible()) await another.click();
    await this.page.getByTestId("volunteer-display-name").fill(name);
    await this.page.getByTestId("volunteer-programme").selectOption({ label: programme });
    await this.page.getByTestId("volunteer-invite-create").click();
    await expect(this.code).toHaveText(/^[A-Z0-9]{8}$/);
    return (await this.code.innerText()).trim();
  }

  volunteer(name: string): Locator {
    return this.volunteers.filter({ has: this.page.getByTestId("volunteer-name").getByText(name, { exact: true }) });
  }
}
