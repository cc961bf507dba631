//! `sessions`: opaque bearer tokens, stored only as their SHA-256, with the times that bound
//! them. The rules (idle and absolute limits, CSRF) are `auth::session`'s; this file only
//! stores and finds rows.

use domain::api::{DeviceState, StaffRole};
use domain::ids::{DeviceId, OrgId, ProgrammeId, UserId, VolunteerId};

use super::{Conn, Nullable, Result};

/// What a session was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Staff,
    /// Registered but no TOTP code confirmed yet: only confirmation is allowed.
    StaffPendingTotp,
    Device,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Staff => "staff",
            SessionKind::StaffPendingTotp => "staff_pending_totp",
            SessionKind::Device => "device",
        }
    }
}

impl TryFrom<String> for SessionKind {
    type Error = domain::Error;

    fn try_from(text: String) -> Result<Self, domain::Error> {
        match text.as_str() {
            "staff" => Ok(SessionKind::Staff),
            "staff_pending_totp" => Ok(SessionKind::StaffPendingTotp),
            "device" => Ok(SessionKind::Device),
            _ => Err(domain::Error::Malformed),
        }
    }
}

pub struct NewSession<'a> {
    pub token_hash: &'a [u8; 32],
    pub kind: SessionKind,
    pub user_id: Option<&'a UserId>,
    pub device_id: Option<&'a DeviceId>,
    pub csrf_token: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert(conn: &mut Conn, s: &NewSession<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, user_id, device_id, csrf_token, created_at, \
         last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.token_hash.as_slice())
    .bind(s.kind.as_str())
    .bind(s.user_id.map(UserId::as_str))
    .bind(s.device_id.map(DeviceId::as_str))
    .bind(s.csrf_token)
    .bind(s.created_at)
    .bind(s.created_at)
    .bind(s.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_expired(conn: &mut Conn, now: i64) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, token_hash: &[u8; 32]) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash.as_slice())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_for_user(conn: &mut Conn, user: &UserId) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(user.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_for_device(conn: &mut Conn, device: &DeviceId) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE device_id = ?")
        .bind(device.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends a device's live sessions but keeps the rows, with `replacement_csrf` in place of their
/// CSRF tokens; answers how many were ended.
pub async fn end_for_device(
    conn: &mut Conn,
    device: &DeviceId,
    now: i64,
    replacement_csrf: &str,
) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE sessions SET ended_at = ?, csrf_token = ? WHERE device_id = ? AND ended_at IS NULL",
    )
    .bind(now)
    .bind(replacement_csrf)
    .bind(device.as_str())
    .execute(conn)
    .await?
    .rows_affected())
}

/// A session with what its owner is now: the account's role and state, or the device's state
/// and volunteer.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    #[sqlx(try_from = "String")]
    pub kind: SessionKind,
    #[sqlx(try_from = "Option<String>")]
    pub user_id: Nullable<UserId>,
    #[sqlx(try_from = "Option<String>")]
    pub device_id: Nullable<DeviceId>,
    pub csrf_token: String,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    #[sqlx(try_from = "Option<String>")]
    pub role: Nullable<StaffRole>,
    #[sqlx(try_from = "Option<String>")]
    pub organisation_id: Nullable<OrgId>,
    pub disabled_at: Option<i64>,
    #[sqlx(try_from = "Option<String>")]
    pub device_state: Nullable<DeviceState>,
    #[sqlx(try_from = "Option<String>")]
    pub volunteer_id: Nullable<VolunteerId>,
    #[sqlx(try_from = "Option<String>")]
    pub partner_id: Nullable<OrgId>,
    #[sqlx(try_from = "Option<String>")]
    pub programme_id: Nullable<ProgrammeId>,
}

pub async fn find(conn: &mut Conn, token_hash: &[u8; 32]) -> Result<Option<SessionRow>> {
    sqlx::query_as(
        "SELECT s.kind, s.user_id, s.device_id, s.csrf_token, s.last_seen_at, s.expires_at, \
                s.ended_at, u.role, u.organisation_id, u.disabled_at, d.state AS device_state, \
                d.volunteer_id, v.partner_id, v.programme_id \
         FROM sessions s \
         LEFT JOIN users u ON u.id = s.user_id \
         LEFT JOIN devices d ON d.id = s.device_id \
         LEFT JOIN volunteers v ON v.id = d.volunteer_id \
         WHERE s.token_hash = ?",
    )
    .bind(token_hash.as_slice())
    .fetch_optional(conn)
    .await
}

pub async fn touch(conn: &mut Conn, token_hash: &[u8; 32], now: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
        .bind(now)
        .bind(token_hash.as_slice())
        .execute(conn)
        .await?;
    Ok(())
}
