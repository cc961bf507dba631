//! Shared by the accounts, authorization, directory and audit tests: a router on a real temporary
//! SQLite database, a cookie-keeping client, and helpers that drive the API the way the browser
//! does, with the domain crate doing the browser's cryptography (identities, sealed envelopes,
//! certificates).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use domain::api::{
    B64, OrgKind, StaffRole, incident_note_binding, invitation_binding, org_key_binding,
};
use domain::envelope::{self, Sender};
use domain::identity::{Identity, IdentitySeed, PublicIdentity};
use domain::ids::{IncidentId, InvitationId, OrgId, UserId};
use domain::invitation::BindingSecret;
use domain::keys::KeyPair;
use domain::signing::VerifyingKey;
use domain::trust::Statement;
use domain::wrap::{device, staff as staff_wrap};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server::auth::totp;
use server::clock::{Clock, ManualClock, SystemClock, TimeSource};
use server::keyfile::{IfMissing, RelayKeys};
use server::routes::router;
use server::seed::bootstrap;
use server::state::AppState;
use std::sync::Arc;
use tower::ServiceExt;

pub struct Harness {
    pub app: Router,
    pub db: sqlx::SqlitePool,
    /// Set when the relay runs on a manual clock ([`harness_on_manual_clock`]).
    pub clock: Option<ManualClock>,
    /// The keys from the relay's key file ([`Harness::key_file`]).
    pub keys: Arc<RelayKeys>,
    pub key_file: std::path::PathBuf,
    pub site: std::path::PathBuf,
    pub dir: tempfile::TempDir,
}

/// The relay on the system clock.
pub async fn harness() -> Harness {
    build(None).await
}

/// The relay on a clock that moves only when the test says so, starting at the present (TOTP
/// codes computed from it are real ones).
pub async fn harness_on_manual_clock() -> (Harness, ManualClock) {
    let clock = ManualClock::starting_at(SystemClock.now_ms());
    (build(Some(clock.clone())).await, clock)
}

/// The relay (system clock) on the database `test.db` already in `dir`, migrated to today's
/// schema as `server serve` would.
pub async fn harness_at(dir: tempfile::TempDir) -> Harness {
    build_in(dir, None).await
}

async fn build(manual: Option<ManualClock>) -> Harness {
    build_in(tempfile::tempdir().unwrap(), manual).await
}

async fn build_in(dir: tempfile::TempDir, manual: Option<ManualClock>) -> Harness {
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "<!doctype html>").unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    // Opened as every relay command opens it: migrations, the key file (made on a first start),
    // and any TOTP secret left in the clear by an older version sealed.
    let key_file = dir.path().join("relay.key");
    let (pool, keys) = server::cli::relay(
        &server::cli::DbArgs { database_url: url },
        &server::cli::KeyArgs {
            key_file: key_file.clone(),
        },
        IfMissing::Create,
    )
    .await
    .unwrap();
    let mut h = Harness {
        app: Router::new(),
        db: pool,
        clock: manual,
        keys,
        key_file,
        site,
        dir,
    };
    h.app = h.router();
    h
}

impl Harness {
    /// A new router (new rate limiter, no in-memory state) on the same database, key file and
    /// clock: what a restarted relay is.
    pub fn router(&self) -> Router {
        let clock = match &self.clock {
            Some(manual) => Clock::manual(manual),
            None => Clock::system(),
        };
        let state =
            AppState::new(self.db.clone(), self.site.clone(), self.keys.clone()).with_clock(clock);
        router(state, 256 * 1024)
    }
}

/// The system's time, for tests that do not control the relay's clock.
pub fn now_ms() -> i64 {
    SystemClock.now_ms()
}

/// A browser: keeps the session cookie and the CSRF token the API handed out.
#[derive(Default, Clone)]
pub struct Client {
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn error(&self) -> &str {
        self.body["error"].as_str().unwrap_or("")
    }
}

impl Harness {
    /// The relay's "now": its manual clock if it has one.
    pub fn now_ms(&self) -> i64 {
        match &self.clock {
            Some(clock) => clock.now_ms(),
            None => now_ms(),
        }
    }

