//! Fictitious demo data for `cargo xtask run`: every name is invented and marked （架空）, and the
//! phone numbers are not real numbers.
//!
//! The demo staff accounts and the key directory are made with the domain crate exactly as the
//! browsers make real ones, so signing in as a demo user exercises the real code paths:
//!
//! - each account's identity seed wrapped under the password (Argon2id at today's parameters);
//! - the centre's identity created "by" the demo caseworker and the partner's "by" the demo
//!   coordinator: the seed sealed to themself, their own Member certificate signed with it;
//! - each organisation's PeerOrganisation certificate of the other, as after both compared codes;
//! - each member's pins (their own organisation, as verified) sealed to themself;
//! - the admin holds no organisation key.
//!
//! Their passwords and TOTP secrets are fixed and published ([`demo_logins`]), so the demo is
//! loaded only into an empty database (no account, no organisation) or one it was loaded into
//! before (its markers in `meta`); any other database is refused, so `--demo` can never add
//! accounts with a published password next to real people's.

use domain::api::{
    NewProgramme, OrgKind, PinnedOrganisation, Pins, StaffRole, SupportKind, org_key_binding,
    pins_binding,
};
use domain::envelope::{self, Sender};
use domain::identity::{Identity, IdentitySeed, PublicIdentity};
use domain::ids::{OrgId, ProgrammeId, UserId};
use domain::trust::Statement;
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
/// existed gets them, and one seeded under the old key model (whose identities migration 0004
/// dropped) gets new identities for the same accounts, in place, on the next run. A database
/// without the demo's markers must be empty: [`NOT_EMPTY`] otherwise.
pub async fn seed_once(pool: &Pool, keys: &RelayKeys, now_ms: i64) -> Result<bool> {
    let organisations = seed_organisations(pool, now_ms).await?;
    let directory = seed_key_directory(pool, keys, now_ms).await?;
    Ok(organisations || directory)
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
    identity: Identity,
    wrapped_key: Vec<u8>,
    login_verifier: Vec<u8>,
}

