//! The caller extractors. A handler names the kind of caller it serves in its signature; the
//! extractor answers 401 for the wrong kind of session (or none), `device_gone` for a dead
//! device, and 404 (audited as a denial) for a staff member of the wrong role, so an endpoint a
//! role may not use looks the same as one that does not exist.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use domain::wire::StaffRole;

use super::session::{self, Lookup};
use crate::authz;
use crate::error::ServerError;
use crate::run::now_ms;
use crate::state::ApiState;

/// A signed-in staff member (TOTP confirmed).
#[derive(Debug, Clone)]
pub struct StaffCaller {
    pub user_id: String,
    pub role: StaffRole,
    /// `None` for admins.
    pub organisation_id: Option<String>,
}

/// A staff caller whose role is admin.
#[derive(Debug, Clone)]
pub struct AdminCaller(pub StaffCaller);

/// A staff caller whose role is coordinator; `organisation_id` is their partner.
#[derive(Debug, Clone)]
pub struct CoordinatorCaller {
    pub user_id: String,
    pub partner_id: String,
}

/// An enrolled, active device (a volunteer's phone).
#[derive(Debug, Clone)]
pub struct DeviceCaller {
    pub device_id: String,
    pub volunteer_id: String,
    pub partner_id: String,
    pub programme_id: String,
}

/// A staff member who registered but has not yet confirmed a first TOTP code.
#[derive(Debug, Clone)]
pub struct PendingTotpCaller {
    pub user_id: String,
}

/// Endpoints both staff and devices use (`GET /api/pledge`, ...).
#[derive(Debug, Clone)]
pub enum AnyCaller {
    Staff(StaffCaller, String),
    Device(DeviceCaller, String),
}

impl AnyCaller {
    pub fn actor(&self) -> &str {
        match self {
            AnyCaller::Staff(s, _) => &s.user_id,
            AnyCaller::Device(d, _) => &d.device_id,
        }
    }

    pub fn csrf_token(&self) -> &str {
        match self {
            AnyCaller::Staff(_, c) | AnyCaller::Device(_, c) => c,
        }
    }
}

fn role_from_db(role: &str) -> Result<StaffRole, ServerError> {
    match role {
        "admin" => Ok(StaffRole::Admin),
        "caseworker" => Ok(StaffRole::Caseworker),
        "coordinator" => Ok(StaffRole::Coordinator),
        _ => Err(ServerError::Internal("unknown role in database")),
    }
}

pub fn role_to_db(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "admin",
        StaffRole::Caseworker => "caseworker",
        StaffRole::Coordinator => "coordinator",
    }
}

pub(crate) fn parse_role(role: &str) -> Result<StaffRole, ServerError> {
    role_from_db(role)
}

/// The path as the client sent it (the nested `/api` router sees it without the prefix).
fn full_path(parts: &Parts) -> &str {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map(|uri| uri.0.path())
        .unwrap_or_else(|| parts.uri.path())
}

async fn any_caller(parts: &Parts, state: &ApiState) -> Result<AnyCaller, ServerError> {
    match session::lookup(state, &parts.method, &parts.headers, true, now_ms()).await? {
        Lookup::Staff {
            user_id,
            role,
            organisation_id,
            csrf_token,
            pending_totp: false,
        } => Ok(AnyCaller::Staff(
            StaffCaller {
                user_id,
                role: role_from_db(&role)?,
                organisation_id,
            },
            csrf_token,
        )),
        Lookup::Device {
            device_id,
            volunteer_id,
            partner_id,
            programme_id,
            csrf_token,
        } => Ok(AnyCaller::Device(
            DeviceCaller {
                device_id,
                volunteer_id,
                partner_id,
                programme_id,
            },
            csrf_token,
        )),
        Lookup::DeviceGone => Err(ServerError::DeviceGone),
        Lookup::Staff { .. } | Lookup::None => Err(ServerError::Unauthorized),
    }
}

impl FromRequestParts<ApiState> for AnyCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        any_caller(parts, state).await
    }
}

impl FromRequestParts<ApiState> for StaffCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        match any_caller(parts, state).await? {
            AnyCaller::Staff(staff, _) => Ok(staff),
            // A phone calling a staff endpoint is the wrong kind of caller, not a missing object.
            AnyCaller::Device(..) => Err(ServerError::Unauthorized),
        }
    }
}

impl FromRequestParts<ApiState> for AdminCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let staff = StaffCaller::from_request_parts(parts, state).await?;
        if staff.role != StaffRole::Admin {
            return Err(authz::deny(state, &staff.user_id, full_path(parts)).await);
        }
        Ok(AdminCaller(staff))
    }
}

impl FromRequestParts<ApiState> for CoordinatorCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let staff = StaffCaller::from_request_parts(parts, state).await?;
        match (staff.role, staff.organisation_id) {
            (StaffRole::Coordinator, Some(partner_id)) => Ok(CoordinatorCaller {
                user_id: staff.user_id,
                partner_id,
            }),
            _ => Err(authz::deny(state, &staff.user_id, full_path(parts)).await),
        }
    }
}

impl FromRequestParts<ApiState> for DeviceCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        match any_caller(parts, state).await? {
            AnyCaller::Device(device, _) => Ok(device),
            AnyCaller::Staff(..) => Err(ServerError::Unauthorized),
        }
    }
}

impl FromRequestParts<ApiState> for PendingTotpCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        // Confirmation is authenticated by the code in the body; see the module docs on CSRF.
        match session::lookup(state, &parts.method, &parts.headers, false, now_ms()).await? {
            Lookup::Staff {
                user_id,
                pending_totp: true,
                ..
            } => Ok(PendingTotpCaller { user_id }),
            _ => Err(ServerError::Unauthorized),
        }
    }
}

/// The client's IP for rate limiting: the TCP peer, or behind a trusted proxy the address the
/// proxy appended to `X-Forwarded-For`. "unknown" when neither exists (in-process tests), which
/// still shares one per-IP budget.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<ApiState> for ClientIp {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        if state.options.trust_forwarded_for {
            // Only the last entry was written by our proxy; earlier ones are whatever the
            // client sent and must not choose its own rate-limit bucket.
            let entries: Vec<&str> = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .collect();
            if let Some(ip) = entries
                .last()
                .and_then(|s| s.trim().parse::<std::net::IpAddr>().ok())
            {
                return Ok(ClientIp(ip.to_string()));
            }
        }
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(ClientIp(ip))
    }
}