    pub async fn raw(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    /// Sends JSON as `client`, with its cookie and CSRF token, and keeps any new cookie.
    pub async fn call(
        &self,
        client: &mut Client,
        method: Method,
        uri: &str,
        body: Option<Value>,
    ) -> Answer {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(cookie) = &client.cookie {
            builder = builder.header(header::COOKIE, format!("__Host-yorisoi_session={cookie}"));
        }
        if let Some(csrf) = &client.csrf {
            builder = builder.header("x-csrf-token", csrf);
        }
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(serde_json::to_vec(&body).unwrap()))
                .unwrap(),
            None => builder.body(Body::empty()).unwrap(),
        };
        let answer = self.raw(request).await;
        if let Some(set) = answer.headers.get(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let value = set
                .strip_prefix("__Host-yorisoi_session=")
                .unwrap()
                .split(';')
                .next()
                .unwrap();
            client.cookie = (!value.is_empty()).then(|| value.to_owned());
        }
        if let Some(csrf) = answer.body.get("csrf_token").and_then(Value::as_str) {
            client.csrf = Some(csrf.to_owned());
        }
        answer
    }

    pub async fn get(&self, client: &mut Client, uri: &str) -> Answer {
        self.call(client, Method::GET, uri, None).await
    }

    pub async fn post(&self, client: &mut Client, uri: &str, body: Value) -> Answer {
        self.call(client, Method::POST, uri, Some(body)).await
    }

    pub async fn put(&self, client: &mut Client, uri: &str, body: Value) -> Answer {
        self.call(client, Method::PUT, uri, Some(body)).await
    }

    pub async fn audit_count(&self, action: &str, object: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = ? AND object = ?")
            .bind(action)
            .bind(object)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }
}

/// What a staff member's browser holds.
pub struct Staff {
    pub client: Client,
    pub user_id: String,
    pub role: StaffRole,
    /// `None` for admins.
    pub organisation_id: Option<String>,
    pub login_name: String,
    pub password: String,
    pub login_secret: [u8; 32],
    /// The identity seed wrapped under the password; the keys derive from it.
    pub seed: IdentitySeed,
    pub totp_secret: Vec<u8>,
    /// The TOTP step last used, so the next login uses a fresh code.
    pub last_step: i64,
    /// The organisation's seed, once this member created the identity or was confirmed.
    pub org_seed: Option<IdentitySeed>,
}

impl Staff {
    pub fn keys(&self) -> Identity {
        self.seed.identity().unwrap()
    }

    pub fn identity(&self) -> PublicIdentity {
        self.keys().public()
    }

    pub fn uid(&self) -> UserId {
        UserId::parse(&self.user_id).unwrap()
    }

    pub fn org(&self) -> OrgId {
        OrgId::parse(self.organisation_id.as_deref().unwrap()).unwrap()
    }

    /// The organisation's identity, as this member's browser knows it from the seed it holds.
    pub fn org_identity(&self) -> PublicIdentity {
        self.org_seed
            .as_ref()
            .expect("holds no organisation seed")
            .identity()
            .unwrap()
            .public()
    }
}

/// How the browser's side of a registration is made. `Real` runs Argon2id at today's cost (the
/// DB dump scan needs a real password, secret and wrapped seed); `Fast` makes a blob with the
/// right shape and parameters, which is all the relay can check.
pub enum Keys {
    Real,
    Fast,
}

fn browser_keys(kind: Keys, password: &str, seed: &IdentitySeed) -> ([u8; 32], Vec<u8>) {
    match kind {
        Keys::Real => {
            let params = staff_wrap::KdfParams::generate().unwrap();
            let keys = staff_wrap::derive(password, &params).unwrap();
            (
                *keys.login_secret().as_bytes(),
                keys.wrap_seed(seed).unwrap(),
            )
        }
        Keys::Fast => (random::<32>(), fast_wrapped_key()),
    }
}

/// A staff wrap blob with the right shape and today's parameters, but random contents.
pub fn fast_wrapped_key() -> Vec<u8> {
    let mut blob = vec![1u8, 2];
    blob.extend_from_slice(&staff_wrap::ARGON2_M_COST_KIB.to_be_bytes());
    blob.extend_from_slice(&staff_wrap::ARGON2_T_COST.to_be_bytes());
    blob.extend_from_slice(&staff_wrap::ARGON2_P_COST.to_be_bytes());
    blob.extend_from_slice(&random::<16>());
    blob.extend_from_slice(&random::<12>());
    blob.extend_from_slice(&random::<48>());
    blob
}

pub fn random<const N: usize>() -> [u8; N] {
    server::auth::tokens::random_bytes::<N>().unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    domain::encoding::to_base64url(bytes)
}

/// A fresh identity, as a browser or a phone makes one.
pub fn new_identity() -> PublicIdentity {
    IdentitySeed::generate()
        .unwrap()
        .identity()
        .unwrap()
        .public()
}