fn prepare(password: &str) -> Result<Prepared> {
    let seed = IdentitySeed::generate()?;
    let params = KdfParams::generate()?;
    let keys = staff_wrap::derive(password, &params)?;
    Ok(Prepared {
        wrapped_key: keys.wrap_seed(&seed)?,
        login_verifier: domain::wrap::verifier::hash_secret(keys.login_secret().as_bytes())?,
        identity: seed.identity()?,
    })
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

/// Set when the demo accounts were first made (under either key model).
const ACCOUNTS_MARKER: &str = "demo_accounts_seeded";
/// Set when the demo's key directory (identities, certificates, pins) was made.
const DIRECTORY_MARKER: &str = "demo_key_directory_seeded";

/// A demo account with an identity, inserted or (made under the old model) given one in place.
async fn put_account(
    conn: &mut Conn,
    keys: &RelayKeys,
    user: &DemoUser,
    user_id: &UserId,
    prep: &Prepared,
    existed: bool,
    now_ms: i64,
) -> Result<()> {
    let identity = prep.identity.public();
    if existed
        && store::users::give_identity(
            &mut *conn,
            &store::users::ReplacedIdentity {
                id: user_id,
                identity: &identity,
                wrapped_key: &prep.wrapped_key,
                login_verifier: &prep.login_verifier,
            },
        )
        .await?
    {
        return Ok(());
    }
    let organisation_id: Option<OrgId> = user.organisation_id.map(id).transpose()?;
    let totp_sealed = totp::seal_secret(keys, user_id.as_str(), user.totp_secret.as_slice())?;
    store::users::insert(
        conn,
        &store::users::NewUser {
            id: user_id,
            organisation_id: organisation_id.as_ref(),
            role: user.role,
            login_name: user.login_name,
            display_name: user.display_name,
            login_verifier: &prep.login_verifier,
            identity: &identity,
            wrapped_key: &prep.wrapped_key,
            totp_sealed: &totp_sealed,
            totp_confirmed: true,
            created_at: now_ms,
        },
    )
    .await?;
    Ok(())
}

/// What the first member's browser does: the organisation's identity, its seed sealed to the
/// member, the member's certificate. `None` if the organisation already has an identity (made
/// in the app; the demo leaves it alone).
async fn create_org_identity(
    conn: &mut Conn,
    keys: &RelayKeys,
    organisation: &OrgId,
    member: &UserId,
    role: StaffRole,
    member_keys: &Identity,
    now_ms: i64,
) -> Result<Option<Identity>> {
    let seed = IdentitySeed::generate()?;
    let org = seed.identity()?;
    let org_public = org.public();
    if !store::organisations::set_identity(&mut *conn, organisation, &org_public).await? {
        return Ok(None);
    }
    let member_public = member_keys.public();
    let sealed_seed = envelope::seal(
        &org_key_binding(&org_public),
        &Sender {
            id: member.as_str(),
            key: &member_keys.signing,
        },
        &[member_public.sealing],
        seed.as_bytes(),
    )?;
    store::org_keys::insert_if_absent(
        &mut *conn,
        &store::org_keys::NewOrgKey {
            organisation_id: organisation,
            holder: member,
            sealed_seed: &sealed_seed,
            granted_by: member,
            granted_at: now_ms,
        },
    )
    .await?;
    let certificate = Statement::Member {
        organisation,
        user: member,
        role,
        identity: &member_public,
    }
    .certify(&org.signing);
    store::users::set_certificate(&mut *conn, member, &certificate).await?;
    audit::append(
        conn,
        keys,
        now_ms,
        member.as_str(),
        action::ORG_IDENTITY_CREATED,
        organisation.as_str(),
        "",
    )
    .await?;
    Ok(Some(org))
}

/// What a member's browser does after comparing the peer's code: certify it with their own
/// organisation's key.
#[allow(clippy::too_many_arguments)]
async fn certify_peer(
    conn: &mut Conn,
    keys: &RelayKeys,
    organisation: &OrgId,
    org: &Identity,
    member: &UserId,
    peer: &OrgId,
    peer_kind: OrgKind,
    peer_identity: &PublicIdentity,
    now_ms: i64,
) -> Result<()> {
    let certificate = Statement::PeerOrganisation {
        organisation,
        peer,
        peer_kind,
        identity: peer_identity,
    }
    .certify(&org.signing);
    store::peers::certify(
        &mut *conn,
        &store::peers::NewPeerCertificate {
            organisation_id: organisation,
            peer_id: peer,
            certificate: &certificate,
            certified_by: member,
            certified_at: now_ms,
        },
    )
    .await?;
    audit::append(
        conn,
        keys,
        now_ms,
        member.as_str(),
        action::ORG_PEER_CERTIFIED,
        organisation.as_str(),
        peer.as_str(),
    )
    .await
}

/// What a member's browser stores after comparing their organisation's code: the pins, version
/// 1, sealed to themself.
async fn pin_own_organisation(
    conn: &mut Conn,
    member: &UserId,
    member_keys: &Identity,
    organisation: &OrgId,
    org_identity: PublicIdentity,
    now_ms: i64,
) -> Result<()> {
    const VERSION: u32 = 1;
    let pins = Pins {
        organisations: vec![PinnedOrganisation {
            organisation_id: organisation.clone(),
            identity: org_identity,
            verified_at: now_ms,
        }],
    };
    let plain = serde_json::to_vec(&pins).map_err(|_| ServerError::Internal("demo pins"))?;
    let sealed = envelope::seal(
        &pins_binding(member, VERSION),
        &Sender {
            id: member.as_str(),
            key: &member_keys.signing,
        },
        &[member_keys.sealing.public()],
        &plain,
    )?;
    store::users::put_pins(conn, member, VERSION, &sealed).await?;
    Ok(())
}

async fn seed_key_directory(pool: &Pool, keys: &RelayKeys, now_ms: i64) -> Result<bool> {
    if store::meta::get(&mut *store::acquire(pool).await?, DIRECTORY_MARKER)
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
    let [_, caseworker, coordinator] = prepared.as_slice() else {
        return Err(ServerError::Internal("demo key preparation"));
    };
    let centre: OrgId = id(CENTRE_ID)?;
    let partner: OrgId = id(PARTNER_ID)?;
    let user_ids: Vec<UserId> = DEMO_USERS.iter().map(|u| id(u.id)).collect::<Result<_>>()?;
    let (admin, caseworker_id, coordinator_id) = (&user_ids[0], &user_ids[1], &user_ids[2]);

    let mut tx = store::begin_write(pool).await?;
    if !store::meta::insert_if_absent(&mut tx, DIRECTORY_MARKER, &now_ms.to_string()).await? {
        return Ok(false);
    }
    // Accounts made under the old model (migration 0004 took their keys) keep their ids, names
    // and TOTP secrets, and get new identities.
    // Only next to the demo's own organisations (seeded above, or by an older version).
    if store::meta::get(&mut tx, "demo_seeded").await?.is_none() {
        return Err(ServerError::Refused(NOT_EMPTY));
    }
    let existed =
        !store::meta::insert_if_absent(&mut tx, ACCOUNTS_MARKER, &now_ms.to_string()).await?;
    for ((user, user_id), prep) in DEMO_USERS.iter().zip(&user_ids).zip(&prepared) {
        put_account(&mut tx, keys, user, user_id, prep, existed, now_ms).await?;
    }
    if !existed {
        insert_pledge(&mut tx, &centre, CENTRE_PLEDGE, admin, now_ms).await?;
        insert_pledge(&mut tx, &partner, PARTNER_PLEDGE, admin, now_ms).await?;
    }
    let centre_org = create_org_identity(
        &mut tx,
        keys,
        &centre,
        caseworker_id,
        StaffRole::Caseworker,
        &caseworker.identity,
        now_ms,
    )
    .await?;
    let partner_org = create_org_identity(
        &mut tx,
        keys,
        &partner,
        coordinator_id,
        StaffRole::Coordinator,
        &coordinator.identity,
        now_ms,
    )
    .await?;
    if let (Some(centre_org), Some(partner_org)) = (&centre_org, &partner_org) {
        let (centre_public, partner_public) = (centre_org.public(), partner_org.public());
        certify_peer(
            &mut tx,
            keys,
            &centre,
            centre_org,
            caseworker_id,
            &partner,
            OrgKind::Partner,
            &partner_public,
            now_ms,
        )
        .await?;
        certify_peer(
            &mut tx,
            keys,
            &partner,
            partner_org,
            coordinator_id,
            &centre,
            OrgKind::Centre,
            &centre_public,
            now_ms,
        )
        .await?;
        pin_own_organisation(
            &mut tx,
            caseworker_id,
            &caseworker.identity,
            &centre,
            centre_public,
            now_ms,
        )
        .await?;
        pin_own_organisation(
            &mut tx,
            coordinator_id,
            &coordinator.identity,
            &partner,
            partner_public,
            now_ms,
        )
        .await?;
    }
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
