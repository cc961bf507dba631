//! A caseworker's referrals: the programmes run for their centre, and the referrals it sends,
//! updates and withdraws. The family's facts arrive sealed (by the caseworker, to the centre's
//! and the partner's identities); the relay checks the envelope and stores it with routing
//! metadata only.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{
    ConsentState, NewReferral, Programme, Referral, ReferralDetail, ReferralStatus, ReferralUpdate,
    referral_binding,
};
use domain::identity::PublicIdentity;
use domain::ids::{OrgId, ReferralId, UserId};

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::CaseworkerCaller;
use crate::authz;
use crate::casework;
use crate::http::validate::{self, PlaintextLen, SealedToAll};
use crate::http::{ApiJson, IdPath, Result, ServerError};
use crate::state::ApiState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::CENTRE_PROGRAMMES, programmes)
        .route(&endpoints::CENTRE_REFERRALS, list)
        .route(&endpoints::CENTRE_REFERRAL_CREATE, create)
        .route(&endpoints::CENTRE_REFERRAL, detail)
        .route(&endpoints::CENTRE_REFERRAL_UPDATE, update)
        .route(&endpoints::CENTRE_REFERRAL_WITHDRAW, withdraw)
}

/// The programmes run for the caseworker's centre: where a referral can go.
async fn programmes(
    State(state): State<ApiState>,
    caller: CaseworkerCaller,
) -> Result<Json<Vec<Programme>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::programmes::of_centre(&mut conn, &caller.centre_id).await?,
    ))
}

async fn list(
    State(state): State<ApiState>,
    caller: CaseworkerCaller,
) -> Result<Json<Vec<Referral>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::referrals::list(&mut conn, store::referrals::Side::Centre(&caller.centre_id))
            .await?,
    ))
}

/// A referral version must be sealed by the caseworker (their registered identity) to exactly
/// the centre and the partner, for this referral and version.
async fn check_sealed(
    state: &ApiState,
    caller: &UserId,
    centre: &OrgId,
    partner: &OrgId,
    id: &ReferralId,
    version: u32,
    sealed: &[u8],
) -> Result<()> {
    let (centre, partner): (PublicIdentity, PublicIdentity) =
        casework::both_identities(&mut *store::acquire(state.db()).await?, centre, partner).await?;
    let me = authz::own_identity(state, caller).await?;
    validate::sealed_to_all(
        sealed,
        &SealedToAll {
            binding: &referral_binding(id, version),
            sender: caller,
            sender_key: &me.signing,
            recipients: &[centre.sealing, partner.sealing],
            max_len: validate::MAX_SEALED_REFERRAL,
            plaintext: PlaintextLen::AtMost(validate::MAX_SEALED_REFERRAL),
        },
    )
}

fn consent_detail(consent: ConsentState) -> &'static str {
    match consent {
        ConsentState::Given => "",
        // The reason is inside the sealed content; the log only says an override happened.
        ConsentState::Overridden => "consent_override",
    }
}

async fn answer(state: &ApiState, id: &ReferralId) -> Result<Json<Referral>> {
    let mut conn = store::acquire(state.db()).await?;
    store::referrals::get(&mut conn, id)
        .await?
        .map(Json)
        .ok_or(ServerError::NotFound)
}

/// Sends a referral (version 1) to a programme run for the caseworker's centre.
async fn create(
    State(state): State<ApiState>,
    caller: CaseworkerCaller,
    ApiJson(body): ApiJson<NewReferral>,
) -> Result<Json<Referral>> {
    let programme = authz::centre_programme(
        &state,
        &caller.user_id,
        &caller.centre_id,
        &body.programme_id,
    )
    .await?;
    check_sealed(
        &state,
        &caller.user_id,
        &programme.centre_id,
        &programme.partner_id,
        &body.id,
        1,
        &body.sealed.0,
    )
    .await?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    if store::referrals::exists(&mut tx, &body.id).await? {
        return Err(ServerError::Conflict);
    }
    store::referrals::insert(
        &mut tx,
        &store::referrals::NewReferral {
            id: &body.id,
            programme_id: &programme.id,
            centre_id: &programme.centre_id,
            partner_id: &programme.partner_id,
            consent: body.consent,
            sealed: &body.sealed.0,
            by: &caller.user_id,
            now,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::REFERRAL_CREATED,
        body.id.as_str(),
        consent_detail(body.consent),
    )
    .await?;
    tx.commit().await?;
    answer(&state, &body.id).await
}

async fn detail(
    State(state): State<ApiState>,
    IdPath(id): IdPath<ReferralId>,
    caller: CaseworkerCaller,
) -> Result<Json<ReferralDetail>> {
    let found = authz::centre_referral(&state, &caller.user_id, &caller.centre_id, &id).await?;
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        casework::referral_detail(&mut conn, &found.id, state.now_ms()).await?,
    ))
}

/// A new version of the content. Only while the referral is sent or accepted; the version must
/// be the next one (a stale tab gets a 409 and reloads).
async fn update(
    State(state): State<ApiState>,
    IdPath(id): IdPath<ReferralId>,
    caller: CaseworkerCaller,
    ApiJson(body): ApiJson<ReferralUpdate>,
) -> Result<Json<Referral>> {
    let found = authz::centre_referral(&state, &caller.user_id, &caller.centre_id, &id).await?;
    if !matches!(
        found.status,
        ReferralStatus::Sent | ReferralStatus::Accepted
    ) {
        return Err(ServerError::Conflict);
    }
    check_sealed(
        &state,
        &caller.user_id,
        &found.centre_id,
        &found.partner_id,
        &found.id,
        body.version,
        &body.sealed.0,
    )
    .await?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let updated = store::referrals::update(
        &mut tx,
        &found.id,
        body.version,
        body.consent,
        &body.sealed.0,
        &caller.user_id,
        now,
    )
    .await?;
    if !updated {
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::REFERRAL_UPDATED,
        found.id.as_str(),
        consent_detail(body.consent),
    )
    .await?;
    tx.commit().await?;
    answer(&state, &found.id).await
}

/// Withdraws a referral: every assignment made from it ends and every brief expires, its
/// envelope deleted from the relay.
async fn withdraw(
    State(state): State<ApiState>,
    IdPath(id): IdPath<ReferralId>,
    caller: CaseworkerCaller,
) -> Result<Json<Referral>> {
    let found = authz::centre_referral(&state, &caller.user_id, &caller.centre_id, &id).await?;
    let now = state.now_ms();
    let actor = caller.user_id.as_str();
    let mut tx = store::begin_write(state.db()).await?;
    if !store::referrals::withdraw(&mut tx, &found.id, now).await? {
        return Err(ServerError::Conflict);
    }
    let assignments = store::assignments::active_of_referral(&mut tx, &found.id).await?;
    for assignment in &assignments {
        casework::end_assignment(&mut tx, state.keys(), now, actor, assignment, "withdrawn")
            .await?;
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        actor,
        action::REFERRAL_WITHDRAWN,
        found.id.as_str(),
        &format!("assignments={}", assignments.len()),
    )
    .await?;
    tx.commit().await?;
    if !assignments.is_empty() {
        store::db::purge_wal_soon(state.db()).await;
    }
    answer(&state, &found.id).await
}
