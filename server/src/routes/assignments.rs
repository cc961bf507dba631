//! Matching: a coordinator assigns an accepted referral to one of their volunteers for a
//! validity window with a visit schedule (the relay expands the visits), and ends it.
//! Overriding a conflict the browser found needs the reasons, sealed to both organisations.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{Assignment, NewAssignment, ReferralStatus, assignment_note_binding};
use domain::ids::AssignmentId;
use domain::schedule;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::CoordinatorCaller;
use crate::authz;
use crate::casework;
use crate::http::validate::{self, PlaintextLen, SealedToAll};
use crate::http::{ApiJson, IdPath, Result, ServerError};
use crate::state::ApiState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::PARTNER_ASSIGNMENT_CREATE, create)
        .route(&endpoints::PARTNER_ASSIGNMENT_END, end)
}

async fn answer(state: &ApiState, id: &AssignmentId) -> Result<Json<Assignment>> {
    let mut conn = store::acquire(state.db()).await?;
    store::assignments::get(&mut conn, id)
        .await?
        .map(Json)
        .ok_or(ServerError::NotFound)
}

/// Assigns an accepted referral to an active volunteer of the same partner and programme.
async fn create(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<NewAssignment>,
) -> Result<Json<Assignment>> {
    let referral = authz::partner_referral(
        &state,
        &caller.user_id,
        &caller.partner_id,
        &body.referral_id,
    )
    .await?;
    let volunteer = authz::partner_volunteer(
        &state,
        &caller.user_id,
        &caller.partner_id,
        &body.volunteer_id,
    )
    .await?;
    let now = state.now_ms();
    // What the request says must make sense on its own: a 400.
    let visits = schedule::visits(&body.schedule, body.valid_from, body.valid_until)?;
    if body.valid_until <= now
        || volunteer.programme_id != referral.programme_id
        || body.conflict_override != body.sealed_note.is_some()
    {
        return Err(ServerError::InvalidBody);
    }
    // What it meets in the relay's state: a 409.
    if referral.status != ReferralStatus::Accepted || volunteer.revoked_at.is_some() {
        return Err(ServerError::Conflict);
    }
    if let Some(note) = &body.sealed_note {
        let (centre, partner) = casework::both_identities(
            &mut *store::acquire(state.db()).await?,
            &referral.centre_id,
            &referral.partner_id,
        )
        .await?;
        let me = authz::own_identity(&state, &caller.user_id).await?;
        validate::sealed_to_all(
            &note.0,
            &SealedToAll {
                binding: &assignment_note_binding(&body.id),
                sender: &caller.user_id,
                sender_key: &me.signing,
                recipients: &[centre.sealing, partner.sealing],
                max_len: validate::MAX_SEALED_CASE_NOTE,
                plaintext: PlaintextLen::AtMost(validate::MAX_CASE_NOTE_BYTES),
            },
        )?;
    }
    let mut tx = store::begin_write(state.db()).await?;
    if store::assignments::exists(&mut tx, &body.id).await? {
        return Err(ServerError::Conflict);
    }
    store::assignments::insert(
        &mut tx,
        &store::assignments::NewAssignment {
            id: &body.id,
            referral_id: &referral.id,
            volunteer_id: &volunteer.id,
            valid_from: body.valid_from,
            valid_until: body.valid_until,
            schedule: &body.schedule,
            sealed_note: body.sealed_note.as_ref().map(|n| n.0.as_slice()),
            by: &caller.user_id,
            now,
            visits: &visits,
        },
    )
    .await?;
    let detail = if body.conflict_override {
        "conflict_override"
    } else {
        ""
    };
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::ASSIGNMENT_CREATED,
        body.id.as_str(),
        detail,
    )
    .await?;
    tx.commit().await?;
    answer(&state, &body.id).await
}

/// Ends an assignment: its visits still to come are cancelled and its brief expires (the
/// envelope deleted from the relay; phones delete their copy at the next sync).
async fn end(
    State(state): State<ApiState>,
    IdPath(id): IdPath<AssignmentId>,
    caller: CoordinatorCaller,
) -> Result<Json<Assignment>> {
    let found = authz::partner_assignment(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let ended = casework::end_assignment(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        &found.id,
        "coordinator",
    )
    .await?;
    if !ended {
        return Err(ServerError::Conflict);
    }
    tx.commit().await?;
    store::db::purge_wal_soon(state.db()).await;
    answer(&state, &found.id).await
}
