//! Volunteers' matching profiles, sealed by a coordinator to the partner's identity only: the
//! relay stores each current version and lists them for the partner's coordinators, whose
//! browsers compute the conflict checks.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{ProfileUpdate, SealedProfile, profile_binding};
use domain::ids::VolunteerId;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::CoordinatorCaller;
use crate::authz;
use crate::http::validate::{self, PlaintextLen, Sealed};
use crate::http::{ApiJson, IdPath, Result, ServerError};
use crate::state::ApiState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::PARTNER_PROFILES, list)
        .route(&endpoints::PARTNER_PROFILE_PUT, put)
}

async fn list(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<SealedProfile>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::profiles::of_partner(&mut conn, &caller.partner_id).await?,
    ))
}

/// Stores the next version of an active volunteer's profile (1 for the first; a stale version
/// is a 409).
async fn put(
    State(state): State<ApiState>,
    IdPath(id): IdPath<VolunteerId>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<ProfileUpdate>,
) -> Result<Json<SealedProfile>> {
    let volunteer =
        authz::partner_volunteer(&state, &caller.user_id, &caller.partner_id, &id).await?;
    if volunteer.revoked_at.is_some() {
        return Err(ServerError::Conflict);
    }
    let partner = store::organisations::identity_of(
        &mut *store::acquire(state.db()).await?,
        &caller.partner_id,
    )
    .await?
    .ok_or(ServerError::Conflict)?;
    let me = authz::own_identity(&state, &caller.user_id).await?;
    validate::sealed(
        &body.sealed.0,
        &Sealed {
            binding: profile_binding(&volunteer.id, body.version),
            sender: &caller.user_id,
            sender_key: &me.signing,
            recipient: &partner.sealing,
            max_len: validate::MAX_SEALED_PROFILE,
            plaintext: PlaintextLen::AtMost(validate::MAX_SEALED_PROFILE),
        },
    )?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let stored = store::profiles::put(
        &mut tx,
        &volunteer.id,
        body.version,
        &body.sealed.0,
        &caller.user_id,
        now,
    )
    .await?;
    if !stored {
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::PROFILE_UPDATED,
        volunteer.id.as_str(),
        &format!("version={}", body.version),
    )
    .await?;
    tx.commit().await?;
    // The previous version was overwritten in place: clear its page images from the WAL too.
    store::db::purge_wal_soon(state.db()).await;
    let mut conn = store::acquire(state.db()).await?;
    store::profiles::get(&mut conn, &volunteer.id)
        .await?
        .map(Json)
        .ok_or(ServerError::NotFound)
}
