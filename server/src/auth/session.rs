//! Sessions: creating, looking up, touching and ending them, with the lifetimes that bound
//! them. Rows are `store::sessions`'; the cookie is `http::cookies`'.

use axum::http::{HeaderMap, Method};
use axum_extra::extract::cookie::CookieJar;
use domain::api::{DeviceState, StaffRole};
use domain::ids::{DeviceId, OrgId, ProgrammeId, UserId, VolunteerId};

use super::tokens;
use crate::http::cookies;
use crate::http::{Result, ServerError};
use crate::store::sessions::{self as rows, SessionKind, SessionRow};
use crate::store::{self, Conn, Pool};

pub const CSRF_HEADER: &str = "x-csrf-token";
/// Idle timeout: an unattended desk or phone is signed out after half an hour.
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// Absolute lifetime: a working day, so a stolen cookie is useless by the next morning.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// `last_seen_at` is written at most this often, so reads do not all turn into writes.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

/// A freshly created session: the cookie value and the CSRF token to hand to the browser.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

impl NewSession {
    /// The jar with this session's cookie set, to return with the answer.
    pub fn cookie(&self, jar: CookieJar) -> CookieJar {
        cookies::set_session(jar, &self.token)
    }
}

/// Whose session is being created.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Staff(&'a UserId),
    /// Registered, with no TOTP code confirmed yet.
    StaffPendingTotp(&'a UserId),
    Device(&'a DeviceId),
}

/// Creates a session; the caller commits it with whatever else the sign-in wrote.
pub async fn create(conn: &mut Conn, owner: Owner<'_>, now_ms: i64) -> Result<NewSession> {
    let token = tokens::random_token()?;
    let csrf_token = tokens::random_token()?;
    let (kind, user_id, device_id) = match owner {
        Owner::Staff(user) => (SessionKind::Staff, Some(user), None),
        Owner::StaffPendingTotp(user) => (SessionKind::StaffPendingTotp, Some(user), None),
        Owner::Device(device) => (SessionKind::Device, None, Some(device)),
    };
    // Expired rows are swept here, on the (rare) sign-in path, instead of by a timer.
    rows::delete_expired(&mut *conn, now_ms).await?;
    rows::insert(
        conn,
        &rows::NewSession {
            token_hash: &tokens::sha256(token.as_bytes()),
            kind,
            user_id,
            device_id,
            csrf_token: &csrf_token,
            created_at: now_ms,
            expires_at: now_ms + ABSOLUTE_MS,
        },
    )
    .await?;
    Ok(NewSession { token, csrf_token })
}

/// Deletes the session the request presented, if any: rotation on sign-in, and logout.
pub async fn end_presented(conn: &mut Conn, jar: &CookieJar) -> Result<()> {
    if let Some(token) = cookies::session_token(jar) {
        rows::delete(conn, &tokens::sha256(token.as_bytes())).await?;
    }
    Ok(())
}

/// Ends every session of a device but keeps them as tombstones, so the phone's next request
/// learns `device_gone` (and wipes) instead of a plain "signed out".
pub async fn end_device_sessions(conn: &mut Conn, device: &DeviceId, now_ms: i64) -> Result<u64> {
    // The CSRF token of an ended session must never be usable again; a fresh random value
    // (never handed out) keeps the column's shape.
    let replacement = tokens::random_token()?;
    Ok(rows::end_for_device(conn, device, now_ms, &replacement).await?)
}

pub async fn end_user_sessions(conn: &mut Conn, user: &UserId) -> Result<()> {
    Ok(rows::delete_for_user(conn, user).await?)
}

/// What the presented cookie is worth.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// No cookie, an unknown or expired token, a disabled account.
    None,
    Staff {
        user_id: UserId,
        role: StaffRole,
        organisation_id: Option<OrgId>,
        csrf_token: String,
        pending_totp: bool,
    },
    Device {
        device_id: DeviceId,
        volunteer_id: VolunteerId,
        partner_id: OrgId,
        programme_id: ProgrammeId,
        csrf_token: String,
    },
    /// A session of a device that was revoked, reported lost or locked.
    DeviceGone,
}

/// The request parts a lookup reads.
pub struct Presented<'a> {
    pub method: &'a Method,
    pub headers: &'a HeaderMap,
    /// Whether a state-changing method must carry the session's `X-CSRF-Token`.
    pub check_csrf: bool,
}

/// Looks up the request's session at `now_ms`, enforcing the idle and absolute limits and
/// (when asked and the method changes state) the CSRF header.
pub async fn lookup(pool: &Pool, presented: Presented<'_>, now_ms: i64) -> Result<Lookup> {
    let jar = CookieJar::from_headers(presented.headers);
    let Some(token) = cookies::session_token(&jar) else {
        return Ok(Lookup::None);
    };
    let token_hash = tokens::sha256(token.as_bytes());
    let mut conn = store::acquire(pool).await?;
    let Some(row) = rows::find(&mut conn, &token_hash).await? else {
        return Ok(Lookup::None);
    };
    let is_device = row.kind == SessionKind::Device;

    if now_ms >= row.expires_at {
        rows::delete(&mut conn, &token_hash).await?;
        return Ok(Lookup::None);
    }
    if is_device {
        if row.ended_at.is_some() || row.device_state.0 != Some(DeviceState::Active) {
            return Ok(Lookup::DeviceGone);
        }
    } else if row.ended_at.is_some() {
        return Ok(Lookup::None);
    }
    if now_ms - row.last_seen_at >= IDLE_MS {
        rows::delete(&mut conn, &token_hash).await?;
        return Ok(Lookup::None);
    }

    let changes_state = !matches!(
        *presented.method,
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if presented.check_csrf && changes_state {
        let sent = presented
            .headers
            .get(CSRF_HEADER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        if !tokens::ct_eq(sent, row.csrf_token.as_bytes()) {
            return Err(ServerError::Csrf);
        }
    }

    let last_seen_at = row.last_seen_at;
    let lookup = if is_device {
        device_lookup(row)
    } else {
        staff_lookup(row)
    };

    if now_ms - last_seen_at >= TOUCH_EVERY_MS && !matches!(lookup, Lookup::None) {
        rows::touch(&mut conn, &token_hash, now_ms).await?;
        if let Lookup::Device { device_id, .. } = &lookup {
            store::devices::touch(&mut conn, device_id, now_ms).await?;
        }
    }
    Ok(lookup)
}

fn device_lookup(row: SessionRow) -> Lookup {
    match (
        row.device_id.0,
        row.volunteer_id.0,
        row.partner_id.0,
        row.programme_id.0,
    ) {
        (Some(device_id), Some(volunteer_id), Some(partner_id), Some(programme_id)) => {
            Lookup::Device {
                device_id,
                volunteer_id,
                partner_id,
                programme_id,
                csrf_token: row.csrf_token,
            }
        }
        // An active device always has a volunteer (foreign keys); anything else is no session.
        _ => Lookup::None,
    }
}

fn staff_lookup(row: SessionRow) -> Lookup {
    match (row.disabled_at, row.user_id.0, row.role.0) {
        (None, Some(user_id), Some(role)) => Lookup::Staff {
            user_id,
            role,
            organisation_id: row.organisation_id.0,
            csrf_token: row.csrf_token,
            pending_totp: row.kind == SessionKind::StaffPendingTotp,
        },
        _ => Lookup::None,
    }
}
