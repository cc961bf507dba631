import { expect, type Locator, type Page } from "@playwright/test";
import { SectionTabs, StaffBar } from "./staff";

/** `/admin/*`: organisations, programmes, staff invitations, pledges, staff accounts. */
type AdminTab = "organisations" | "programmes" | "invites" | "pledges" | "staff";

export class AdminPage {
  readonly bar: StaffBar;
  readonly tabs: SectionTabs;
  readonly home: Locator;
  readonly heading: Locator;
  readonly orgItems: Locator;
  readonly programmeItems: Locator;

  constructor(readonly page: Page) {
    this.bar = new StaffBar(page);
    this.tabs = new SectionTabs(page);
    this.home = page.getByTestId("admin-home");
    this.heading = page.getByTestId("admin-signed-in");
    this.orgItems = page.getByTestId("org-item");
    this.programmeItems = page.getByTestId("programme-item");
  }

  tab(name: AdminTab): Locator {
    return this.tabs.tab(name);
  }

  /** Moves to a sub-screen by its tab; its address follows. */
  async open(name: AdminTab): Promise<void> {
    await this.tab(name).click();
    await expect(this.page).toHaveURL(new RegExp(`/admin/${name}$`));
    await this.tabs.expectCurrent(name);
  }

  async createOrganisation(kind: "centre" | "partner", name: string): Promise<void> {
    await this.open("organisations");
    await this.page.getByTestId("org-kind").selectOption(kind);
    await this.page.getByTestId("org-name").fill(name);
    await this.page.getByTestId("org-create").click();
    await expect(this.page.getByTestId("org-created")).toContainText(name, { timeout: 15_000 });
    await expect(this.orgItems.filter({ hasText: name })).toHaveCount(1);
  }

  async createProgramme(p: { partner: string; centre: string; name: string; phone: string }): Promise<void> {
    await this.open("programmes");
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
    await this.open("invites");
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
    await this.open("pledges");
    await this.page.getByTestId("pledge-org").selectOption({ label: organisation });
    await this.page.getByTestId("pledge-text-input").fill(text);
    await this.page.getByTestId("pledge-save").click();
    await expect(this.page.getByTestId("pledge-saved")).toBeVisible();
  }

  /** One staff account's row on `/admin/staff`, by login name. */
  staffMember(login: string): Locator {
    return this.page.locator(`[data-testid="staff-item"][data-login="${login}"]`);
  }

  /** Disables an account from `/admin/staff`: the button, then the confirmation. */
  async disableStaff(login: string): Promise<void> {
    await this.open("staff");
    const row = this.staffMember(login);
    await row.getByTestId("staff-disable").click();
    await expect(row.getByTestId("staff-disable-warning")).toBeVisible();
    await row.getByTestId("staff-disable-confirm").click();
    await expect(row.getByTestId("staff-state")).toHaveText("無効", { timeout: 15_000 });
    await expect(row.getByTestId("staff-disable")).toHaveCount(0);
  }
}
