//! `GET /api/session` (who is signed in) and `POST /api/session/logout`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::keys::PublicKey;
use domain::wire::{B64, DeviceStatus, OrgKind, OrganisationRef, StaffSession};
use sqlx::{Row, SqlitePool};

use crate::audit;
use crate::auth::extract::parse_role;
use crate::auth::session::{self, Lookup};
use crate::auth::{AnyCaller, clear_cookie};
use crate::db;
use crate::error::{Result, ServerError};
use crate::pledge::{self, Subject};
use crate::run::now_ms;
use crate::state::ApiState;

pub fn org_kind(kind: &str) -> Result<OrgKind> {
    match kind {
        "centre" => Ok(OrgKind::Centre),
        "partner" => Ok(OrgKind::Partner),
        _ => Err(ServerError::Internal("unknown organisation kind")),
    }
}

pub fn org_kind_to_db(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Centre => "centre",
        OrgKind::Partner => "partner",
    }
}

pub async fn organisation_ref(db: &SqlitePool, id: &str) -> Result<Option<OrganisationRef>> {
    let row = sqlx::query("SELECT id, kind, name FROM organisations WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(|r| {
        Ok(OrganisationRef {
            id: r.try_get("id")?,
            kind: org_kind(&r.try_get::<String, _>("kind")?)?,
            name: r.try_get("name")?,
        })
    })
    .transpose()
}

/// The signed-in staff member as the browser needs them: identity, wrapped key, CSRF token and
/// pledge status.
pub async fn staff_session(
    db: &SqlitePool,
    user_id: &str,
    csrf_token: &str,
) -> Result<StaffSession> {
    let row = sqlx::query(
        "SELECT id, display_name, role, organisation_id, public_key, wrapped_key FROM users WHERE id = ?",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?
    .ok_or(ServerError::Unauthorized)?;
    let organisation_id: Option<String> = row.try_get("organisation_id")?;
    let organisation = match &organisation_id {
        Some(id) => organisation_ref(db, id).await?,
        None => None,
    };
    let public_key: Vec<u8> = row.try_get("public_key")?;
    Ok(StaffSession {
        user_id: row.try_get("id")?,
        display_name: row.try_get("display_name")?,
        role: parse_role(&row.try_get::<String, _>("role")?)?,
        organisation,
        public_key: PublicKey::from_slice(&public_key)?,
        wrapped_key: B64(row.try_get("wrapped_key")?),
        csrf_token: csrf_token.to_owned(),
        pledge: pledge::status(db, organisation_id.as_deref(), Subject::User(user_id)).await?,
    })
}

/// `GET /api/session`: a staff session, a device status, or 401.
pub async fn get(State(state): State<ApiState>, caller: AnyCaller) -> Result<Response> {
    let csrf = caller.csrf_token().to_owned();
    match caller {
        AnyCaller::Staff(staff, _) => {
            Ok(Json(staff_session(state.db(), &staff.user_id, &csrf).await?).into_response())
        }
        AnyCaller::Device(device, _) => Ok(Json(DeviceStatus {
            device_id: device.device_id.clone(),
            volunteer_id: device.volunteer_id.clone(),
            pledge: pledge::status(
                state.db(),
                Some(&device.partner_id),
                Subject::Volunteer(&device.volunteer_id),
            )
            .await?,
            csrf_token: csrf,
        })
        .into_response()),
    }
}

/// `POST /api/session/logout`: ends the session server-side and clears the cookie. A request
/// with a live session must carry its CSRF token (so another site cannot sign people out); one
/// without a live session just gets the cookie cleared.
pub async fn logout(
    State(state): State<ApiState>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    let now = now_ms();
    let actor = match session::lookup(&state, &method, &headers, true, now).await? {
        Lookup::Staff { user_id, .. } => Some(user_id),
        Lookup::Device { device_id, .. } => Some(device_id),
        Lookup::None | Lookup::DeviceGone => None,
    };
    let mut tx = db::begin_write(state.db()).await?;
    session::end_presented(&mut tx, &headers).await?;
    if let Some(actor) = actor {
        audit::append(&mut tx, now, &actor, audit::action::SESSION_LOGOUT, "", "").await?;
    }
    tx.commit().await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, clear_cookie());
    Ok(response)
}
