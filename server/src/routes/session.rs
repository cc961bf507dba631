//! `GET /api/session` (who is signed in) and `POST /api/session/logout`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::api::endpoints;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::AnyCaller;
use crate::auth::session::{self, Lookup, Presented};
use crate::http::cookies;
use crate::http::{Result, ServerError};
use crate::state::ApiState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::SESSION, get)
        .route(&endpoints::LOGOUT, logout)
}

/// A staff session, a device status, or 401.
async fn get(State(state): State<ApiState>, caller: AnyCaller) -> Result<Response> {
    let mut conn = store::acquire(state.db()).await?;
    match caller {
        AnyCaller::Staff(staff, csrf_token) => {
            let session = store::users::staff_session(&mut conn, &staff.user_id, &csrf_token)
                .await?
                .ok_or(ServerError::Unauthorized)?;
            Ok(Json(session).into_response())
        }
        AnyCaller::Device(d) => {
            let status = store::devices::status(
                &mut conn,
                &d.device_id,
                &d.volunteer_id,
                &d.partner_id,
                &d.csrf_token,
            )
            .await?;
            Ok(Json(status).into_response())
        }
    }
}

/// Ends the session server-side and clears the cookie. A request with a live session must
/// carry its CSRF token (so another site cannot sign people out); one without a live session
/// just gets the cookie cleared.
async fn logout(
    State(state): State<ApiState>,
    method: Method,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar)> {
    let now = state.now_ms();
    let presented = Presented {
        method: &method,
        headers: &headers,
        check_csrf: true,
    };
    let actor = match session::lookup(state.db(), presented, now).await? {
        Lookup::Staff { user_id, .. } => Some(user_id.to_string()),
        Lookup::Device { device_id, .. } => Some(device_id.to_string()),
        Lookup::None | Lookup::DeviceGone => None,
    };
    let mut tx = store::begin_write(state.db()).await?;
    session::end_presented(&mut tx, &jar).await?;
    if let Some(actor) = actor {
        audit::append(
            &mut tx,
            state.keys(),
            now,
            &actor,
            action::SESSION_LOGOUT,
            "",
            "",
        )
        .await?;
    }
    tx.commit().await?;
    Ok((StatusCode::NO_CONTENT, cookies::clear_session(jar)))
}