/// Opens an invite, registers and confirms TOTP: a signed-in staff member.
pub async fn register(h: &Harness, token: &str, login_name: &str, keys: Keys) -> Staff {
    let password = format!("pw-{login_name}-correct horse");
    let seed = IdentitySeed::generate().unwrap();
    let identity = seed.identity().unwrap().public();
    let (login_secret, wrapped) = browser_keys(keys, &password, &seed);
    let mut client = Client::default();
    let info = h
        .post(
            &mut client,
            "/api/staff/invites/inspect",
            json!({ "token": token }),
        )
        .await;
    assert_eq!(info.status, StatusCode::OK, "{:?}", info.body);
    let answer = h
        .post(
            &mut client,
            "/api/staff/register",
            json!({
                "token": token,
                "login_name": login_name,
                "login_secret": b64(&login_secret),
                "identity": identity,
                "wrapped_key": b64(&wrapped),
            }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let totp_secret = totp::from_base32(answer.body["secret_base32"].as_str().unwrap()).unwrap();
    let step = totp::step_at(h.now_ms());
    let confirmed = h
        .post(
            &mut client,
            "/api/staff/totp/confirm",
            json!({ "code": totp::code_at_step(&totp_secret, step) }),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    assert_eq!(
        serde_json::from_value::<PublicIdentity>(confirmed.body["identity"].clone()).unwrap(),
        identity
    );
    Staff {
        client,
        user_id: confirmed.body["user_id"].as_str().unwrap().to_owned(),
        role: serde_json::from_value(confirmed.body["role"].clone()).unwrap(),
        organisation_id: confirmed.body["organisation"]["id"]
            .as_str()
            .map(str::to_owned),
        login_name: login_name.to_owned(),
        password,
        login_secret,
        seed,
        totp_secret,
        last_step: step,
        org_seed: None,
    }
}

impl Staff {
    /// Signs in again with a code for a step not used before (and not behind the relay's clock).
    pub async fn login(&mut self, h: &Harness) -> Answer {
        self.last_step = (self.last_step + 1).max(totp::step_at(h.now_ms()));
        let code = totp::code_at_step(&self.totp_secret, self.last_step);
        h.post(
            &mut self.client,
            "/api/staff/login",
            json!({
                "login_name": self.login_name,
                "login_secret": b64(&self.login_secret),
                "totp_code": code,
            }),
        )
        .await
    }
}

pub async fn bootstrap_admin(h: &Harness, keys: Keys) -> Staff {
    let outcome = bootstrap::init_admin(&h.db, &h.keys, "http://relay.test", h.now_ms())
        .await
        .unwrap();
    let bootstrap::Outcome::Created { url, .. } = outcome else {
        panic!("no invite: {outcome:?}");
    };
    let token = url.split_once('#').unwrap().1.to_owned();
    register(h, &token, "admin.one", keys).await
}

/// An organisation as the admin creates it: a name and a kind, no keys.
pub async fn create_org(h: &Harness, admin: &mut Staff, kind: &str, name: &str) -> String {
    let answer = h
        .post(
            &mut admin.client,
            "/api/admin/organisations",
            json!({ "kind": kind, "name": name }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(answer.body["identity"], Value::Null);
    answer.body["id"].as_str().unwrap().to_owned()
}

/// An organisation's seed sealed by `sender` to `holder`, as a holder's browser seals it.
pub fn seal_seed(org: &IdentitySeed, sender: &Staff, holder: &PublicIdentity) -> Vec<u8> {
    let keys = sender.keys();
    envelope::seal(
        &org_key_binding(&org.identity().unwrap().public()),
        &Sender {
            id: &sender.user_id,
            key: &keys.signing,
        },
        &[holder.sealing],
        org.as_bytes(),
    )
    .unwrap()
}

/// The organisation's Member certificate for `member`.
pub fn member_certificate(
    org: &IdentitySeed,
    organisation: &OrgId,
    member: &UserId,
    role: StaffRole,
    identity: &PublicIdentity,
) -> [u8; 64] {
    Statement::Member {
        organisation,
        user: member,
        role,
        identity,
    }
    .certify(&org.identity().unwrap().signing)
}

/// What the first member's browser sends to create the organisation's identity.
pub fn new_org_identity_body(member: &Staff, org: &IdentitySeed) -> Value {
    let me = member.identity();
    json!({
        "identity": org.identity().unwrap().public(),
        "sealed_seed": b64(&seal_seed(org, member, &me)),
        "certificate": b64(&member_certificate(org, &member.org(), &member.uid(), member.role, &me)),
    })
}

/// The first member creates their organisation's identity; they then hold its seed.
pub async fn create_identity(h: &Harness, member: &mut Staff) -> IdentitySeed {
    let org = IdentitySeed::generate().unwrap();
    let body = new_org_identity_body(member, &org);
    let answer = h.post(&mut member.client, "/api/org/identity", body).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    member.org_seed = Some(org.clone());
    org
}

/// What a holder's browser sends to confirm `member` (after comparing their code).
pub fn confirmation_body(holder: &Staff, member: &Staff) -> Value {
    let org = holder.org_seed.as_ref().unwrap();
    let identity = member.identity();
    json!({
        "certificate": b64(&member_certificate(org, &member.org(), &member.uid(), member.role, &identity)),
        "sealed_seed": b64(&seal_seed(org, holder, &identity)),
    })
}

/// A holder confirms `member`, who then holds the organisation's seed.
pub async fn confirm_member(h: &Harness, holder: &mut Staff, member: &mut Staff) -> Answer {
    let body = confirmation_body(holder, member);
    let answer = h
        .post(
            &mut holder.client,
            &format!("/api/org/members/{}/confirm", member.user_id),
            body,
        )
        .await;
    if answer.status == StatusCode::NO_CONTENT {
        member.org_seed = holder.org_seed.clone();
    }
    answer
}

/// A holder's organisation certifies a peer organisation's identity.
pub fn peer_certificate(
    holder: &Staff,
    peer: &str,
    peer_kind: OrgKind,
    identity: &PublicIdentity,
) -> [u8; 64] {
    Statement::PeerOrganisation {
        organisation: &holder.org(),
        peer: &OrgId::parse(peer).unwrap(),
        peer_kind,
        identity,
    }
    .certify(
        &holder
            .org_seed
            .as_ref()
            .unwrap()
            .identity()
            .unwrap()
            .signing,
    )
}

pub async fn create_programme(
    h: &Harness,
    admin: &mut Staff,
    partner: &str,
    centre: &str,
) -> String {
    let answer = h
        .post(
            &mut admin.client,
            "/api/admin/programmes",
            json!({
                "partner_id": partner, "centre_id": centre, "name": "おうち食堂（テスト）",
                "support_kind": "meal", "coordinator_reads_reports": true,
                "emergency_phone": "000-0000-0000", "retention_days": 90,
                "idle_lock_secs": 300, "offline_window_secs": 0,
            }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["id"].as_str().unwrap().to_owned()
}

pub async fn invite_staff(h: &Harness, admin: &mut Staff, role: &str, org: Option<&str>) -> String {
    let answer = h
        .post(
            &mut admin.client,
            "/api/admin/staff-invites",
            json!({ "role": role, "organisation_id": org, "display_name": "テスト 職員" }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert!(
        answer.body["path"]
            .as_str()
            .unwrap()
            .starts_with("/invite#")
    );
    answer.body["token"].as_str().unwrap().to_owned()
}

/// A phone: its key pairs, PIN, DEK and the blob it keeps.
pub struct Phone {
    pub client: Client,
    pub device_id: String,
    pub volunteer_id: String,
    pub key_pair: KeyPair,
    pub signing: ed25519_dalek::SigningKey,
    pub pin: String,
    pub dek: domain::keys::DataKey,
    pub salt: [u8; 16],
    pub wrapped_dek: Vec<u8>,
    pub pin_proof: [u8; 32],
    pub share: Vec<u8>,
    /// The device credential the relay issued at enrolment.
    pub credential: Vec<u8>,
    /// What the relay answered at enrolment (the organisations' identities among it).
    pub session: Value,
}

impl Phone {
    pub fn identity(&self) -> PublicIdentity {
        PublicIdentity {
            sealing: self.key_pair.public(),
            signing: VerifyingKey::from_slice(self.signing.verifying_key().as_bytes()).unwrap(),
        }
    }
}

/// Cheap PBKDF2 for tests; the relay never sees the iteration count.
pub const TEST_ITERATIONS: u32 = 1000;

pub fn pin_proof(pin: &str, salt: &[u8; 16]) -> [u8; 32] {
    // The proof does not depend on S, so any share gives the same one.
    let enrolment = device::wrap_dek_for_test_vectors(
        pin,
        &device::ServerShare::from_bytes(&[0; 32]),
        &domain::keys::DataKey::from_bytes(&[0; 32]),
        TEST_ITERATIONS,
        salt,
        &[0; 12],
    )
    .unwrap();
    *enrolment.pin_proof.as_bytes()
}

/// A volunteer invitation as the coordinator's browser makes it: its id and binding secret, the
/// secret sealed to the partner's identity.
pub struct Invitation {
    pub id: InvitationId,
    pub secret: BindingSecret,
    pub sealed_secret: Vec<u8>,
}

impl Invitation {
    pub fn new(coordinator: &Staff) -> Self {
        let id = InvitationId::random().unwrap();
        let secret = BindingSecret::generate().unwrap();
        let keys = coordinator.keys();
        let sealed_secret = envelope::seal(
            &invitation_binding(&id),
            &Sender {
                id: &coordinator.user_id,
                key: &keys.signing,
            },
            &[coordinator.org_identity().sealing],
            secret.as_bytes(),
        )
        .unwrap();
        Self {
            id,
            secret,
            sealed_secret,
        }
    }

    pub fn body(&self, programme: &str, volunteer: Option<&str>) -> Value {
        json!({
            "invitation_id": self.id, "sealed_secret": b64(&self.sealed_secret),
            "programme_id": programme, "volunteer_id": volunteer, "display_name": "テスト 支援員",
        })
    }
}

pub async fn invite_volunteer(
    h: &Harness,
    coordinator: &mut Staff,
    programme: &str,
    volunteer: Option<&str>,
) -> Answer {
    invite_volunteer_with(h, coordinator, programme, volunteer)
        .await
        .0
}

/// [`invite_volunteer`], keeping the invitation (its secret goes into the link).
pub async fn invite_volunteer_with(
    h: &Harness,
    coordinator: &mut Staff,
    programme: &str,
    volunteer: Option<&str>,
) -> (Answer, Invitation) {
    let invitation = Invitation::new(coordinator);
    let answer = h
        .post(
            &mut coordinator.client,
            "/api/partner/volunteer-invites",
            invitation.body(programme, volunteer),
        )
        .await;
    (answer, invitation)
}

/// A phone enrols with a typed code (no binding tag).
pub async fn enrol(h: &Harness, code: &str, pin: &str) -> Phone {
    enrol_with(h, code, pin, None).await
}

/// A phone enrols; from a link it sends the tag over its new identity under the link's secret.
pub async fn enrol_with(h: &Harness, code: &str, pin: &str, link: Option<&BindingSecret>) -> Phone {
    let key_pair = KeyPair::generate().unwrap();
    let signing = ed25519_dalek::SigningKey::from_bytes(&random::<32>());
    let identity = PublicIdentity {
        sealing: key_pair.public(),
        signing: VerifyingKey::from_slice(signing.verifying_key().as_bytes()).unwrap(),
    };
    let tag = link.map(|secret| b64(&domain::invitation::binding_tag(secret, &identity)));
    let salt = random::<16>();
    let proof = pin_proof(pin, &salt);
    let mut client = Client::default();
    let answer = h
        .post(
            &mut client,
            "/api/device/enrol",
            json!({
                "code": code,
                "public_key": key_pair.public(),
                "signing_key": b64(signing.verifying_key().as_bytes()),
                "pin_proof": b64(&proof),
                "binding_tag": tag,
            }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let share: B64 = serde_json::from_value(answer.body["share"].clone()).unwrap();
    let credential: B64 = serde_json::from_value(answer.body["device_credential"].clone()).unwrap();
    assert_eq!(credential.0.len(), 32);
    let dek = domain::keys::DataKey::generate().unwrap();
    let wrapped = device::wrap_dek_for_test_vectors(
        pin,
        &device::ServerShare::from_bytes(&share.0.clone().try_into().unwrap()),
        &dek,
        TEST_ITERATIONS,
        &salt,
        &random::<12>(),
    )
    .unwrap();
    assert_eq!(wrapped.pin_proof.as_bytes(), &proof);
    Phone {
        client,
        device_id: answer.body["device_id"].as_str().unwrap().to_owned(),
        volunteer_id: answer.body["volunteer_id"].as_str().unwrap().to_owned(),
        key_pair,
        signing,
        pin: pin.to_owned(),
        dek,
        salt,
        wrapped_dek: wrapped.wrapped_dek,
        pin_proof: proof,
        share: share.0,
        credential: credential.0,
        session: answer.body,
    }
}

impl Phone {
    pub async fn unlock(&mut self, h: &Harness, pin: &str) -> Answer {
        let credential = self.credential.clone();
        self.unlock_with(h, pin, &credential).await
    }

    /// An unlock presenting `credential` (the phone's own, or someone's guess).
    pub async fn unlock_with(&mut self, h: &Harness, pin: &str, credential: &[u8]) -> Answer {
        let proof = pin_proof(pin, &self.salt);
        h.post(
            &mut self.client,
            "/api/device/unlock",
            json!({ "device_id": self.device_id, "pin_proof": b64(&proof),
                    "device_credential": b64(credential) }),
        )
        .await
    }
}

/// What a coordinator's browser sends to report a lost phone: a fresh incident id and, if
/// there is a note, the note sealed to the partner's identity under it.
pub fn lost_report(coordinator: &Staff, note: Option<&str>) -> Value {
    let incident = IncidentId::random().unwrap();
    let sealed = note.map(|note| {
        let keys = coordinator.keys();
        b64(&envelope::seal(
            &incident_note_binding(&incident),
            &Sender {
                id: &coordinator.user_id,
                key: &keys.signing,
            },
            &[coordinator.org_identity().sealing],
            note.as_bytes(),
        )
        .unwrap())
    });
    json!({ "incident_id": incident, "sealed_note": sealed })
}

/// Everything the IDOR and flow tests need: an admin, a centre with a caseworker, and two
/// partners (A and B) each with a coordinator, a programme, a volunteer and an enrolled phone.
/// Each organisation's identity was created by its member, who holds its seed.
pub struct World {
    pub admin: Staff,
    pub centre: String,
    pub centre_seed: IdentitySeed,
    pub caseworker: Staff,
    pub partner_a: String,
    pub partner_a_seed: IdentitySeed,
    pub partner_b: String,
    pub partner_b_seed: IdentitySeed,
    pub programme_a: String,
    pub programme_b: String,
    pub coordinator_a: Staff,
    pub coordinator_b: Staff,
    pub phone_a: Phone,
    pub phone_b: Phone,
}

pub async fn world(h: &Harness) -> World {
    let mut admin = bootstrap_admin(h, Keys::Fast).await;
    let centre = create_org(h, &mut admin, "centre", "センターA").await;
    let partner_a = create_org(h, &mut admin, "partner", "NPO A").await;
    let partner_b = create_org(h, &mut admin, "partner", "NPO B").await;
    let programme_a = create_programme(h, &mut admin, &partner_a, &centre).await;
    let programme_b = create_programme(h, &mut admin, &partner_b, &centre).await;
    let t = invite_staff(h, &mut admin, "caseworker", Some(&centre)).await;
    let mut caseworker = register(h, &t, "case.worker", Keys::Fast).await;
    let t = invite_staff(h, &mut admin, "coordinator", Some(&partner_a)).await;
    let mut coordinator_a = register(h, &t, "coord.a", Keys::Fast).await;
    let t = invite_staff(h, &mut admin, "coordinator", Some(&partner_b)).await;
    let mut coordinator_b = register(h, &t, "coord.b", Keys::Fast).await;
    let centre_seed = create_identity(h, &mut caseworker).await;
    let partner_a_seed = create_identity(h, &mut coordinator_a).await;
    let partner_b_seed = create_identity(h, &mut coordinator_b).await;
    let a = invite_volunteer(h, &mut coordinator_a, &programme_a, None).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    let phone_a = enrol(h, a.body["code"].as_str().unwrap(), "111111").await;
    let b = invite_volunteer(h, &mut coordinator_b, &programme_b, None).await;
    let phone_b = enrol(h, b.body["code"].as_str().unwrap(), "222222").await;
    World {
        admin,
        centre,
        centre_seed,
        caseworker,
        partner_a,
        partner_a_seed,
        partner_b,
        partner_b_seed,
        programme_a,
        programme_b,
        coordinator_a,
        coordinator_b,
        phone_a,
        phone_b,
    }
}

/// Every column of every row of every table, as bytes: what a copy of the database gives away.
pub async fn db_dump(db: &sqlx::SqlitePool) -> Vec<u8> {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(db)
            .await
            .unwrap();
    let mut dump: Vec<u8> = Vec::new();
    for table in &tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(db)
                .await
                .unwrap();
        for column in columns {
            let values: Vec<Option<Vec<u8>>> = sqlx::query_scalar(&format!(
                "SELECT CAST(\"{column}\" AS BLOB) FROM \"{table}\""
            ))
            .fetch_all(db)
            .await
            .unwrap();
            for v in values.into_iter().flatten() {
                dump.extend_from_slice(&v);
                dump.push(0);
            }
        }
    }
    dump
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The raw bytes of the database file, its WAL and its shared-memory index, each as it is on
/// disk now (a missing file is empty).
pub fn raw_files(h: &Harness) -> Vec<(String, Vec<u8>)> {
    let base = h.dir.path().join("test.db");
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let path = format!("{}{suffix}", base.display());
            let bytes = std::fs::read(&path).unwrap_or_default();
            (path, bytes)
        })
        .collect()
}

/// Reads every column of every row of every table as bytes and as text (plus hex and base64url
/// forms of binary canaries) and fails on any canary.
pub async fn assert_db_free_of(h: &Harness, canaries: &[(String, Vec<u8>)]) {
    let dump = db_dump(&h.db).await;
    assert!(dump.len() > 1000, "the dump should not be empty");
    for (what, canary) in canaries {
        assert!(!contains(&dump, canary), "the database contains a {what}");
        let hex = domain::encoding::to_hex(canary);
        assert!(
            !contains(&dump, hex.as_bytes()),
            "the database contains a {what} (hex)"
        );
        let b64 = domain::encoding::to_base64url(canary);
        assert!(
            !contains(&dump, b64.as_bytes()),
            "the database contains a {what} (base64url)"
        );
    }
}

// --- casework (issue 9): what the caseworker's, the coordinator's and the phone's browsers do --

/// `plaintext` sealed by `sender` (their registered identity) to `recipients`.
pub fn seal_as(
    sender: &Staff,
    binding: &envelope::ObjectBinding,
    recipients: &[domain::keys::PublicKey],
    plaintext: &[u8],
) -> Vec<u8> {
    let keys = sender.keys();
    envelope::seal(
        binding,
        &Sender {
            id: &sender.user_id,
            key: &keys.signing,
        },
        recipients,
        plaintext,
    )
    .unwrap()
}

/// Partner A's or B's side of a [`World`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    A,
    B,
}

impl World {
    pub fn centre_identity(&self) -> PublicIdentity {
        self.centre_seed.identity().unwrap().public()
    }

    pub fn partner_identity(&self, side: Side) -> PublicIdentity {
        match side {
            Side::A => &self.partner_a_seed,
            Side::B => &self.partner_b_seed,
        }
        .identity()
        .unwrap()
        .public()
    }

    /// Both organisations of `side`'s programme: what referrals, answers and notes are sealed to.
    pub fn both(&self, side: Side) -> Vec<domain::keys::PublicKey> {
        vec![
            self.centre_identity().sealing,
            self.partner_identity(side).sealing,
        ]
    }

    pub fn programme(&self, side: Side) -> String {
        match side {
            Side::A => self.programme_a.clone(),
            Side::B => self.programme_b.clone(),
        }
    }

    pub fn partner(&self, side: Side) -> String {
        match side {
            Side::A => self.partner_a.clone(),
            Side::B => self.partner_b.clone(),
        }
    }

    pub fn coordinator(&mut self, side: Side) -> &mut Staff {
        match side {
            Side::A => &mut self.coordinator_a,
            Side::B => &mut self.coordinator_b,
        }
    }

    pub fn phone(&mut self, side: Side) -> &mut Phone {
        match side {
            Side::A => &mut self.phone_a,
            Side::B => &mut self.phone_b,
        }
    }

    /// The body of a new referral to `side`'s programme, content sealed by the caseworker.
    pub fn new_referral(
        &self,
        side: Side,
        id: &domain::ids::ReferralId,
        consent: &str,
        content: &[u8],
    ) -> Value {
        let sealed = seal_as(
            &self.caseworker,
            &domain::api::referral_binding(id, 1),
            &self.both(side),
            content,
        );
        json!({ "id": id, "programme_id": self.programme(side), "consent": consent,
                "sealed": b64(&sealed) })
    }
}

/// A referral sent, answered as asked; its id.
pub async fn send_referral(h: &Harness, w: &mut World, side: Side, content: &[u8]) -> String {
    let id = domain::ids::ReferralId::random().unwrap();
    let body = w.new_referral(side, &id, "given", content);
    let sent = h
        .post(&mut w.caseworker.client, "/api/centre/referrals", body)
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    id.as_str().to_owned()
}

pub async fn accept_referral(h: &Harness, w: &mut World, side: Side, referral: &str) {
    let accepted = h
        .post(
            &mut w.coordinator(side).client,
            &format!("/api/partner/referrals/{referral}/answer"),
            json!({ "accept": true, "sealed_reason": null }),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
}

/// The partner's Device certificate for a phone, signed with the partner's seed.
pub fn device_certificate(w: &World, side: Side, phone: &Phone) -> [u8; 64] {
    let seed = match side {
        Side::A => &w.partner_a_seed,
        Side::B => &w.partner_b_seed,
    };
    Statement::Device {
        organisation: &OrgId::parse(&w.partner(side)).unwrap(),
        volunteer: &domain::ids::VolunteerId::parse(&phone.volunteer_id).unwrap(),
        device: &domain::ids::DeviceId::parse(&phone.device_id).unwrap(),
        identity: &phone.identity(),
    }
    .certify(&seed.identity().unwrap().signing)
}

pub async fn certify_phone(h: &Harness, w: &mut World, side: Side) {
    let phone_id = w.phone(side).device_id.clone();
    let certificate = {
        let phone = match side {
            Side::A => &w.phone_a,
            Side::B => &w.phone_b,
        };
        device_certificate(w, side, phone)
    };
    let answer = h
        .post(
            &mut w.coordinator(side).client,
            &format!("/api/partner/devices/{phone_id}/certify"),
            json!({ "certificate": b64(&certificate) }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
}

/// A weekly assignment of `side`'s volunteer to `referral`, valid for 30 days from now.
pub fn new_assignment(w: &World, side: Side, referral: &str, now: i64) -> (String, Value) {
    let id = domain::ids::AssignmentId::random().unwrap();
    let volunteer = match side {
        Side::A => &w.phone_a.volunteer_id,
        Side::B => &w.phone_b.volunteer_id,
    };
    let body = json!({
        "id": id, "referral_id": referral, "volunteer_id": volunteer,
        "valid_from": now, "valid_until": now + 30 * 24 * 3600 * 1000,
        "schedule": { "kind": "weekly", "weekday": "wed", "start": 17 * 60, "minutes": 90 },
        "conflict_override": false, "sealed_note": null,
    });
    (id.as_str().to_owned(), body)
}

pub async fn create_assignment(h: &Harness, w: &mut World, side: Side, referral: &str) -> String {
    let (id, body) = new_assignment(w, side, referral, h.now_ms());
    let created = h
        .post(
            &mut w.coordinator(side).client,
            "/api/partner/assignments",
            body,
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    id
}

/// The body approving `version` of a brief, sealed by `side`'s coordinator to both
/// organisations and `phones`.
// Each argument is one field of the request the refusal tests vary; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn new_brief(
    w: &World,
    side: Side,
    brief: &str,
    assignment: &str,
    version: u32,
    valid_until: i64,
    phones: &[&Phone],
    content: &[u8],
) -> Value {
    let coordinator = match side {
        Side::A => &w.coordinator_a,
        Side::B => &w.coordinator_b,
    };
    let mut recipients = w.both(side);
    recipients.extend(phones.iter().map(|p| p.key_pair.public()));
    let sealed = seal_as(
        coordinator,
        &domain::api::brief_binding(&domain::ids::BriefId::parse(brief).unwrap(), version),
        &recipients,
        content,
    );
    let devices: Vec<&str> = phones.iter().map(|p| p.device_id.as_str()).collect();
    json!({ "brief_id": brief, "assignment_id": assignment, "version": version,
            "valid_until": valid_until, "devices": devices, "sealed": b64(&sealed) })
}

/// The pledge for `side`'s partner published and accepted on its phone.
pub async fn accept_pledge(h: &Harness, w: &mut World, side: Side) {
    use ed25519_dalek::Signer as _;
    let partner = w.partner(side);
    let put = h
        .put(
            &mut w.admin.client,
            &format!("/api/admin/organisations/{partner}/pledge"),
            json!({ "text": "守秘義務を守ります。" }),
        )
        .await;
    assert!(put.status.is_success(), "{:?}", put.body);
    let phone = w.phone(side);
    let pledge = h.get(&mut phone.client, "/api/pledge").await;
    let version = pledge.body["version"].as_i64().unwrap();
    let hash = pledge.body["hash"].as_str().unwrap().to_owned();
    let typed = "テスト 支援員";
    let signature = phone.signing.sign(&domain::signing::pledge_message(
        &phone.device_id,
        version,
        &hash,
        typed,
    ));
    let accepted = h
        .post(
            &mut phone.client,
            "/api/pledge/accept",
            json!({ "version": version, "hash": hash, "typed_name": typed,
                    "signature": b64(&signature.to_bytes()) }),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
}

/// The ids of a whole chain on one side: a referral, accepted, assigned, a brief approved.
pub struct Chain {
    pub referral: String,
    pub assignment: String,
    pub brief: String,
}

/// Peers certified by each other are not needed by the relay (browsers check them); the chain
/// needs only both identities, which the world's first members created.
pub async fn chain(h: &Harness, w: &mut World, side: Side, content: &[u8]) -> Chain {
    let referral = send_referral(h, w, side, content).await;
    accept_referral(h, w, side, &referral).await;
    let assignment = create_assignment(h, w, side, &referral).await;
    certify_phone(h, w, side).await;
    let brief = domain::ids::BriefId::random().unwrap().as_str().to_owned();
    let phone = match side {
        Side::A => &w.phone_a,
        Side::B => &w.phone_b,
    };
    let body = new_brief(
        w,
        side,
        &brief,
        &assignment,
        1,
        h.now_ms() + 7 * 24 * 3600 * 1000,
        &[phone],
        content,
    );
    let approved = h
        .post(&mut w.coordinator(side).client, "/api/partner/briefs", body)
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    Chain {
        referral,
        assignment,
        brief,
    }
}
