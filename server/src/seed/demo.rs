//! Fictitious demo data for `cargo xtask run`: every name is invented and marked （架空）, and the
//! phone numbers are not real numbers.
//!
//! The demo staff accounts are made with the domain crate exactly as the browser makes real ones
//! (Argon2id at today's parameters, the private key wrapped under the password, organisation keys
//! sealed to their holders), so signing in as a demo user exercises the real code paths. Their
//! passwords and TOTP secrets are fixed and published ([`demo_logins`]), so the demo is loaded
//! only into an empty database (no account, no organisation) or one it was loaded into before
//! (its markers in `meta`); any other database is refused, so `--demo` can never add accounts
//! with a published password next to real people's.

use domain::api::{NewProgramme, OrgKind, StaffRole, SupportKind, org_key_binding};
use domain::envelope;
use domain::ids::{OrgId, ProgrammeId, UserId};
use domain::keys::{KeyPair, PublicKey};
use domain::wrap::staff::{self as staff_wrap, KdfParams};

use crate::audit::{self, action};
use crate::auth::{tokens, totp};
use crate::http::{Result, ServerError};
use crate::keyfile::RelayKeys;
use crate::store::{self, Conn, Pool};

const CENTRE_ID: &str = "00000000-0000-4000-8000-00000000c001";
const PARTNER_ID: &str = "00000000-0000-4000-8000-00000000a001";

/// (id, name, support kind, may the partner's coordinator read reports)
const PROGRAMMES: [(&str, &str, SupportKind, bool); 3] = [
    (
        "00000000-0000-4000-8000-00000000b001",
        "おうち食堂（架空）",
        SupportKind::Meal,
        true,
    ),
    (
        "00000000-0000-4000-8000-00000000b002",
        "子どもと家庭のおとなりさん（架空）",
        SupportKind::Childcare,
        true,
    ),
    (
        "00000000-0000-4000-8000-00000000b003",
        "見守り弁当（架空）",
        SupportKind::Lunchbox,
        false,
    ),
];

/// The fixed ids above are canonical; parsing them cannot fail, but it is checked, not assumed.
fn id<T: TryFrom<String, Error = domain::Error>>(text: &str) -> Result<T> {
    T::try_from(text.to_owned()).map_err(|_| ServerError::Internal("demo id"))
}

/// Loads the demo data once; later runs find the markers and change nothing, so an edited demo
/// database is never reset behind the user's back. A database seeded before demo accounts
/// existed gets them (and its organisations their keys) on the next run. A database without
/// the demo's markers must be empty: [`NOT_EMPTY`] otherwise.
pub async fn seed_once(pool: &Pool, keys: &RelayKeys, now_ms: i64) -> Result<bool> {
    let organisations = seed_organisations(pool, now_ms).await?;
    let accounts = seed_accounts(pool, keys, now_ms).await?;
    Ok(organisations || accounts)
}

/// Why `--demo` refuses a database that holds data it did not load.
pub const NOT_EMPTY: &str = "--demo loads fictitious accounts whose passwords are published, so \
     it only loads into an empty database; this one already has accounts or organisations that \
     the demo did not create. Use another --database-url (or leave out --demo)";

/// Whether the database holds no account and no organisation.
async fn is_empty(conn: &mut Conn) -> Result<bool> {
    Ok(
        store::users::count(&mut *conn).await? == 0
            && store::organisations::count(conn).await? == 0,
    )
}

/// The demo's programmes take the settings a new programme gets by default.
fn demo_programme(name: &str, kind: SupportKind, coordinator_reads: bool) -> Result<NewProgramme> {
    Ok(NewProgramme {
        partner_id: id(PARTNER_ID)?,
        centre_id: id(CENTRE_ID)?,
        name: name.to_owned(),
        support_kind: kind,
        coordinator_reads_reports: coordinator_reads,
        emergency_phone: "000-0000-0000".to_owned(),
        retention_days: 90,
        idle_lock_secs: 300,
        offline_window_secs: 0,
    })
}

