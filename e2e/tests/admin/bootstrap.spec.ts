import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { request, type Browser, type Page } from "@playwright/test";
import { test, expect, screenshot, expectAccessible, expectRefusal, isExpectedRefusal, canary } from "../../fixtures";
import { FreshServer } from "../../freshServer";
import { InvitePage, LoginPage, RoleGate, StaffBar, StaffPledge, TeamPage, type Authenticator } from "../../pages/staff";
import { AdminPage } from "../../pages/admin";
import { CoordinatorPage } from "../../pages/coordinator";

// From an empty database: the first admin (from `server admin init`) sets up a centre, a partner,
// a programme and pledges, and invites a caseworker and a coordinator, who register in their own
// browsers. The admin holds no organisation key: each organisation's first member makes its key,
// the two organisations confirm each other's by comparing codes, and a second caseworker gets the
// centre's key only after the first compared their code (a row the operator slips into the
// database never gets it). The coordinator invites volunteers; an incident note is sealed, and a
// note changed in the database is refused in the browser. Then the session rules: a TOTP code
// works once, and a session after logout is refused.
//
// Runs against a relay of its own (FreshServer), because the shared one carries demo accounts.

let server: FreshServer;

test.beforeAll(async () => {
  server = await FreshServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

/** A second person's browser, watched like the main page (no console errors, no outside requests). */
async function personPage(browser: Browser, problems: string[]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    locale: "ja-JP",
  });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error" && !isExpectedRefusal(page, msg.text())) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  context.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith("http") && url.hostname !== "127.0.0.1") {
      problems.push(`request left 127.0.0.1: ${url.origin}`);
    }
  });
  return page;
}

/**
 * Enrols a stand-in phone with an invitation code straight through the API (the volunteer's
 * own screens have their own journeys): fresh X25519 and Ed25519 public keys and a PIN proof.
 */
async function enrolStandInPhone(baseUrl: string, code: string): Promise<void> {
  const x25519 = generateKeyPairSync("x25519").publicKey.export({ format: "jwk" }).x;
  const ed25519 = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x;
  const api = await request.newContext({ baseURL: baseUrl });
  const r = await api.post("/api/device/enrol", {
    data: { code, public_key: x25519, signing_key: ed25519, pin_proof: randomBytes(32).toString("base64url") },
  });
  expect(r.status(), await r.text()).toBe(200);
  await api.dispose();
}

/** A screenshot from the top of the page (the sticky bar stays where it belongs). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Accept a staff invite in `page`: register, enrol TOTP, and sign the pledge if asked. */
async function acceptInvite(
  page: Page,
  url: string,
  login: string,
  password: string,
  expected: { role: string; organisation: string; name: string },
  shots?: string,
): Promise<Authenticator> {
  const invite = new InvitePage(page);
  await invite.open(url);
  // The token is read and removed from the address bar at once.
  await expect(page).toHaveURL(/\/invite$/);
  await expect(invite.role).toHaveText(expected.role);
  await expect(invite.organisation).toHaveText(expected.organisation);
  await expect(invite.displayName).toHaveText(expected.name);
  if (shots) {
    await expectAccessible(page);
    await shot(page, `${shots}-invite`);
  }
  await invite.fillAccount(login, password);
  const auth = await invite.enrolTotp();
  return auth;
}

