import type { Locator, Page } from "@playwright/test";
import { Shell } from "./shell";

export class LandingPage {
  readonly shell: Shell;
  readonly root: Locator;
  readonly title: Locator;
  readonly volunteer: Locator;
  readonly coordinator: Locator;
  readonly caseworker: Locator;

  constructor(readonly page: Page) {
    this.shell = new Shell(page);
    this.root = page.getByTestId("landing");
    this.title = this.root.getByRole("heading", { level: 1 });
    this.volunteer = page.getByTestId("role-volunteer");
    this.coordinator = page.getByTestId("role-coordinator");
    this.caseworker = page.getByTestId("role-caseworker");
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
    await this.root.waitFor();
  }
}
