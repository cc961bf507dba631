//! `users`: staff accounts, their login verifiers, wrapped identity seeds, TOTP state (the secret
//! sealed under the key file's key, the last step used, the durable failure counter), and their
//! place in the key directory (identity, member certificate, pins).

use domain::api::{B64, OrgMember, SealedPins, Signer, StaffMember, StaffRole, StaffSession};
use domain::identity::PublicIdentity;
use domain::ids::{OrgId, UserId};

use super::pledges::{self, Subject};
use super::{Conn, Nullable, Result, identity, optional_identity, organisations};
use zeroize::Zeroizing;

pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub organisation_id: Option<&'a OrgId>,
    pub role: StaffRole,
    pub login_name: &'a str,
    pub display_name: &'a str,
    pub login_verifier: &'a [u8],
    pub identity: &'a PublicIdentity,
    pub wrapped_key: &'a [u8],
    /// The TOTP secret sealed by `auth::totp::seal_secret`: never the secret itself.
    pub totp_sealed: &'a [u8],
    /// Registration starts unconfirmed; only the demo's accounts are made confirmed.
    pub totp_confirmed: bool,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, user: &NewUser<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, organisation_id, role, login_name, display_name, login_verifier, \
         public_key, signing_key, wrapped_key, totp_sealed, totp_confirmed, created_at) \
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
    .bind(user.totp_sealed)
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

/// An account's TOTP state: the sealed secret (`None` only for a secret from before sealing
/// that the relay has not sealed yet), the last step used and the lockout.
#[derive(sqlx::FromRow)]
pub struct TotpState {
    pub totp_sealed: Option<Vec<u8>>,
    /// The step of the last accepted code: that step and earlier ones are refused.
    pub totp_last_step: Option<i64>,
    /// Until when (unix ms) codes are refused after too many wrong ones.
    pub totp_locked_until: Option<i64>,
}

pub async fn totp_state(conn: &mut Conn, id: &UserId) -> Result<Option<TotpState>> {
    sqlx::query_as("SELECT totp_sealed, totp_last_step, totp_locked_until FROM users WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await
}

/// The first code was right: the account becomes usable, with a clean failure count.
pub async fn confirm_totp(conn: &mut Conn, id: &UserId, step: i64) -> Result<()> {
    sqlx::query(
        "UPDATE users SET totp_confirmed = 1, totp_last_step = ?, totp_failures = 0, \
         totp_locked_until = NULL WHERE id = ?",
    )
    .bind(step)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `step` as used, only if it is newer than the last one, and starts the failure count
/// again: `false` when another login with the same code got there first.
pub async fn advance_totp_step(conn: &mut Conn, id: &UserId, step: i64) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE users SET totp_last_step = ?1, totp_failures = 0, totp_locked_until = NULL \
         WHERE id = ?2 AND (totp_last_step IS NULL OR totp_last_step < ?1)",
    )
    .bind(step)
    .bind(id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Counts one wrong TOTP code and answers the new count: one `UPDATE … RETURNING`, never a
/// read and a write back, so concurrent wrong codes all count (on any database).
pub async fn count_totp_failure(conn: &mut Conn, id: &UserId) -> Result<i64> {
    sqlx::query_scalar(
        "UPDATE users SET totp_failures = totp_failures + 1 WHERE id = ? RETURNING totp_failures",
    )
    .bind(id.as_str())
    .fetch_one(conn)
    .await
}

/// Refuses codes until `until` (never shortening a lockout already running).
pub async fn lock_totp_until(conn: &mut Conn, id: &UserId, until: i64) -> Result<()> {
    sqlx::query(
        "UPDATE users SET totp_locked_until = MAX(COALESCE(totp_locked_until, 0), ?) WHERE id = ?",
    )
    .bind(until)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// What a sign-in checks, for an active account.
#[derive(sqlx::FromRow)]
pub struct LoginRow {
    #[sqlx(try_from = "String")]
    pub id: UserId,
    pub login_verifier: Vec<u8>,
    pub totp_sealed: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    pub totp_confirmed: bool,
    /// Accounts made before identities existed have none and cannot sign in.
    pub has_identity: bool,
    pub totp_locked_until: Option<i64>,
}

pub async fn for_login(conn: &mut Conn, login_name: &str) -> Result<Option<LoginRow>> {
    sqlx::query_as(
        "SELECT id, login_verifier, totp_sealed, totp_last_step, totp_confirmed, \
         signing_key IS NOT NULL AS has_identity, totp_locked_until FROM users \
         WHERE login_name = ? AND disabled_at IS NULL",
    )
    .bind(login_name)
    .fetch_optional(conn)
    .await
}

/// TOTP secrets stored in the clear before migration 0003, waiting to be sealed.
pub async fn unsealed_totp(conn: &mut Conn) -> Result<Vec<(UserId, Zeroizing<Vec<u8>>)>> {
    let rows: Vec<(String, Vec<u8>)> =
        sqlx::query_as("SELECT user_id, secret FROM totp_unsealed ORDER BY user_id")
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(id, secret)| Ok((super::parse(id)?, Zeroizing::new(secret))))
        .collect()
}

/// Stores a sealed secret in place of one waiting in the clear, and deletes the clear one.
pub async fn replace_unsealed_totp(conn: &mut Conn, id: &UserId, sealed: &[u8]) -> Result<()> {
    sqlx::query("UPDATE users SET totp_sealed = ? WHERE id = ?")
        .bind(sealed)
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM totp_unsealed WHERE user_id = ?")
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    #[sqlx(try_from = "String")]
    id: UserId,
    login_name: String,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: StaffRole,
    #[sqlx(try_from = "Option<String>")]
    organisation_id: Nullable<OrgId>,
    created_at: i64,
    disabled_at: Option<i64>,
}

impl From<MemberRow> for StaffMember {
    fn from(r: MemberRow) -> Self {
        StaffMember {
            id: r.id,
            login_name: r.login_name,
            display_name: r.display_name,
            role: r.role,
            organisation_id: r.organisation_id.0,
            created_at: r.created_at,
            disabled_at: r.disabled_at,
        }
    }
}

const MEMBER_COLUMNS: &str =
    "id, login_name, display_name, role, organisation_id, created_at, disabled_at";

/// Every staff account, active first, then by organisation and name.
pub async fn list(conn: &mut Conn) -> Result<Vec<StaffMember>> {
    let rows: Vec<MemberRow> = sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM users \
         ORDER BY disabled_at IS NOT NULL, organisation_id, display_name, login_name"
    ))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(StaffMember::from).collect())
}

