//! `users`: staff accounts, their login verifiers, wrapped identity seeds, TOTP state, and their
//! place in the key directory (identity, member certificate, pins).

use domain::api::{B64, OrgMember, SealedPins, StaffRole, StaffSession};
use domain::identity::PublicIdentity;
use domain::ids::{OrgId, UserId};

use super::pledges::{self, Subject};
use super::{Conn, Nullable, Result, identity, optional_identity, organisations};

pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub organisation_id: Option<&'a OrgId>,
    pub role: StaffRole,
    pub login_name: &'a str,
    pub display_name: &'a str,
    pub login_verifier: &'a [u8],
    pub identity: &'a PublicIdentity,
    pub wrapped_key: &'a [u8],
    pub totp_secret: &'a [u8],
    /// Registration starts unconfirmed; only the demo's accounts are made confirmed.
    pub totp_confirmed: bool,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, user: &NewUser<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, organisation_id, role, login_name, display_name, login_verifier, \
         public_key, signing_key, wrapped_key, totp_secret, totp_confirmed, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(user.id.as_str())
    .bind(user.organisation_id.map(OrgId::as_str))
    .bind(user.role.as_str())
    .bind(user.login_name)
    .bind(user.display_name)
    .bind(user.login_verifier)
    .bind(user.identity.sealing.as_bytes().as_slice())
    .bind(user.identity.signing.as_bytes().as_slice())
    .bind(user.wrapped_key)
    .bind(user.totp_secret)
    .bind(user.totp_confirmed)
    .bind(user.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn count(conn: &mut Conn) -> Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(conn)
        .await
}

pub async fn login_name_taken(conn: &mut Conn, login_name: &str) -> Result<bool> {
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE login_name = ?")
        .bind(login_name)
        .fetch_optional(conn)
        .await?;
    Ok(taken.is_some())
}

/// A user's registered identity: `None` if the account does not exist or predates identities.
pub async fn identity_of(conn: &mut Conn, id: &UserId) -> Result<Option<PublicIdentity>> {
    let row: Option<(Vec<u8>, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT public_key, signing_key FROM users WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    match row {
        Some((sealing, signing)) => optional_identity(Some(&sealing), signing.as_deref()),
        None => Ok(None),
    }
}

/// The wrapped key of an active account, whose header carries its KDF parameters.
pub async fn wrapped_key_by_login(conn: &mut Conn, login_name: &str) -> Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT wrapped_key FROM users WHERE login_name = ? AND disabled_at IS NULL")
        .bind(login_name)
        .fetch_optional(conn)
        .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct TotpState {
    pub totp_secret: Vec<u8>,
    /// The step of the last accepted code: that step and earlier ones are refused.
    pub totp_last_step: Option<i64>,
}

pub async fn totp_state(conn: &mut Conn, id: &UserId) -> Result<Option<TotpState>> {
    sqlx::query_as("SELECT totp_secret, totp_last_step FROM users WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await
}

/// The first code was right: the account becomes usable.
pub async fn confirm_totp(conn: &mut Conn, id: &UserId, step: i64) -> Result<()> {
    sqlx::query("UPDATE users SET totp_confirmed = 1, totp_last_step = ? WHERE id = ?")
        .bind(step)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Records `step` as used, only if it is newer than the last one: `false` when another login
/// with the same code got there first.
pub async fn advance_totp_step(conn: &mut Conn, id: &UserId, step: i64) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE users SET totp_last_step = ? WHERE id = ? \
         AND (totp_last_step IS NULL OR totp_last_step < ?)",
    )
    .bind(step)
    .bind(id.as_str())
    .bind(step)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// What a sign-in checks, for an active account.
#[derive(sqlx::FromRow)]
pub struct LoginRow {
    #[sqlx(try_from = "String")]
    pub id: UserId,
    pub login_verifier: Vec<u8>,
    pub totp_secret: Vec<u8>,
    pub totp_last_step: Option<i64>,
    pub totp_confirmed: bool,
    /// Accounts made before identities existed have none and cannot sign in.
    pub has_identity: bool,
}

pub async fn for_login(conn: &mut Conn, login_name: &str) -> Result<Option<LoginRow>> {
    sqlx::query_as(
        "SELECT id, login_verifier, totp_secret, totp_last_step, totp_confirmed, \
         signing_key IS NOT NULL AS has_identity FROM users \
         WHERE login_name = ? AND disabled_at IS NULL",
    )
    .bind(login_name)
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    #[sqlx(try_from = "String")]
    id: UserId,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: StaffRole,
    #[sqlx(try_from = "Option<String>")]
    organisation_id: Nullable<OrgId>,
    public_key: Vec<u8>,
    signing_key: Vec<u8>,
    wrapped_key: Vec<u8>,
}

/// The signed-in staff member as the browser needs them: identity, wrapped seed, CSRF token and
/// pledge status. `None` if the account does not exist or has no identity.
pub async fn staff_session(
    conn: &mut Conn,
    id: &UserId,
    csrf_token: &str,
) -> Result<Option<StaffSession>> {
    let row: Option<SessionUserRow> = sqlx::query_as(
        "SELECT id, display_name, role, organisation_id, public_key, signing_key, wrapped_key \
         FROM users WHERE id = ? AND signing_key IS NOT NULL",
    )
    .bind(id.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let organisation_id = row.organisation_id.0;
    let organisation = match &organisation_id {
        Some(org) => organisations::reference(&mut *conn, org).await?,
        None => None,
    };
    let pledge = pledges::status(conn, organisation_id.as_ref(), Subject::User(&row.id)).await?;
    Ok(Some(StaffSession {
        identity: identity(&row.public_key, &row.signing_key)?,
        user_id: row.id,
        display_name: row.display_name,
        role: row.role,
        organisation,
        wrapped_key: B64(row.wrapped_key),
        csrf_token: csrf_token.to_owned(),
        pledge,
    }))
}

/// Sets a member's certificate if they have none; `false` if they already had one.
pub async fn set_certificate(conn: &mut Conn, id: &UserId, certificate: &[u8]) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE users SET certificate = ? WHERE id = ? AND certificate IS NULL \
         AND signing_key IS NOT NULL",
    )
    .bind(certificate)
    .bind(id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    #[sqlx(try_from = "String")]
    id: UserId,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: StaffRole,
    public_key: Vec<u8>,
    signing_key: Vec<u8>,
    certificate: Option<Vec<u8>>,
    holds_key: bool,
}

/// The active members of `organisation` (accounts with an identity), oldest first, with their
/// certificates and whether they hold a sealed copy of the organisation's seed.
pub async fn members_of(conn: &mut Conn, organisation: &OrgId) -> Result<Vec<OrgMember>> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.role, u.public_key, u.signing_key, u.certificate, \
         EXISTS (SELECT 1 FROM org_keys k WHERE k.organisation_id = u.organisation_id \
         AND k.user_id = u.id) AS holds_key \
         FROM users u WHERE u.organisation_id = ? AND u.disabled_at IS NULL \
         AND u.signing_key IS NOT NULL ORDER BY u.created_at, u.id",
    )
    .bind(organisation.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(OrgMember {
                identity: identity(&r.public_key, &r.signing_key)?,
                user_id: r.id,
                display_name: r.display_name,
                role: r.role,
                certificate: r.certificate.map(B64),
                holds_key: r.holds_key,
            })
        })
        .collect()
}

