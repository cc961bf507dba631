//! My keys: my organisation's seed as it was sealed to me, and my pins (what I verified by hand,
//! sealed to myself). Nothing here hands a key to anyone: confirming members belongs to the organisation routes (`org.rs`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::api::endpoints;
use domain::api::{SealedOrgKey, SealedPins, pins_binding};

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::MemberCaller;
use crate::authz;
use crate::http::validate::{self, PlaintextLen, Sealed};
use crate::http::{ApiJson, Result, ServerError};
use crate::state::ApiState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::KEYS_MINE, mine)
        .route(&endpoints::KEYS_PINS, pins)
        .route(&endpoints::KEYS_PINS_PUT, put_pins)
}

/// My organisation's seed sealed to me (none until I created the identity or a holder confirmed
/// me), with the identities my browser checks it against.
async fn mine(
    State(state): State<ApiState>,
    caller: MemberCaller,
) -> Result<Json<Vec<SealedOrgKey>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::org_keys::sealed_to(&mut conn, &caller.organisation_id, &caller.user_id).await?,
    ))
}

async fn pins(
    State(state): State<ApiState>,
    caller: MemberCaller,
) -> Result<Json<Option<SealedPins>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(store::users::pins(&mut conn, &caller.user_id).await?))
}

/// Stores my pins if they are sealed by me, to me, for this version, and newer than what is
/// stored: a stale tab (or a replay) must never overwrite newer pins (409).
async fn put_pins(
    State(state): State<ApiState>,
    caller: MemberCaller,
    ApiJson(body): ApiJson<SealedPins>,
) -> Result<StatusCode> {
    let me = authz::own_identity(&state, &caller.user_id).await?;
    validate::sealed(
        &body.sealed.0,
        &Sealed {
            binding: pins_binding(&caller.user_id, body.version),
            sender: &caller.user_id,
            sender_key: &me.signing,
            recipient: &me.sealing,
            max_len: validate::MAX_SEALED_PINS,
            plaintext: PlaintextLen::AtMost(validate::MAX_SEALED_PINS),
        },
    )?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    if !store::users::put_pins(&mut tx, &caller.user_id, body.version, &body.sealed.0).await? {
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::PINS_SAVED,
        caller.user_id.as_str(),
        &format!("version={}", body.version),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
