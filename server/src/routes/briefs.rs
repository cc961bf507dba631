//! Briefs: a coordinator approves a version of what one volunteer may see for one assignment,
//! sealed in their browser to both organisations and to each of the volunteer's certified
//! phones, and revokes it. A version that is replaced, revoked or expired loses its envelope.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{BriefState, BriefVersion, DeviceState, NewBrief, brief_binding};
use domain::ids::{BriefId, DeviceId};
use domain::keys::PublicKey;
use domain::trust::Statement;

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
        .route(&endpoints::PARTNER_BRIEF_APPROVE, approve)
        .route(&endpoints::PARTNER_BRIEF_REVOKE, revoke)
}

/// More phones than any volunteer has; a longer list is malformed.
const MAX_DEVICES: usize = 16;

async fn answer(state: &ApiState, id: &BriefId, version: u32) -> Result<Json<BriefVersion>> {
    let mut conn = store::acquire(state.db()).await?;
    store::briefs::version(&mut conn, id, version, state.now_ms())
        .await?
        .map(Json)
        .ok_or(ServerError::NotFound)
}

/// Approves version `version` of the assignment's brief: 1 with a new brief id, or the current
/// version + 1 of its brief, which replaces the current one (its envelope deleted).
async fn approve(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<NewBrief>,
) -> Result<Json<BriefVersion>> {
    let assignment = authz::partner_assignment(
        &state,
        &caller.user_id,
        &caller.partner_id,
        &body.assignment_id,
    )
    .await?;
    let now = state.now_ms();
    let listed: BTreeSet<&DeviceId> = body.devices.iter().collect();
    if body.version == 0
        || body.valid_until <= now
        || body.valid_until > assignment.valid_until
        || body.devices.len() > MAX_DEVICES
        || listed.len() != body.devices.len()
    {
        return Err(ServerError::InvalidBody);
    }
    if !assignment.live(now) {
        return Err(ServerError::Conflict);
    }
    let mut conn = store::acquire(state.db()).await?;
    let referral = store::referrals::of_side(
        &mut conn,
        store::referrals::Side::Partner(&caller.partner_id),
        &assignment.referral_id,
    )
    .await?
    .ok_or(ServerError::NotFound)?;
    let (centre, partner) =
        casework::both_identities(&mut conn, &referral.centre_id, &referral.partner_id).await?;
    // The phones the brief must be sealed to: every active one the partner certified (the
    // certificate checked again here, under the partner's identity).
    let mut certified: Vec<(DeviceId, PublicKey)> = Vec::new();
    for device in store::devices::of_volunteer(&mut conn, &assignment.volunteer_id).await? {
        let vouched = device.certificate.as_ref().is_some_and(|certificate| {
            Statement::Device {
                organisation: &caller.partner_id,
                volunteer: &assignment.volunteer_id,
                device: &device.id,
                identity: &device.identity,
            }
            .verify(&partner, &certificate.0)
            .is_ok()
        });
        if device.state == DeviceState::Active && vouched {
            certified.push((device.id, device.identity.sealing));
        }
    }
    drop(conn);
    if certified.is_empty() {
        // No phone could read it: the coordinator certifies one first.
        return Err(ServerError::Conflict);
    }
    let expected: BTreeSet<&DeviceId> = certified.iter().map(|(id, _)| id).collect();
    if listed != expected {
        return Err(ServerError::InvalidBody);
    }
    let mut recipients = vec![centre.sealing, partner.sealing];
    recipients.extend(certified.iter().map(|(_, key)| *key));
    let me = authz::own_identity(&state, &caller.user_id).await?;
    validate::sealed_to_all(
        &body.sealed.0,
        &SealedToAll {
            binding: &brief_binding(&body.brief_id, body.version),
            sender: &caller.user_id,
            sender_key: &me.signing,
            recipients: &recipients,
            max_len: validate::MAX_SEALED_BRIEF,
            plaintext: PlaintextLen::AtMost(validate::MAX_SEALED_BRIEF),
        },
    )?;

    let mut tx = store::begin_write(state.db()).await?;
    let replaced = match store::briefs::of_assignment(&mut tx, &assignment.id).await? {
        None if body.version == 1 => {
            if store::briefs::exists(&mut tx, &body.brief_id).await? {
                return Err(ServerError::Conflict);
            }
            false
        }
        Some(brief) if brief.id == body.brief_id && brief.current_version + 1 == body.version => {
            store::briefs::end_current(&mut tx, &brief.id, BriefState::Replaced, now)
                .await?
                .is_some()
        }
        // Another approval came first, or the browser's view is stale.
        _ => return Err(ServerError::Conflict),
    };
    let inserted = store::briefs::insert_version(
        &mut tx,
        &store::briefs::NewVersion {
            brief_id: &body.brief_id,
            assignment_id: &assignment.id,
            version: body.version,
            valid_until: body.valid_until,
            sealed: &body.sealed.0,
            devices: &body.devices,
            by: &caller.user_id,
            now,
        },
    )
    .await?;
    if !inserted {
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::BRIEF_APPROVED,
        body.brief_id.as_str(),
        &casework::version_detail(body.version),
    )
    .await?;
    tx.commit().await?;
    if replaced {
        store::db::purge_wal_soon(state.db()).await;
    }
    answer(&state, &body.brief_id, body.version).await
}

/// Revokes the current version: its envelope is deleted and phones delete their copy at the
/// next sync (the ledger shows when each confirmed it).
async fn revoke(
    State(state): State<ApiState>,
    IdPath(id): IdPath<BriefId>,
    caller: CoordinatorCaller,
) -> Result<Json<BriefVersion>> {
    let brief = authz::partner_brief(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let revoked = casework::end_brief(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        &brief.id,
        BriefState::Revoked,
    )
    .await?;
    if !revoked {
        return Err(ServerError::Conflict);
    }
    tx.commit().await?;
    store::db::purge_wal_soon(state.db()).await;
    answer(&state, &brief.id, brief.current_version).await
}
