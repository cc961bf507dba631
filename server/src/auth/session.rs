//! Session rows: creating, looking up, touching and ending them.

use axum::http::{HeaderMap, HeaderValue, Method, header};
use sqlx::{Row, SqliteConnection};

use crate::error::{Result, ServerError};
use crate::state::ApiState;
use crate::tokens;

pub const COOKIE_NAME: &str = "__Host-yorisoi_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Idle timeout: an unattended desk or phone is signed out after half an hour.
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// Absolute lifetime: a working day, so a stolen cookie is useless by the next morning.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// `last_seen_at` is written at most this often, so reads do not all turn into writes.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Staff,
    StaffPendingTotp,
    Device,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Staff => "staff",
            Kind::StaffPendingTotp => "staff_pending_totp",
            Kind::Device => "device",
        }
    }
}

/// A freshly created session: the cookie value and the CSRF token to hand to the browser.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

impl NewSession {
    pub fn cookie(&self) -> Result<HeaderValue> {
        session_cookie(&self.token)
    }
}

pub fn session_cookie(token: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; Path=/; Secure; HttpOnly; SameSite=Strict"
    ))
    .map_err(|_| ServerError::Internal("cookie value"))
}

pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "__Host-yorisoi_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
    )
}

/// The session token from the `Cookie` header(s), if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// Creates a session for a staff member (`user_id`) or a device (`device_id`).
pub async fn create(
    conn: &mut SqliteConnection,
    kind: Kind,
    user_id: Option<&str>,
    device_id: Option<&str>,
    now_ms: i64,
) -> Result<NewSession> {
    let token = tokens::random_token()?;
    let csrf_token = tokens::random_token()?;
    // Expired rows are swept here, on the (rare) sign-in path, instead of by a timer.
    sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, user_id, device_id, csrf_token, created_at, \
         last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tokens::sha256(token.as_bytes()).as_slice())
    .bind(kind.as_str())
    .bind(user_id)
    .bind(device_id)
    .bind(&csrf_token)
    .bind(now_ms)
    .bind(now_ms)
    .bind(now_ms + ABSOLUTE_MS)
    .execute(&mut *conn)
    .await?;
    Ok(NewSession { token, csrf_token })
}

/// Deletes the session the request presented, if any: rotation on sign-in, and logout.
pub async fn end_presented(conn: &mut SqliteConnection, headers: &HeaderMap) -> Result<()> {
    if let Some(token) = cookie_token(headers) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(tokens::sha256(token.as_bytes()).as_slice())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Ends every session of a device but keeps them as tombstones, so the phone's next request
/// learns `device_gone` (and wipes) instead of a plain "signed out".
pub async fn end_device_sessions(
    conn: &mut SqliteConnection,
    device_id: &str,
    now_ms: i64,
) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE sessions SET ended_at = ?, csrf_token = ? WHERE device_id = ? AND ended_at IS NULL",
    )
    .bind(now_ms)
    // The CSRF token of an ended session must never be usable again; a fresh random value
    // (never handed out) keeps the column's shape.
    .bind(tokens::random_token()?)
    .bind(device_id)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

pub async fn end_user_sessions(conn: &mut SqliteConnection, user_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What the presented cookie is worth.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// No cookie, an unknown or expired token, a disabled account.
    None,
    Staff {
        user_id: String,
        role: String,
        organisation_id: Option<String>,
        csrf_token: String,
        pending_totp: bool,
    },
    Device {
        device_id: String,
        volunteer_id: String,
        partner_id: String,
        programme_id: String,
        csrf_token: String,
    },
    /// A session of a device that was revoked, reported lost or locked.
    DeviceGone,
}

/// Looks up the request's session, enforcing expiry and (when `check_csrf` and the method
/// changes state) the CSRF header.
pub async fn lookup(
    state: &ApiState,
    method: &Method,
    headers: &HeaderMap,
    check_csrf: bool,
    now_ms: i64,
) -> Result<Lookup> {
    let Some(token) = cookie_token(headers) else {
        return Ok(Lookup::None);
    };
    let token_hash = tokens::sha256(token.as_bytes());
    let row = sqlx::query(
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
    .fetch_optional(state.db())
    .await?;
    let Some(row) = row else {
        return Ok(Lookup::None);
    };
    let kind: String = row.try_get("kind")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    let last_seen_at: i64 = row.try_get("last_seen_at")?;
    let ended_at: Option<i64> = row.try_get("ended_at")?;
    let is_device = kind == "device";

    if now_ms >= expires_at {
        delete(state, &token_hash).await?;
        return Ok(Lookup::None);
    }
    if is_device {
        let device_state: Option<String> = row.try_get("device_state")?;
        if ended_at.is_some() || device_state.as_deref() != Some("active") {
            return Ok(Lookup::DeviceGone);
        }
    } else if ended_at.is_some() {
        return Ok(Lookup::None);
    }
    if now_ms - last_seen_at >= IDLE_MS {
        delete(state, &token_hash).await?;
        return Ok(Lookup::None);
    }

    let csrf_token: String = row.try_get("csrf_token")?;
    let changes_state = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if check_csrf && changes_state {
        let presented = headers
            .get(CSRF_HEADER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        if !tokens::ct_eq(presented, csrf_token.as_bytes()) {
            return Err(ServerError::Csrf);
        }
    }

    let lookup = if is_device {
        Lookup::Device {
            device_id: row
                .try_get::<Option<String>, _>("device_id")?
                .unwrap_or_default(),
            volunteer_id: row
                .try_get::<Option<String>, _>("volunteer_id")?
                .unwrap_or_default(),
            partner_id: row
                .try_get::<Option<String>, _>("partner_id")?
                .unwrap_or_default(),
            programme_id: row
                .try_get::<Option<String>, _>("programme_id")?
                .unwrap_or_default(),
            csrf_token,
        }
    } else {
        let disabled_at: Option<i64> = row.try_get("disabled_at")?;
        let role: Option<String> = row.try_get("role")?;
        match (disabled_at, role) {
            (None, Some(role)) => Lookup::Staff {
                user_id: row
                    .try_get::<Option<String>, _>("user_id")?
                    .unwrap_or_default(),
                role,
                organisation_id: row.try_get("organisation_id")?,
                csrf_token,
                pending_totp: kind == "staff_pending_totp",
            },
            _ => return Ok(Lookup::None),
        }
    };

    if now_ms - last_seen_at >= TOUCH_EVERY_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(now_ms)
            .bind(token_hash.as_slice())
            .execute(state.db())
            .await?;
        if let Lookup::Device { device_id, .. } = &lookup {
            sqlx::query("UPDATE devices SET last_seen_at = ? WHERE id = ?")
                .bind(now_ms)
                .bind(device_id)
                .execute(state.db())
                .await?;
        }
    }
    Ok(lookup)
}

async fn delete(state: &ApiState, token_hash: &[u8; 32]) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash.as_slice())
        .execute(state.db())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_our_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-yorisoi_session=tok; b=2"),
        );
        assert_eq!(cookie_token(&headers), Some("tok"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("yorisoi_session=x"),
        );
        assert_eq!(cookie_token(&headers), None);
    }
}
