import { expect, type Locator, type Page } from "@playwright/test";
import { canary } from "../fixtures";
import { Authenticator } from "../totp";

export { Authenticator };

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
    const secret = await this.totpSecret.innerText();
    // The relay keeps TOTP secrets sealed under its key file: no file it writes may hold one.
    canary(secret.replace(/\s/g, ""));
    const auth = new Authenticator(secret);
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

/**
 * A role's gate. Signed out: the role's explanation and the way to sign in. After a reload of a
 * live session: the password alone (no login name, no TOTP code).
 */
export class RoleGate {
  readonly goLogin: Locator;
  readonly checking: Locator;
  readonly resumeForm: Locator;
  readonly resumeWho: Locator;
  readonly password: Locator;
  readonly resume: Locator;
  readonly someoneElse: Locator;
  readonly loginName: Locator;
  readonly totpCode: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.goLogin = page.getByTestId("go-login");
    this.checking = page.getByTestId("staff-checking");
    this.resumeForm = page.getByTestId("resume-form");
    this.resumeWho = page.getByTestId("resume-who");
    this.password = this.resumeForm.getByTestId("password");
    this.resume = page.getByTestId("resume");
    this.someoneElse = page.getByTestId("resume-someone-else");
    this.loginName = page.getByTestId("login-name");
    this.totpCode = page.getByTestId("totp-code");
    this.error = page.getByTestId("error");
  }

  /** Only the password is asked: no login name, no code. */
  async expectPasswordOnly(): Promise<void> {
    await expect(this.password).toBeVisible({ timeout: 20_000 });
    await expect(this.loginName).toHaveCount(0);
    await expect(this.totpCode).toHaveCount(0);
  }

  async continueWith(password: string): Promise<void> {
    await this.password.fill(password);
    await this.resume.click();
  }
}

/** The bar on every signed-in staff screen. */
export class StaffBar {
  readonly root: Locator;
  readonly name: Locator;
  readonly signOut: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("staff-bar");
    this.name = page.getByTestId("staff-name");
    this.signOut = page.getByTestId("sign-out");
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

  readonly text: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId("pledge-form");
    this.name = page.getByTestId("pledge-name");
    this.accept = page.getByTestId("pledge-accept");
    this.text = page.getByTestId("pledge-text");
  }

  /** Reads to the end (signing is possible only then), types the name, signs. */
  async sign(name: string): Promise<void> {
    await this.text.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await this.name.fill(name);
    await this.accept.click();
    await expect(this.form).toBeHidden();
  }
}

/** A section's navigation: one link per sub-screen, the current one marked. */
export class SectionTabs {
  constructor(readonly page: Page) {}

  tab(name: string): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  async expectCurrent(name: string): Promise<void> {
    await expect(this.tab(name)).toHaveAttribute("aria-current", "page");
  }
}

const FINGERPRINT = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/;

/**
 * "Team and keys" (`/w/team`, `/c/team`): my own code, my organisation's key, the members waiting
 * to be confirmed and the organisations we work with, each confirmed only after two people
 * compared a code.
 */
export class TeamPage {
  readonly myCode: Locator;
  readonly create: Locator;
  readonly waiting: Locator;
  readonly refresh: Locator;
  readonly toCompare: Locator;
  readonly same: Locator;
  readonly orgCode: Locator;
  readonly trusted: Locator;
  readonly changed: Locator;
  readonly members: Locator;
  readonly peers: Locator;

  constructor(readonly page: Page) {
    this.myCode = page.getByTestId("my-code");
    this.create = page.getByTestId("org-key-create");
    this.waiting = page.getByTestId("org-key-waiting");
    this.refresh = page.getByTestId("org-key-refresh");
    this.toCompare = page.getByTestId("org-code-to-compare");
    this.same = page.getByTestId("org-code-same");
    this.orgCode = page.getByTestId("org-code");
    this.trusted = page.getByTestId("org-key-trusted");
    this.changed = page.getByTestId("org-key-changed");
    this.members = page.getByTestId("member-item");
    this.peers = page.getByTestId("peer-item");
  }

  /** Opens the screen by its tab (`/w/team` or `/c/team`). */
  async open(): Promise<void> {
    await this.page.getByTestId("tab-team").click();
    await expect(this.page).toHaveURL(/\/(w|c)\/team$/);
    await expect(this.myCode).toHaveText(FINGERPRINT);
  }

  async myFingerprint(): Promise<string> {
    await expect(this.myCode).toHaveText(FINGERPRINT);
    return (await this.myCode.innerText()).trim();
  }

  /** The first member makes the organisation's key; answers its code. */
  async createOrgKey(): Promise<string> {
    await this.create.click();
    await expect(this.trusted).toBeVisible({ timeout: 30_000 });
    return this.orgFingerprint();
  }

  async orgFingerprint(): Promise<string> {
    await expect(this.orgCode).toHaveText(FINGERPRINT);
    return (await this.orgCode.innerText()).trim();
  }

  member(name: string): Locator {
    return this.members.filter({ hasText: name });
  }

  /** Confirms a waiting member after checking that the code they read out is the one shown. */
  async confirmMember(name: string, theirCode: string): Promise<void> {
    const row = this.member(name);
    await expect(row.getByTestId("member-status")).toHaveText("承認待ち");
    await expect(row.getByTestId("member-code")).toHaveText(theirCode);
    const compare = row.getByTestId("member-compare");
    if (await compare.isVisible()) await compare.click();
    await row.getByTestId("member-confirm").click();
    await expect(row.getByTestId("member-status")).toHaveText("承認済み", { timeout: 30_000 });
  }

  peer(name: string): Locator {
    return this.peers.filter({ hasText: name });
  }

  /** Confirms a partner organisation once its code matches the one its member reads out. */
  async confirmPeer(name: string, theirCode: string): Promise<void> {
    const row = this.peer(name);
    await expect(row.getByTestId("peer-code")).toHaveText(theirCode);
    await row.getByTestId("peer-confirm").click();
    await expect(row.getByTestId("peer-confirmed")).toBeVisible({ timeout: 30_000 });
  }
}