async fn seed_organisations(pool: &Pool, now_ms: i64) -> Result<bool> {
    let mut tx = store::begin_write(pool).await?;
    // Checked in the same write transaction as the marker is set, so nothing can be added in
    // between.
    if store::meta::get(&mut tx, "demo_seeded").await?.is_some() {
        return Ok(false);
    }
    if !is_empty(&mut tx).await? {
        return Err(ServerError::Refused(NOT_EMPTY));
    }
    store::meta::insert_if_absent(&mut tx, "demo_seeded", &now_ms.to_string()).await?;
    let orgs = [
        (
            CENTRE_ID,
            OrgKind::Centre,
            "みどり市こども家庭センター（架空）",
        ),
        (
            PARTNER_ID,
            OrgKind::Partner,
            "NPO法人 ひだまりネット（架空）",
        ),
    ];
    for (org_id, kind, name) in orgs {
        store::organisations::insert(
            &mut tx,
            &store::organisations::NewOrganisationRow {
                id: &id(org_id)?,
                kind,
                name,
                public_key: None,
                created_at: now_ms,
            },
        )
        .await?;
    }
    for (programme_id, name, kind, coordinator_reads) in PROGRAMMES {
        let programme = demo_programme(name, kind, coordinator_reads)?;
        let programme_id: ProgrammeId = id(programme_id)?;
        store::programmes::insert(&mut tx, &programme_id, &programme, now_ms).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Shared by every demo account; obviously not a real password.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

struct DemoUser {
    id: &'static str,
    role: StaffRole,
    organisation_id: Option<&'static str>,
    login_name: &'static str,
    display_name: &'static str,
    /// Exactly 20 ASCII bytes: the raw TOTP secret.
    totp_secret: &'static [u8; 20],
}

const DEMO_USERS: [DemoUser; 3] = [
    DemoUser {
        id: "00000000-0000-4000-8000-0000000000d1",
        role: StaffRole::Admin,
        organisation_id: None,
        login_name: "demo-admin",
        display_name: "デモ管理者（架空）",
        totp_secret: b"yorisoi-demo-admin-1",
    },
    DemoUser {
        id: "00000000-0000-4000-8000-0000000000d2",
        role: StaffRole::Caseworker,
        organisation_id: Some(CENTRE_ID),
        login_name: "demo-caseworker",
        display_name: "山田 さくら（架空）",
        totp_secret: b"yorisoi-demo-casew-2",
    },
    DemoUser {
        id: "00000000-0000-4000-8000-0000000000d3",
        role: StaffRole::Coordinator,
        organisation_id: Some(PARTNER_ID),
        login_name: "demo-coordinator",
        display_name: "佐々木 ひかり（架空）",
        totp_secret: b"yorisoi-demo-coord-3",
    },
];

/// (role, login name, password, TOTP secret in base32) of every demo account, for the xtask to
/// print next to the URL.
pub fn demo_logins() -> Vec<(StaffRole, &'static str, &'static str, String)> {
    DEMO_USERS
        .iter()
        .map(|u| {
            (
                u.role,
                u.login_name,
                DEMO_PASSWORD,
                totp::base32(u.totp_secret),
            )
        })
        .collect()
}

const CENTRE_PLEDGE: &str = "誓約書（デモ・架空）

みどり市こども家庭センター（架空）の業務に従事するにあたり、次のことを守ります。

1. 業務で知り得た子どもと家庭の情報は、業務の目的以外に使わず、誰にも漏らしません。業務を離れた後も同じです。
2. 情報は決められた端末とアプリの中でだけ扱い、写真・スクリーンショット・メモとして持ち出しません。
3. SNS・ブログ・メッセージアプリ等に、支援や家庭に関わることを一切書き込みません。
4. 担当を外れたとき、または退職するときは、預かった情報と資料をすべて返還または廃棄します。
5. 端末の紛失、情報の漏えい、またはそのおそれに気づいたときは、直ちに上長に報告します。
";

const PARTNER_PLEDGE: &str = "誓約書（デモ・架空）

NPO法人 ひだまりネット（架空）の支援員として活動するにあたり、次のことを守ります。

1. 訪問先のご家庭とお子さんについて知ったことは、活動の目的以外に使わず、家族や友人を含め誰にも話しません。活動を終えた後も同じです。
2. 訪問先や支援の内容を、写真・動画・録音に残しません。
3. SNS・ブログ・メッセージアプリ等に、訪問や家庭に関わることを一切書き込みません。
4. コーディネーターから「伝えないでください」と言われたことは、保護者にもお子さんにも話しません。
5. 支援が終わったとき、または活動をやめるときは、受け取った情報をすべて返還または廃棄します。
6. スマートフォンをなくしたとき、情報が漏れたかもしれないときは、すぐにコーディネーターに連絡します。
";

/// One demo account as the browser would have registered it.
struct Prepared {
    key_pair: KeyPair,
    wrapped_key: Vec<u8>,
    login_verifier: Vec<u8>,
}

fn prepare(password: &str) -> Result<Prepared> {
    let key_pair = KeyPair::generate()?;
    let params = KdfParams::generate()?;
    let keys = staff_wrap::derive(password, &params)?;
    Ok(Prepared {
        wrapped_key: keys.wrap_secret_key(key_pair.secret())?,
        login_verifier: domain::wrap::verifier::hash_secret(keys.login_secret().as_bytes())?,
        key_pair,
    })
}

fn seal_org_key(org: &KeyPair, sealer: &UserId, holder: PublicKey) -> Result<Vec<u8>> {
    Ok(envelope::seal(
        &org_key_binding(&org.public()),
        sealer.as_str(),
        &[holder],
        org.secret().to_bytes().as_slice(),
    )?)
}

async fn insert_pledge(
    conn: &mut Conn,
    org: &OrgId,
    text: &str,
    by: &UserId,
    now: i64,
) -> Result<()> {
    let hash = tokens::hex_sha256(text.as_bytes());
    store::pledges::insert_next(conn, org, text, &hash, Some(by), now).await?;
    Ok(())
}

async fn seed_accounts(pool: &Pool, keys: &RelayKeys, now_ms: i64) -> Result<bool> {
    const MARKER: &str = "demo_accounts_seeded";
    if store::meta::get(&mut *store::acquire(pool).await?, MARKER)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    // Argon2id at full cost, three times: off the async threads.
    let prepared = tokio::task::spawn_blocking(|| {
        DEMO_USERS
            .iter()
            .map(|_| prepare(DEMO_PASSWORD))
            .collect::<Result<Vec<_>>>()
    })
    .await
    .map_err(|_| ServerError::Internal("demo key preparation"))??;
    let centre_key = KeyPair::generate()?;
    let partner_key = KeyPair::generate()?;
    let [admin_prep, caseworker_prep, coordinator_prep] = <[Prepared; 3]>::try_from(prepared)
        .map_err(|_| ServerError::Internal("demo key preparation"))?;
    let centre: OrgId = id(CENTRE_ID)?;
    let partner: OrgId = id(PARTNER_ID)?;
    let user_ids: Vec<UserId> = DEMO_USERS.iter().map(|u| id(u.id)).collect::<Result<_>>()?;
    let admin = &user_ids[0];
    let admin_public = admin_prep.key_pair.public();

    let mut tx = store::begin_write(pool).await?;
    if !store::meta::insert_if_absent(&mut tx, MARKER, &now_ms.to_string()).await? {
        return Ok(false);
    }
    // Only next to the demo's own organisations (seeded above, or by an older version).
    if store::meta::get(&mut tx, "demo_seeded").await?.is_none() {
        return Err(ServerError::Refused(NOT_EMPTY));
    }
    for (org_id, key) in [(&centre, &centre_key), (&partner, &partner_key)] {
        store::organisations::set_missing_public_key(&mut tx, org_id, &key.public()).await?;
    }
    for ((user, user_id), prep) in
        DEMO_USERS
            .iter()
            .zip(&user_ids)
            .zip([&admin_prep, &caseworker_prep, &coordinator_prep])
    {
        let organisation_id: Option<OrgId> = user.organisation_id.map(id).transpose()?;
        let totp_sealed = totp::seal_secret(keys, user_id.as_str(), user.totp_secret.as_slice())?;
        store::users::insert(
            &mut tx,
            &store::users::NewUser {
                id: user_id,
                organisation_id: organisation_id.as_ref(),
                role: user.role,
                login_name: user.login_name,
                display_name: user.display_name,
                login_verifier: &prep.login_verifier,
                public_key: &prep.key_pair.public(),
                wrapped_key: &prep.wrapped_key,
                totp_sealed: &totp_sealed,
                totp_confirmed: true,
                created_at: now_ms,
            },
        )
        .await?;
    }
    // The admin holds both organisation keys (as after creating them in the app) and has granted
    // each to the member of that organisation.
    let grants = [
        (&centre, &centre_key, admin, admin_public),
        (&partner, &partner_key, admin, admin_public),
        (
            &centre,
            &centre_key,
            &user_ids[1],
            caseworker_prep.key_pair.public(),
        ),
        (
            &partner,
            &partner_key,
            &user_ids[2],
            coordinator_prep.key_pair.public(),
        ),
    ];
    for (org_id, org_key, holder, holder_key) in grants {
        store::org_keys::insert(
            &mut tx,
            &store::org_keys::NewOrgKey {
                organisation_id: org_id,
                holder,
                sealed_private_key: &seal_org_key(org_key, admin, holder_key)?,
                granted_by: admin,
                granted_at: now_ms,
            },
        )
        .await?;
    }
    insert_pledge(&mut tx, &centre, CENTRE_PLEDGE, admin, now_ms).await?;
    insert_pledge(&mut tx, &partner, PARTNER_PLEDGE, admin, now_ms).await?;
    audit::append(
        &mut tx,
        keys,
        now_ms,
        audit::SYSTEM,
        action::DEMO_SEEDED,
        "",
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
