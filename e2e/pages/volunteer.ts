import { expect, type Locator, type Page } from "@playwright/test";
import { Shell } from "./shell";

/** The volunteer's phone: enrol, PIN, pledge, home, lock, logout. */
export class VolunteerPhone {
  readonly shell: Shell;
  readonly code: Locator;
  readonly codeNext: Locator;
  readonly pin: Locator;
  readonly pinAgain: Locator;
  readonly enrol: Locator;
  readonly problem: Locator;
  readonly error: Locator;
  readonly pledgeText: Locator;
  readonly pledgeName: Locator;
  readonly pledgeAccept: Locator;
  readonly hello: Locator;
  readonly lockButton: Locator;
  readonly unlockTitle: Locator;
  readonly unlockPin: Locator;
  readonly unlockSubmit: Locator;
  readonly wrongPin: Locator;
  readonly gone: Locator;
  readonly logout: Locator;
  readonly logoutConfirm: Locator;

  constructor(readonly page: Page) {
    this.shell = new Shell(page);
    this.code = page.getByTestId("enrol-code");
    this.codeNext = page.getByTestId("enrol-code-next");
    this.pin = page.getByTestId("enrol-pin");
    this.pinAgain = page.getByTestId("enrol-pin-again");
    this.enrol = page.getByTestId("enrol-submit");
    this.problem = page.getByTestId("enrol-problem");
    this.error = page.getByTestId("error");
    this.pledgeText = page.getByTestId("pledge-text");
    this.pledgeName = page.getByTestId("pledge-name");
    this.pledgeAccept = page.getByTestId("pledge-accept");
    this.hello = page.getByTestId("volunteer-hello");
    this.lockButton = page.getByTestId("lock");
    this.unlockTitle = page.getByTestId("unlock-title");
    this.unlockPin = page.getByTestId("unlock-pin");
    this.unlockSubmit = page.getByTestId("unlock-submit");
    this.wrongPin = page.getByTestId("wrong-pin");
    this.gone = page.getByTestId("device-gone");
    this.logout = page.getByTestId("logout");
    this.logoutConfirm = page.getByTestId("logout-confirm");
  }

  /** Opens the invitation link from the coordinator's QR code. */
  async openInvite(path: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.pin).toBeVisible();
  }

  async choosePin(pin: string, again = pin): Promise<void> {
    await this.pin.fill(pin);
    await this.pinAgain.fill(again);
    await this.enrol.click();
  }

  /** Scrolls the pledge to its end (signing is possible only then), types the name, signs. */
  async signPledge(name: string): Promise<void> {
    await expect(this.pledgeText).toBeVisible();
    await this.pledgeText.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await this.pledgeName.fill(name);
    await expect(this.pledgeAccept).toBeEnabled();
    await this.pledgeAccept.click();
  }

  async unlock(pin: string): Promise<void> {
    await this.unlockPin.fill(pin);
    await this.unlockSubmit.click();
  }

  /** Every byte this origin holds in IndexedDB and Cache Storage, as text for canary checks. */
  async dumpLocalStorage(): Promise<string> {
    return this.page.evaluate(async () => {
      const parts: string[] = [];
      const dbs = await indexedDB.databases();
      for (const info of dbs) {
        if (!info.name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(info.name!);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        for (const storeName of Array.from(db.objectStoreNames)) {
          const values = await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction(storeName).objectStore(storeName).getAll();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          for (const v of values) {
            parts.push(
              v instanceof Uint8Array ? new TextDecoder("utf-8", { fatal: false }).decode(v) : JSON.stringify(v),
            );
          }
        }
        db.close();
      }
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const req of await cache.keys()) {
          const res = await cache.match(req);
          parts.push(req.url, res ? await res.text() : "");
        }
      }
      parts.push(JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }));
      return parts.join("\n");
    });
  }

  async indexedDbNames(): Promise<string[]> {
    return this.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ""));
  }
}