test.describe("first admin and staff accounts", () => {
  test("bootstrap from an empty database through every staff role", async ({ page, browser }) => {
    test.setTimeout(600_000);
    const run = Date.now().toString(36);
    const password = canary("green tea at three o'clock");
    const centre = `みなみ市こども家庭センター ${run}（架空）`;
    const partner = `NPO法人 こもれび ${run}（架空）`;
    const programme = `おうち食堂 ${run}（架空）`;
    const problems: string[] = [];

    // --- the first admin ---------------------------------------------------------------------
    const adminUrl = server.adminInit();
    expect(adminUrl.startsWith(server.baseUrl)).toBe(true);
    const invite = new InvitePage(page);
    await invite.open(adminUrl);
    await expect(page).toHaveURL(/\/invite$/);
    await expect(invite.role).toHaveText("管理者");
    await expectAccessible(page);
    await shot(page, "admin-invite");

    // Weak passwords are refused in the browser, with a reason, before anything is derived.
    const adminLogin = `admin-${run}`;
    await invite.fillAccount(adminLogin, "short");
    await expect(invite.problem).toHaveText("パスワードは12文字以上にしてください。");
    await invite.fillAccount(adminLogin, "password1234");
    await expect(invite.problem).toContainText("よく使われていて");
    await invite.fillAccount(adminLogin, `my ${adminLogin} secret`);
    await expect(invite.problem).toHaveText("パスワードにログイン名を含めないでください。");
    await invite.fillAccount(adminLogin, password, `${password}!`);
    await expect(invite.problem).toHaveText("確認のために入力したパスワードが一致しません。");
    await expectAccessible(page);
    await shot(page, "admin-invite-password-rules");

    await invite.fillAccount(adminLogin, password);
    await expect(invite.totpSecret).toHaveText(/^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/, { timeout: 30_000 });
    await expect(page.getByTestId("qr")).toBeVisible();
    await expectAccessible(page);
    await shot(page, "admin-totp");
    const adminAuth = await invite.enrolTotp();

    const admin = new AdminPage(page);
    // Each role lands on its first sub-screen, which has an address of its own.
    await expect(page).toHaveURL(/\/admin\/organisations$/);
    await admin.tabs.expectCurrent("organisations");
    await expect(admin.heading).toBeVisible();
    await expect(admin.bar.name).toHaveText("管理者");

    // --- organisations, pledges, programme ------------------------------------------------
    await admin.createOrganisation("centre", centre);
    await admin.createOrganisation("partner", partner);
    // The admin makes no keys: each organisation's first member will.
    await expect(admin.orgItems.filter({ hasText: centre }).getByTestId("org-code")).toContainText("未作成");
    await expectAccessible(page);
    await shot(page, "admin-organisations");

    await admin.savePledge(centre, `誓約書（架空 ${run}）\n\n業務で知り得た情報は、誰にも漏らしません。`);
    await admin.savePledge(partner, `誓約書（架空 ${run}）\n\n訪問先で知ったことは、誰にも話しません。`);
    await expect(page.getByTestId("pledge-current")).toContainText("第1版");
    await expectAccessible(page);
    await shot(page, "admin-pledges");

    await admin.createProgramme({ partner, centre, name: programme, phone: "000-0000-0000" });
    await expectAccessible(page);
    await shot(page, "admin-programmes");

    const caseworkerUrl = await admin.inviteStaff("caseworker", centre, "山田 花子（架空）");
    expect(caseworkerUrl.startsWith(`${server.baseUrl}/invite#`)).toBe(true);
    await expect(page.getByTestId("invite-created").getByTestId("qr")).toBeVisible();
    await expectAccessible(page);
    await shot(page, "admin-staff-invite");
    const coordinatorUrl = await admin.inviteStaff("coordinator", partner, "佐藤 一郎（架空）");
    const secondUrl = await admin.inviteStaff("caseworker", centre, "木村 さくら（架空）");

    // --- the caseworker, in their own browser -----------------------------------------------
    const cw = await personPage(browser, problems);
    const cwLogin = `yamada-${run}`;
    const cwAuth = await acceptInvite(cw, caseworkerUrl, cwLogin, password, {
      role: "ケースワーカー",
      organisation: centre,
      name: "山田 花子（架空）",
    }, "admin-caseworker");
    await expect(cw).toHaveURL(/\/w$/);
    await expect(new StaffPledge(cw).form).toBeVisible();
    await expectAccessible(cw);
    await shot(cw, "admin-caseworker-pledge");
    await new StaffPledge(cw).sign("山田 花子");
    await expect(cw.getByTestId("caseworker-account")).toBeVisible();
    await expect(cw.getByTestId("account-pledge")).toContainText("署名済");
    await expect(cw.getByTestId("account-org")).toHaveText(centre);

    // The centre's first member makes its key, in this browser.
    const cwTeam = new TeamPage(cw);
    await cwTeam.open();
    await expect(cw.getByTestId("org-key-none")).toBeVisible();
    await expectAccessible(cw);
    await shot(cw, "team-first-member");
    const centreCode = await cwTeam.createOrgKey();
    await expectAccessible(cw);
    await shot(cw, "team-org-key-made");

    // --- the coordinator --------------------------------------------------------------------
    const co = await personPage(browser, problems);
    const coLogin = `sato-${run}`;
    await acceptInvite(co, coordinatorUrl, coLogin, password, {
      role: "コーディネーター",
      organisation: partner,
      name: "佐藤 一郎（架空）",
    });
    await expect(co).toHaveURL(/\/c\/volunteers$/);
    await new StaffPledge(co).sign("佐藤 一郎");
    const coordinator = new CoordinatorPage(co);
    await expect(coordinator.heading).toBeVisible();
    await expectAccessible(co);
    await shot(co, "admin-coordinator-home");

    // Before the partner has a key and the centre is confirmed, nothing can be invited.
    await coordinator.open("invite-volunteer");
    await expect(co.getByTestId("invite-needs-keys")).toBeVisible();
    await shot(co, "team-invite-needs-keys");
    const coTeam = new TeamPage(co);
    await coTeam.open();
    const partnerCode = await coTeam.createOrgKey();

    // The two organisations compare codes once (read out on the phone, say) and confirm.
    await cw.getByTestId("tab-account").click();
    await cwTeam.open();
    await expect(cwTeam.peer(partner).getByTestId("peer-confirm")).toBeVisible();
    await expectAccessible(cw);
    await shot(cw, "team-peer-to-compare");
    await cwTeam.confirmPeer(partner, partnerCode);
    await coTeam.confirmPeer(centre, centreCode);
    await expectAccessible(co);
    await shot(co, "team-coordinator");

    // --- the operator slips a staff row of their own into the database ----------------------
    const rogueId = randomUUID();
    const centreId = server.sql("SELECT id FROM organisations WHERE name = ?", [centre])[0][0] as string;
    const rawKey = (jwk: { x?: string }) => Buffer.from(jwk.x!, "base64url").toString("hex");
    const rogueSealing = rawKey(generateKeyPairSync("x25519").publicKey.export({ format: "jwk" }));
    const rogueSigning = rawKey(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }));
    server.sql(
      "INSERT INTO users (id, organisation_id, role, login_name, display_name, login_verifier, public_key, " +
        "signing_key, wrapped_key, totp_confirmed, created_at) VALUES (?, ?, 'caseworker', ?, '新しい職員（架空）', ?, ?, ?, ?, 1, ?)",
      [rogueId, centreId, `rogue-${run}`, { hex: "01".repeat(49) }, { hex: rogueSealing }, { hex: rogueSigning }, { hex: "01".repeat(100) }, Date.now()],
    );

    // --- a second caseworker: the centre's key only after someone compared their code ---------
    const cw2 = await personPage(browser, problems);
    await acceptInvite(cw2, secondUrl, `kimura-${run}`, password, {
      role: "ケースワーカー",
      organisation: centre,
      name: "木村 さくら（架空）",
    });
    await new StaffPledge(cw2).sign("木村 さくら");
    const cw2Team = new TeamPage(cw2);
    await cw2Team.open();
    await expect(cw2Team.waiting).toBeVisible();
    await expect(cw2.getByTestId("members-card")).toHaveCount(0);
    await expectAccessible(cw2);
    await shot(cw2, "team-waiting");
    const kimuraCode = await cw2Team.myFingerprint();
    await cw.getByTestId("tab-account").click();
    await cwTeam.open();
    // Both waiting: the real colleague and the operator's row. Only a compared code is confirmed.
    await expect(cwTeam.member("新しい職員（架空）").getByTestId("member-status")).toHaveText("承認待ち");
    await cwTeam.member("木村 さくら（架空）").getByTestId("member-compare").click();
    await expectAccessible(cw);
    await shot(cw, "team-member-compare");
    await cwTeam.confirmMember("木村 さくら（架空）", kimuraCode);
    await expect(cwTeam.member("新しい職員（架空）").getByTestId("member-status")).toHaveText("承認待ち");
    // The colleague compares the centre's code with the person who confirmed them.
    await cw2Team.refresh.click();
    await expect(cw2Team.toCompare).toHaveText(centreCode, { timeout: 30_000 });
    await expectAccessible(cw2);
    await shot(cw2, "team-compare-org-code");
    await cw2Team.same.click();
    await expect(cw2Team.trusted).toBeVisible({ timeout: 30_000 });
    expect(await cw2Team.orgFingerprint()).toBe(centreCode);

    // --- the coordinator invites a volunteer --------------------------------------------------
    const code = await coordinator.inviteVolunteer(`鈴木 ${run}（架空）`, programme);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    await expect(co.getByTestId("volunteer-invite-created").getByTestId("qr")).toBeVisible();
    await expectAccessible(co);
    await shot(co, "admin-coordinator-volunteer-code");
    await coordinator.open("volunteers");
    const suzuki = `鈴木 ${run}（架空）`;
    const volunteer = coordinator.volunteer(suzuki);
    await expect(volunteer.getByTestId("volunteer-pledge")).toHaveText("未署名");
    await expect(volunteer.getByTestId("volunteer-devices")).toContainText("まだ端末が登録されていません");
    await expectAccessible(co);
    await shot(co, "admin-coordinator-volunteers");
    // A volunteer's own screen: its address carries the id only.
    const detail = await coordinator.openVolunteer(suzuki);
    await expect(detail.pledge).toHaveText("未署名");
    await expectAccessible(co);
    await shot(co, "admin-coordinator-volunteer");
    await detail.revoke.click();
    await expect(detail.revokeConfirm).toBeVisible();
    await expect(detail.root).toContainText(`${suzuki} さんの利用を停止します`);
    await shot(co, "admin-coordinator-revoke-confirm");
    await detail.revokeConfirm.click();
    await expect(detail.revoked).toHaveText("利用停止");
    // The back button returns to the list, which shows the revocation too.
    await co.goBack();
    await expect(co).toHaveURL(/\/c\/volunteers$/);
    await expect(volunteer.getByTestId("volunteer-revoked")).toHaveText("利用停止");
    // A volunteer's phone is lost: the coordinator reports it, which opens an incident.
    const phoneOwner = `高橋 ${run}（架空）`;
    await enrolStandInPhone(server.baseUrl, await coordinator.inviteVolunteer(phoneOwner, programme));
    await coordinator.open("volunteers");
    await expect(coordinator.volunteer(phoneOwner).getByTestId("volunteer-devices")).toHaveText("端末 1台");
    const withPhone = (await coordinator.openVolunteer(phoneOwner)).root;
    await expect(withPhone.getByTestId("device-state")).toHaveText("利用中");
    await expect(withPhone.getByTestId("device-fingerprint")).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await withPhone.getByTestId("device-lost").click();
    await expect(withPhone.getByTestId("lost-form")).toContainText("家庭の名前は書かないでください");
    const lostNote = canary("帰りの電車で紛失に気づいた（架空）");
    await withPhone.getByTestId("lost-note").fill(lostNote);
    await expectAccessible(co);
    await shot(co, "admin-coordinator-lost");
    await withPhone.getByTestId("lost-confirm").click();
    await expect(co.getByTestId("incident").first()).toContainText("端末の紛失");
    await expect(withPhone.getByTestId("device-state")).toHaveText("紛失");
    await shot(co, "admin-coordinator-lost-reported");
    // Another volunteer replaces a phone: only that phone is revoked, the volunteer stays.
    const replacer = `渡辺 ${run}（架空）`;
    await enrolStandInPhone(server.baseUrl, await coordinator.inviteVolunteer(replacer, programme));
    await coordinator.open("volunteers");
    const replaced = await coordinator.openVolunteer(replacer);
    await replaced.devices.getByTestId("device-revoke").click();
    await expect(replaced.root.getByTestId("device-revoke-confirm")).toBeVisible();
    await expectAccessible(co);
    await shot(co, "admin-coordinator-device-revoke");
    await replaced.root.getByTestId("device-revoke-confirm").click();
    await expect(replaced.devices.getByTestId("device-state")).toHaveText("失効");
    await expect(replaced.revoked).toHaveCount(0);
    await expect(replaced.revoke).toBeVisible();
    await coordinator.open("incidents");
    await expect(co.getByTestId("incident-list").getByTestId("incident")).toHaveCount(1);
    await expect(co.getByTestId("incident-list")).toContainText(phoneOwner);
    // The note travelled sealed to the partner's key; this browser opens it.
    await expect(co.getByTestId("incident-note")).toHaveText(lostNote);
    await expectAccessible(co);
    await shot(co, "admin-coordinator-incidents");
    // Whoever changes the sealed note in the database gets a refusal on screen, not the note.
    const [[noteHex]] = server.sql("SELECT hex(sealed_note) FROM incidents") as string[][];
    const bytes = Buffer.from(noteHex, "hex");
    bytes[bytes.length - 1] ^= 0x01;
    server.sql("UPDATE incidents SET sealed_note = ?", [{ hex: bytes.toString("hex") }]);
    await coordinator.open("volunteers");
    await coordinator.open("incidents");
    await expect(co.getByTestId("incident-note-refused")).toContainText("表示しません");
    await expect(co.getByTestId("incident-note")).toHaveCount(0);
    await expectAccessible(co);
    await shot(co, "team-incident-note-refused");

    // --- the caseworker signs in again: the centre's key is still the one they made ------------
    await new StaffBar(cw).signOutNow();
    await expectAccessible(cw);
    await shot(cw, "admin-login");
    await new LoginPage(cw).signIn(cwLogin, password, await cwAuth.code());
    await expect(cw).toHaveURL(/\/w$/, { timeout: 30_000 });
    await expect(cw.getByTestId("account-org-key")).toHaveText(centreCode);
    // Every real member has signed in since the rogue row appeared; it never got the key.
    expect(server.sql("SELECT COUNT(*) FROM org_keys WHERE user_id = ?", [rogueId])[0][0]).toBe(0);
    expect(server.sql("SELECT COUNT(*) FROM org_keys WHERE organisation_id = ?", [centreId])[0][0]).toBe(2);
    await expectAccessible(cw);
    await shot(cw, "admin-caseworker-home");

    // --- a TOTP code works once; a session ends with logout ----------------------------------
    await admin.bar.signOutNow();
    const login = new LoginPage(page);
    const code1 = await adminAuth.code();
    await login.signIn(adminLogin, password, code1);
    await expect(page).toHaveURL(/\/admin\/organisations$/, { timeout: 30_000 });
    await admin.bar.signOutNow();
    expectRefusal(page, 401);
    await login.signIn(adminLogin, password, code1);
    await expect(login.error).toHaveText("ログイン名、パスワード、または確認コードが正しくありません。", {
      timeout: 30_000,
    });
    await expectAccessible(page);
    await shot(page, "admin-login-refused");
    await login.signIn(adminLogin, password, await adminAuth.code());
    await expect(page).toHaveURL(/\/admin\/organisations$/, { timeout: 30_000 });
    // Desktop first: the same screens use the width of an office monitor.
    await page.setViewportSize({ width: 1280, height: 900 });
    await admin.open("programmes");
    await expect(admin.programmeItems.filter({ hasText: programme })).toHaveCount(1);
    await shot(page, "admin-programmes-desktop");
    await page.setViewportSize({ width: 390, height: 844 });

    // --- someone leaves: the admin disables the account, and its session ends at once ---------
    await admin.open("staff");
    // Four accounts and the operator's row, which the admin sees and can disable too.
    await expect(page.getByTestId("staff-item")).toHaveCount(5);
    await expect(admin.staffMember(adminLogin).getByTestId("staff-disable")).toHaveCount(0);
    await expectAccessible(page);
    await shot(page, "admin-staff");
    const coRow = admin.staffMember(coLogin);
    await expect(coRow.getByTestId("staff-state")).toHaveText("有効");
    await coRow.getByTestId("staff-disable").click();
    await expect(coRow.getByTestId("staff-disable-warning")).toContainText(
      "佐藤 一郎（架空） さんのアカウントを無効にします",
    );
    await expectAccessible(page);
    await shot(page, "admin-staff-disable-confirm");
    await coRow.getByTestId("staff-disable-confirm").click();
    await expect(coRow.getByTestId("staff-state")).toHaveText("無効", { timeout: 15_000 });
    await expect(coRow.getByTestId("staff-disable")).toHaveCount(0);
    // The coordinator's open session is refused now, and their screens ask for a sign-in.
    const refused = await co.request.get(`${server.baseUrl}/api/session`);
    expect(refused.status()).toBe(401);
    expectRefusal(co, 401);
    await co.reload();
    await expect(new RoleGate(co).goLogin).toBeVisible({ timeout: 20_000 });
    // Signing in again is refused like a wrong password.
    await new RoleGate(co).goLogin.click();
    expectRefusal(co, 401);
    await new LoginPage(co).signIn(coLogin, password, "000000");
    await expect(new LoginPage(co).error).toHaveText(
      "ログイン名、パスワード、または確認コードが正しくありません。",
      { timeout: 30_000 },
    );

    const live = await page.request.get(`${server.baseUrl}/api/session`);
    expect(live.status()).toBe(200);
    await admin.bar.signOutNow();
    const after = await page.request.get(`${server.baseUrl}/api/session`);
    expect(after.status()).toBe(401);

    await cw.context().close();
    await cw2.context().close();
    await co.context().close();
    expect(problems, "console errors or outside requests in the other browsers").toEqual([]);
  });
});
