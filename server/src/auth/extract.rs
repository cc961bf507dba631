//! The caller extractors. A handler names the kind of caller it serves in its signature; the
//! extractor answers 401 for no session, `device_gone` for a dead device, and 404 (audited as a
//! denial) for a staff member of the wrong role and for the wrong kind of session (a phone on a
//! staff endpoint, staff on a phone's), so an endpoint a caller may not use looks the same as
//! one that does not exist.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, OriginalUri};
use axum::http::request::Parts;
use domain::api::StaffRole;
use domain::ids::{DeviceId, OrgId, ProgrammeId, UserId, VolunteerId};

use super::session::{self, Lookup, Presented};
use crate::authz::{self, Denied};
use crate::http::ServerError;
use crate::state::ApiState;
use crate::store::pledges::Subject;

/// A signed-in staff member (TOTP confirmed).
#[derive(Debug, Clone)]
pub struct StaffCaller {
    pub user_id: UserId,
    pub role: StaffRole,
    /// `None` for admins.
    pub organisation_id: Option<OrgId>,
}

/// A staff caller whose role is admin.
#[derive(Debug, Clone)]
pub struct AdminCaller(pub StaffCaller);

/// A staff caller whose role is coordinator, at their partner organisation.
#[derive(Debug, Clone)]
pub struct CoordinatorCaller {
    pub user_id: UserId,
    pub partner_id: OrgId,
}

/// A staff caller whose role is caseworker, at their centre.
#[derive(Debug, Clone)]
pub struct CaseworkerCaller {
    pub user_id: UserId,
    pub centre_id: OrgId,
}

/// A staff member of an organisation: a caseworker at their centre or a coordinator at their
/// partner (`Access::Member`). Admins belong to none and are turned away like any other role.
#[derive(Debug, Clone)]
pub struct MemberCaller {
    pub user_id: UserId,
    pub role: StaffRole,
    pub organisation_id: OrgId,
}

/// An enrolled, active device (a volunteer's phone).
#[derive(Debug, Clone)]
pub struct DeviceCaller {
    pub device_id: DeviceId,
    pub volunteer_id: VolunteerId,
    pub partner_id: OrgId,
    pub programme_id: ProgrammeId,
    pub csrf_token: String,
}

/// A staff member who registered but has not yet confirmed a first TOTP code.
#[derive(Debug, Clone)]
pub struct PendingTotpCaller {
    pub user_id: UserId,
}

/// Endpoints both staff and devices use (`GET /api/pledge`, ...).
#[derive(Debug, Clone)]
pub enum AnyCaller {
    Staff(StaffCaller, String),
    Device(DeviceCaller),
}

impl AnyCaller {
    /// Who the audit log names.
    pub fn actor(&self) -> &str {
        match self {
            AnyCaller::Staff(s, _) => s.user_id.as_str(),
            AnyCaller::Device(d) => d.device_id.as_str(),
        }
    }

    pub fn csrf_token(&self) -> &str {
        match self {
            AnyCaller::Staff(_, c) => c,
            AnyCaller::Device(d) => &d.csrf_token,
        }
    }

    /// The organisation whose pledge binds the caller: a staff member's own (none for admins),
    /// a device's volunteer's partner.
    pub fn pledge_organisation(&self) -> Option<&OrgId> {
        match self {
            AnyCaller::Staff(staff, _) => staff.organisation_id.as_ref(),
            AnyCaller::Device(device) => Some(&device.partner_id),
        }
    }

    /// Whose acceptance counts for the caller.
    pub fn pledge_subject(&self) -> Subject<'_> {
        match self {
            AnyCaller::Staff(staff, _) => Subject::User(&staff.user_id),
            AnyCaller::Device(device) => Subject::Volunteer(&device.volunteer_id),
        }
    }
}

async fn lookup(parts: &Parts, state: &ApiState, check_csrf: bool) -> Result<Lookup, ServerError> {
    let presented = Presented {
        method: &parts.method,
        headers: &parts.headers,
        check_csrf,
    };
    session::lookup(state.db(), presented, state.now_ms()).await
}

