//! `users`: staff accounts, their login verifiers, wrapped keys and TOTP state.

use domain::api::{B64, StaffRole, StaffSession};
use domain::ids::{OrgId, UserId};
use domain::keys::PublicKey;

use super::pledges::{self, Subject};
use super::{Conn, Nullable, Result, organisations, public_key};

pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub organisation_id: Option<&'a OrgId>,
    pub role: StaffRole,
    pub login_name: &'a str,
    pub display_name: &'a str,
    pub login_verifier: &'a [u8],
    pub public_key: &'a PublicKey,
    pub wrapped_key: &'a [u8],
    pub totp_secret: &'a [u8],
    /// Registration starts unconfirmed; only the demo's accounts are made confirmed.
    pub totp_confirmed: bool,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, user: &NewUser<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, organisation_id, role, login_name, display_name, login_verifier, \
         public_key, wrapped_key, totp_secret, totp_confirmed, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(user.id.as_str())
    .bind(user.organisation_id.map(OrgId::as_str))
    .bind(user.role.as_str())
    .bind(user.login_name)
    .bind(user.display_name)
    .bind(user.login_verifier)
    .bind(user.public_key.as_bytes().as_slice())
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

pub async fn public_key_of(conn: &mut Conn, id: &UserId) -> Result<Option<PublicKey>> {
    let key: Option<Vec<u8>> = sqlx::query_scalar("SELECT public_key FROM users WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    key.map(|k| public_key(&k)).transpose()
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
}

pub async fn for_login(conn: &mut Conn, login_name: &str) -> Result<Option<LoginRow>> {
    sqlx::query_as(
        "SELECT id, login_verifier, totp_secret, totp_last_step, totp_confirmed FROM users \
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
    wrapped_key: Vec<u8>,
}

/// The signed-in staff member as the browser needs them: identity, wrapped key, CSRF token and
/// pledge status. `None` if the account does not exist.
pub async fn staff_session(
    conn: &mut Conn,
    id: &UserId,
    csrf_token: &str,
) -> Result<Option<StaffSession>> {
    let row: Option<SessionUserRow> = sqlx::query_as(
        "SELECT id, display_name, role, organisation_id, public_key, wrapped_key \
         FROM users WHERE id = ?",
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
        public_key: public_key(&row.public_key)?,
        user_id: row.id,
        display_name: row.display_name,
        role: row.role,
        organisation,
        wrapped_key: B64(row.wrapped_key),
        csrf_token: csrf_token.to_owned(),
        pledge,
    }))
}
