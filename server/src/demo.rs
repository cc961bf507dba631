//! Fictitious demo data for `cargo xtask run`: every name is invented and marked （架空）, and the
//! phone numbers are not real numbers.
//!
//! The demo staff accounts are made with the domain crate exactly as the browser makes real ones
//! (Argon2id at today's parameters, the private key wrapped under the password, organisation keys
//! sealed to their holders), so signing in as a demo user exercises the real code paths. Their
//! passwords and TOTP secrets are fixed and published ([`demo_logins`]): never load the demo into
//! a database that real people use.

use domain::envelope;
use domain::keys::{KeyPair, PublicKey};
use domain::wire::{StaffRole, org_key_binding};
use domain::wrap::staff::{self as staff_wrap, KdfParams};
use sqlx::SqlitePool;

use crate::audit;
use crate::db;
use crate::error::{Result, ServerError};
use crate::routes::admin::insert_pledge;

const CENTRE_ID: &str = "00000000-0000-4000-8000-00000000c001";
const PARTNER_ID: &str = "00000000-0000-4000-8000-00000000a001";

/// (id, name, support kind, may the partner's coordinator read reports)
const PROGRAMMES: [(&str, &str, &str, bool); 3] = [
    (
        "00000000-0000-4000-8000-00000000b001",
        "おうち食堂（架空）",
        "meal",
        true,
    ),
    (
        "00000000-0000-4000-8000-00000000b002",
        "子どもと家庭のおとなりさん（架空）",
        "childcare",
        true,
    ),
    (
        "00000000-0000-4000-8000-00000000b003",
        "見守り弁当（架空）",
        "lunchbox",
        false,
    ),
];

/// Loads the demo data once; later runs find the markers and change nothing, so an edited demo
/// database is never reset behind the user's back. A database seeded before demo accounts
/// existed gets them (and its organisations their keys) on the next run.
pub async fn seed_once(pool: &SqlitePool, now_ms: i64) -> Result<bool> {
    let organisations = seed_organisations(pool, now_ms).await?;
    let accounts = seed_accounts(pool, now_ms).await?;
    Ok(organisations || accounts)
}

async fn seed_organisations(pool: &SqlitePool, now_ms: i64) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('demo_seeded', ?)")
        .bind(now_ms.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    let orgs = [
        (CENTRE_ID, "centre", "みどり市こども家庭センター（架空）"),
        (PARTNER_ID, "partner", "NPO法人 ひだまりネット（架空）"),
    ];
    for (id, kind, name) in orgs {
        sqlx::query("INSERT INTO organisations (id, kind, name, created_at) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(kind)
            .bind(name)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
    }
    for (id, name, kind, coordinator_reads) in PROGRAMMES {
        sqlx::query(
            "INSERT INTO programmes (id, partner_id, centre_id, name, support_kind, \
             coordinator_reads_reports, emergency_phone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(PARTNER_ID)
        .bind(CENTRE_ID)
        .bind(name)
        .bind(kind)
        .bind(coordinator_reads)
        .bind("000-0000-0000")
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
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
                crate::totp::base32(u.totp_secret),
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

fn seal_org_key(org: &KeyPair, sealer: &str, holder: PublicKey) -> Result<Vec<u8>> {
    Ok(envelope::seal(
        &org_key_binding(&org.public()),
        sealer,
        &[holder],
        org.secret().to_bytes().as_slice(),
    )?)
}

async fn seed_accounts(pool: &SqlitePool, now_ms: i64) -> Result<bool> {
    const MARKER: &str = "demo_accounts_seeded";
    let done: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
        .bind(MARKER)
        .fetch_optional(pool)
        .await?;
    if done.is_some() {
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
    let admin = &DEMO_USERS[0];
    let admin_public = admin_prep.key_pair.public();

    let mut tx = db::begin_write(pool).await?;
    let inserted = sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)")
        .bind(MARKER)
        .bind(now_ms.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    for (org_id, key) in [(CENTRE_ID, &centre_key), (PARTNER_ID, &partner_key)] {
        sqlx::query("UPDATE organisations SET public_key = ? WHERE id = ? AND public_key IS NULL")
            .bind(key.public().as_bytes().as_slice())
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
    }
    for (user, prep) in DEMO_USERS
        .iter()
        .zip([&admin_prep, &caseworker_prep, &coordinator_prep])
    {
        sqlx::query(
            "INSERT INTO users (id, organisation_id, role, login_name, display_name, \
             login_verifier, public_key, wrapped_key, totp_secret, totp_confirmed, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
        )
        .bind(user.id)
        .bind(user.organisation_id)
        .bind(crate::auth::extract::role_to_db(user.role))
        .bind(user.login_name)
        .bind(user.display_name)
        .bind(&prep.login_verifier)
        .bind(prep.key_pair.public().as_bytes().as_slice())
        .bind(&prep.wrapped_key)
        .bind(user.totp_secret.as_slice())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    // The admin holds both organisation keys (as after creating them in the app) and has granted
    // each to the member of that organisation.
    let grants = [
        (CENTRE_ID, &centre_key, admin.id, admin_public),
        (PARTNER_ID, &partner_key, admin.id, admin_public),
        (
            CENTRE_ID,
            &centre_key,
            DEMO_USERS[1].id,
            caseworker_prep.key_pair.public(),
        ),
        (
            PARTNER_ID,
            &partner_key,
            DEMO_USERS[2].id,
            coordinator_prep.key_pair.public(),
        ),
    ];
    for (org_id, org_key, holder_id, holder_key) in grants {
        sqlx::query(
            "INSERT INTO org_keys (organisation_id, user_id, sealed_private_key, granted_by, \
             granted_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(org_id)
        .bind(holder_id)
        .bind(seal_org_key(org_key, admin.id, holder_key)?)
        .bind(admin.id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    insert_pledge(&mut tx, CENTRE_ID, CENTRE_PLEDGE, Some(admin.id), now_ms).await?;
    insert_pledge(&mut tx, PARTNER_ID, PARTNER_PLEDGE, Some(admin.id), now_ms).await?;
    audit::append(&mut tx, now_ms, audit::SYSTEM, "demo.seeded", "", "").await?;
    tx.commit().await?;
    Ok(true)
}