async fn any_caller(parts: &Parts, state: &ApiState) -> Result<AnyCaller, ServerError> {
    match lookup(parts, state, true).await? {
        Lookup::Staff {
            user_id,
            role,
            organisation_id,
            csrf_token,
            pending_totp: false,
        } => Ok(AnyCaller::Staff(
            StaffCaller {
                user_id,
                role,
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
        } => Ok(AnyCaller::Device(DeviceCaller {
            device_id,
            volunteer_id,
            partner_id,
            programme_id,
            csrf_token,
        })),
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
            // A phone calling a staff endpoint is treated like a staff member of the wrong role:
            // an audited 404, so a volunteer cannot tell a referral that exists from one that
            // does not, and the attempt is on record.
            AnyCaller::Device(device) => {
                Err(authz::deny(state, device.device_id.as_str(), denied_path(parts)).await)
            }
        }
    }
}

/// The path a role denial is logged under: the route's template with only well-formed ids put
/// back (`authz::loggable_path`). Handlers take their `IdPath` before their caller, so a
/// malformed id is refused before this runs; this makes sure of it.
fn denied_path(parts: &Parts) -> Denied {
    let Some(template) = parts
        .extensions
        .get::<MatchedPath>()
        .map(MatchedPath::as_str)
    else {
        return Denied::route("unmatched", "");
    };
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map(|uri| uri.0.path())
        .unwrap_or_else(|| parts.uri.path());
    Denied::route(template, path)
}

/// A staff caller of `role`, or an audited 404.
async fn staff_of_role(
    parts: &mut Parts,
    state: &ApiState,
    role: StaffRole,
) -> Result<StaffCaller, ServerError> {
    let staff = StaffCaller::from_request_parts(parts, state).await?;
    if staff.role != role {
        return Err(authz::deny(state, staff.user_id.as_str(), denied_path(parts)).await);
    }
    Ok(staff)
}

/// A staff caller of `role` who belongs to an organisation, or an audited 404.
async fn member_of_role(
    parts: &mut Parts,
    state: &ApiState,
    role: StaffRole,
) -> Result<(UserId, OrgId), ServerError> {
    let staff = staff_of_role(parts, state, role).await?;
    match staff.organisation_id {
        Some(organisation_id) => Ok((staff.user_id, organisation_id)),
        None => Err(authz::deny(state, staff.user_id.as_str(), denied_path(parts)).await),
    }
}

impl FromRequestParts<ApiState> for AdminCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        staff_of_role(parts, state, StaffRole::Admin)
            .await
            .map(AdminCaller)
    }
}

impl FromRequestParts<ApiState> for CoordinatorCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let (user_id, partner_id) = member_of_role(parts, state, StaffRole::Coordinator).await?;
        Ok(CoordinatorCaller {
            user_id,
            partner_id,
        })
    }
}

impl FromRequestParts<ApiState> for CaseworkerCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let (user_id, centre_id) = member_of_role(parts, state, StaffRole::Caseworker).await?;
        Ok(CaseworkerCaller { user_id, centre_id })
    }
}

impl FromRequestParts<ApiState> for MemberCaller {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let staff = StaffCaller::from_request_parts(parts, state).await?;
        match (staff.role, staff.organisation_id) {
            (StaffRole::Caseworker | StaffRole::Coordinator, Some(organisation_id)) => {
                Ok(MemberCaller {
                    user_id: staff.user_id,
                    role: staff.role,
                    organisation_id,
                })
            }
            _ => Err(authz::deny(state, staff.user_id.as_str(), denied_path(parts)).await),
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
            AnyCaller::Device(device) => Ok(device),
            // Staff on a phone's endpoint: an audited 404, like a phone on a staff endpoint.
            AnyCaller::Staff(staff, _) => {
                Err(authz::deny(state, staff.user_id.as_str(), denied_path(parts)).await)
            }
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
        match lookup(parts, state, false).await? {
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
