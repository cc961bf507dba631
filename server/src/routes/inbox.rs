//! A coordinator's inbox of referrals sent to their partner organisation, and the answer:
//! accept, or decline with a reason sealed to both organisations.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{
    Referral, ReferralAnswer, ReferralDetail, ReferralStatus, referral_answer_binding,
};
use domain::ids::ReferralId;

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
        .route(&endpoints::PARTNER_REFERRALS, list)
        .route(&endpoints::PARTNER_REFERRAL, detail)
        .route(&endpoints::PARTNER_REFERRAL_ANSWER, answer)
}

async fn list(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<Referral>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::referrals::list(
            &mut conn,
            store::referrals::Side::Partner(&caller.partner_id),
        )
        .await?,
    ))
}

async fn detail(
    State(state): State<ApiState>,
    IdPath(id): IdPath<ReferralId>,
    caller: CoordinatorCaller,
) -> Result<Json<ReferralDetail>> {
    let found = authz::partner_referral(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        casework::referral_detail(&mut conn, &found.id, state.now_ms()).await?,
    ))
}

/// Accepts or declines a referral that was sent and not yet answered. A decline carries its
/// reason sealed by the coordinator to both organisations; an acceptance carries none.
async fn answer(
    State(state): State<ApiState>,
    IdPath(id): IdPath<ReferralId>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<ReferralAnswer>,
) -> Result<Json<Referral>> {
    let found = authz::partner_referral(&state, &caller.user_id, &caller.partner_id, &id).await?;
    match (body.accept, &body.sealed_reason) {
        (true, None) => {}
        (false, Some(reason)) => {
            let (centre, partner) = casework::both_identities(
                &mut *store::acquire(state.db()).await?,
                &found.centre_id,
                &found.partner_id,
            )
            .await?;
            let me = authz::own_identity(&state, &caller.user_id).await?;
            validate::sealed_to_all(
                &reason.0,
                &SealedToAll {
                    binding: &referral_answer_binding(&found.id),
                    sender: &caller.user_id,
                    sender_key: &me.signing,
                    recipients: &[centre.sealing, partner.sealing],
                    max_len: validate::MAX_SEALED_CASE_NOTE,
                    plaintext: PlaintextLen::AtMost(validate::MAX_CASE_NOTE_BYTES),
                },
            )?;
        }
        _ => return Err(ServerError::InvalidBody),
    }
    if found.status != ReferralStatus::Sent {
        return Err(ServerError::Conflict);
    }
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let answered = store::referrals::answer(
        &mut tx,
        &found.id,
        body.accept,
        body.sealed_reason.as_ref().map(|r| r.0.as_slice()),
        &caller.user_id,
        now,
    )
    .await?;
    if !answered {
        return Err(ServerError::Conflict);
    }
    let what = if body.accept {
        action::REFERRAL_ACCEPTED
    } else {
        action::REFERRAL_DECLINED
    };
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        what,
        found.id.as_str(),
        "",
    )
    .await?;
    tx.commit().await?;
    let mut conn = store::acquire(state.db()).await?;
    store::referrals::get(&mut conn, &found.id)
        .await?
        .map(Json)
        .ok_or(ServerError::NotFound)
}