/// A member a holder may confirm: what the certificate and the sealed seed must name.
#[derive(Debug, Clone)]
pub struct Confirmable {
    pub role: StaffRole,
    pub identity: PublicIdentity,
    /// Already holds a sealed copy of the seed (confirmed before, or the identity's creator).
    pub holds_key: bool,
}

/// `user` if they are an active, TOTP-confirmed member of `organisation` with an identity.
pub async fn confirmable_member(
    conn: &mut Conn,
    organisation: &OrgId,
    user: &UserId,
) -> Result<Option<Confirmable>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(try_from = "String")]
        role: StaffRole,
        public_key: Vec<u8>,
        signing_key: Vec<u8>,
        holds_key: bool,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.role, u.public_key, u.signing_key, EXISTS (SELECT 1 FROM org_keys k \
         WHERE k.organisation_id = u.organisation_id AND k.user_id = u.id) AS holds_key \
         FROM users u WHERE u.id = ? AND u.organisation_id = ? AND u.disabled_at IS NULL \
         AND u.totp_confirmed = 1 AND u.signing_key IS NOT NULL",
    )
    .bind(user.as_str())
    .bind(organisation.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Confirmable {
            role: r.role,
            identity: identity(&r.public_key, &r.signing_key)?,
            holds_key: r.holds_key,
        })
    })
    .transpose()
}

/// A member's pins as stored, if they saved any.
pub async fn pins(conn: &mut Conn, id: &UserId) -> Result<Option<SealedPins>> {
    let row: Option<(Option<Vec<u8>>, Option<i64>)> =
        sqlx::query_as("SELECT pins, pins_version FROM users WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    let Some((Some(sealed), Some(version))) = row else {
        return Ok(None);
    };
    let version = u32::try_from(version).map_err(|e| super::Error::Decode(Box::new(e)))?;
    Ok(Some(SealedPins {
        version,
        sealed: B64(sealed),
    }))
}

/// Stores pins only if `version` is newer than the stored one; `false` otherwise (a stale tab).
pub async fn put_pins(conn: &mut Conn, id: &UserId, version: u32, sealed: &[u8]) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE users SET pins = ?1, pins_version = ?2 WHERE id = ?3 \
         AND (pins_version IS NULL OR pins_version < ?2)",
    )
    .bind(sealed)
    .bind(i64::from(version))
    .bind(id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

pub struct ReplacedIdentity<'a> {
    pub id: &'a UserId,
    pub identity: &'a PublicIdentity,
    pub wrapped_key: &'a [u8],
    pub login_verifier: &'a [u8],
}

/// A new identity for an account made before identities existed (the demo's, re-created in
/// place): the old wrapped key and login verifier go with the old key; certificates and pins
/// start empty. `false` if the account has an identity already (never replaced).
pub async fn give_identity(conn: &mut Conn, new: &ReplacedIdentity<'_>) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE users SET public_key = ?, signing_key = ?, wrapped_key = ?, login_verifier = ?, \
         certificate = NULL, pins = NULL, pins_version = NULL WHERE id = ? AND signing_key IS NULL",
    )
    .bind(new.identity.sealing.as_bytes().as_slice())
    .bind(new.identity.signing.as_bytes().as_slice())
    .bind(new.wrapped_key)
    .bind(new.login_verifier)
    .bind(new.id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}
