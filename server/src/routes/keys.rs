//! Organisation keys: the copies sealed to me, the members still waiting for one, and granting.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{KeyGrant, PendingGrant, SealedOrgKey};

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::StaffCaller;
use crate::authz;
use crate::http::{ApiJson, Result, ServerError, validate};
use crate::state::ApiState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::KEYS_MINE, mine)
        .route(&endpoints::KEYS_PENDING, pending)
        .route(&endpoints::KEYS_GRANT, grant)
}

async fn mine(
    State(state): State<ApiState>,
    caller: StaffCaller,
) -> Result<Json<Vec<SealedOrgKey>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::org_keys::sealed_to(&mut conn, &caller.user_id).await?,
    ))
}

/// Confirmed members of organisations whose key I hold, without a copy.
async fn pending(
    State(state): State<ApiState>,
    caller: StaffCaller,
) -> Result<Json<Vec<PendingGrant>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::org_keys::pending_for(&mut conn, &caller.user_id).await?,
    ))
}

/// Only a holder of the organisation's key, only for a member without a copy; anything else is
/// a 404.
async fn grant(
    State(state): State<ApiState>,
    caller: StaffCaller,
    ApiJson(body): ApiJson<KeyGrant>,
) -> Result<Json<SealedOrgKey>> {
    let org_key = authz::held_org_key(&state, &caller.user_id, &body.organisation_id).await?;
    let member_key = authz::pending_member(
        &state,
        &caller.user_id,
        &body.organisation_id,
        &body.user_id,
    )
    .await?;
    validate::sealed_org_key(
        &body.sealed_private_key.0,
        &org_key,
        &caller.user_id,
        &member_key,
    )?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let grant = store::org_keys::NewOrgKey {
        organisation_id: &body.organisation_id,
        holder: &body.user_id,
        sealed_private_key: &body.sealed_private_key.0,
        granted_by: &caller.user_id,
        granted_at: now,
    };
    if !store::org_keys::insert_if_absent(&mut tx, &grant).await? {
        // Another holder granted it in the meantime.
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::KEY_GRANTED,
        body.organisation_id.as_str(),
        body.user_id.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(SealedOrgKey {
        organisation_id: body.organisation_id,
        organisation_public_key: org_key,
        sealed_private_key: body.sealed_private_key,
    }))
}