pub async fn member(conn: &mut Conn, id: &UserId) -> Result<Option<StaffMember>> {
    let row: Option<MemberRow> =
        sqlx::query_as(&format!("SELECT {MEMBER_COLUMNS} FROM users WHERE id = ?"))
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(StaffMember::from))
}

/// Marks an account disabled; `false` if it already was (disabling is idempotent, and the
/// first time stands).
pub async fn disable(conn: &mut Conn, id: &UserId, now: i64) -> Result<bool> {
    let changed =
        sqlx::query("UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL")
            .bind(now)
            .bind(id.as_str())
            .execute(conn)
            .await?
            .rows_affected();
    Ok(changed == 1)
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
struct OrgMemberRow {
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
    let rows: Vec<OrgMemberRow> = sqlx::query_as(
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

/// Who sealed an envelope, as the directory lists them: their identity and the certificate
/// their organisation signed for it (`None` until a holder confirmed them). Browsers believe it
/// only through that certificate; the relay cannot make one.
pub async fn signer(conn: &mut Conn, id: &UserId) -> Result<Signer> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(try_from = "String")]
        organisation_id: OrgId,
        #[sqlx(try_from = "String")]
        role: StaffRole,
        public_key: Vec<u8>,
        signing_key: Vec<u8>,
        certificate: Option<Vec<u8>>,
    }
    // Only members with an identity ever seal, so a row without one is the relay's corruption
    // (RowNotFound / a decode error), never the caller's fault.
    let row: Row = sqlx::query_as(
        "SELECT organisation_id, role, public_key, signing_key, certificate FROM users \
         WHERE id = ? AND organisation_id IS NOT NULL AND signing_key IS NOT NULL",
    )
    .bind(id.as_str())
    .fetch_one(conn)
    .await?;
    Ok(Signer {
        user_id: id.clone(),
        organisation_id: row.organisation_id,
        role: row.role,
        identity: identity(&row.public_key, &row.signing_key)?,
        certificate: row.certificate.map(B64),
    })
}

/// [`signer`] for lists: each member looked up once.
#[derive(Default)]
pub struct Signers(std::collections::HashMap<UserId, Signer>);

impl Signers {
    pub async fn get(&mut self, conn: &mut Conn, id: &UserId) -> Result<Signer> {
        if let Some(found) = self.0.get(id) {
            return Ok(found.clone());
        }
        let found = signer(conn, id).await?;
        self.0.insert(id.clone(), found.clone());
        Ok(found)
    }
}
