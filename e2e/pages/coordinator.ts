import { expect, type Locator, type Page } from "@playwright/test";
import { SectionTabs, StaffBar } from "./staff";

type CoordinatorTab = "volunteers" | "invite-volunteer" | "incidents" | "account";

/** `/c/*`: volunteers, one volunteer's phones, invitations, incidents, the account. */
export class CoordinatorPage {
  readonly bar: StaffBar;
  readonly tabs: SectionTabs;
  readonly home: Locator;
  readonly heading: Locator;
  /** The volunteers screen (its list may be empty). */
  readonly volunteersScreen: Locator;
  readonly volunteerList: Locator;
  readonly volunteers: Locator;
  readonly code: Locator;
  readonly detail: VolunteerDetail;

  constructor(readonly page: Page) {
    this.bar = new StaffBar(page);
    this.tabs = new SectionTabs(page);
    this.home = page.getByTestId("coordinator-home");
    this.heading = page.getByTestId("coordinator-signed-in");
    this.volunteersScreen = page.getByTestId("volunteers-screen");
    this.volunteerList = page.getByTestId("volunteer-list");
    this.volunteers = page.getByTestId("volunteer-item");
    this.code = page.getByTestId("volunteer-code");
    this.detail = new VolunteerDetail(page);
  }

  tab(name: CoordinatorTab): Locator {
    return this.tabs.tab(name);
  }

  /** Moves to a sub-screen by its tab; its address follows. */
  async open(name: CoordinatorTab): Promise<void> {
    const path = { volunteers: "volunteers", "invite-volunteer": "invite", incidents: "incidents", account: "account" }[name];
    await this.tab(name).click();
    await expect(this.page).toHaveURL(new RegExp(`/c/${path}$`));
    await this.tabs.expectCurrent(name);
  }

  /** Returns the 8-character code. */
  async inviteVolunteer(name: string, programme: string): Promise<string> {
    await this.open("invite-volunteer");
    const another = this.page.getByTestId("volunteer-invite-another");
    if (await another.isVisible()) await another.click();
    await this.page.getByTestId("volunteer-display-name").fill(name);
    await this.page.getByTestId("volunteer-programme").selectOption({ label: programme });
    await this.page.getByTestId("volunteer-invite-create").click();
    await expect(this.code).toHaveText(/^[A-Z0-9]{8}$/);
    return (await this.code.innerText()).trim();
  }

  /** Opens a volunteer's own screen from any `/c` screen, the list fetched afresh. */
  async openVolunteerFromAnywhere(name: string): Promise<VolunteerDetail> {
    if (/\/c\/volunteers$/.test(this.page.url())) await this.open("incidents");
    await this.open("volunteers");
    return this.openVolunteer(name);
  }

  /** A volunteer's row in the list. */
  volunteer(name: string): Locator {
    return this.volunteers.filter({ has: this.page.getByTestId("volunteer-name").getByText(name, { exact: true }) });
  }

  /** Opens a volunteer's own screen from the list; its address carries the id, never the name. */
  async openVolunteer(name: string): Promise<VolunteerDetail> {
    await this.volunteer(name).getByTestId("volunteer-name").click();
    await expect(this.page).toHaveURL(/\/c\/volunteers\/[0-9a-f-]{36}$/);
    expect(decodeURIComponent(this.page.url())).not.toContain(name);
    await expect(this.detail.name).toHaveText(name);
    await this.tabs.expectCurrent("volunteers");
    return this.detail;
  }
}

/** `/c/volunteers/:volunteer_id`. */
export class VolunteerDetail {
  readonly root: Locator;
  readonly name: Locator;
  readonly pledge: Locator;
  readonly revoked: Locator;
  readonly revoke: Locator;
  readonly revokeConfirm: Locator;
  readonly devices: Locator;
  readonly incident: Locator;
  readonly back: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("volunteer-detail");
    this.name = this.root.getByTestId("volunteer-name");
    this.pledge = this.root.getByTestId("volunteer-pledge");
    this.revoked = this.root.getByTestId("volunteer-revoked");
    this.revoke = this.root.getByTestId("volunteer-revoke");
    this.revokeConfirm = this.root.getByTestId("volunteer-revoke-confirm");
    this.devices = this.root.getByTestId("device-item");
    this.incident = this.root.getByTestId("incident");
    this.back = this.root.getByTestId("back-to-volunteers");
  }
}
