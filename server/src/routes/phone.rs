//! What a volunteer's phone holds: the sync that uploads its brief events (opened, deleted)
//! and answers its current assignments, one assignment, and the brief itself. Only the
//! volunteer's own active, unexpired assignments are ever named; a brief is served only to a
//! listed phone of the assigned volunteer, after the pledge, and every fetch is audited and
//! entered in the ledger.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{
    B64, BriefRef, DeviceAssignment, DeviceBrief, DeviceEventKind, DeviceSync, DeviceSyncRequest,
};
use domain::ids::{AssignmentId, BriefId, DeviceId};

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::DeviceCaller;
use crate::authz;
use crate::casework;
use crate::http::{ApiJson, IdPath, Result, ServerError};
use crate::state::ApiState;
use crate::store::pledges::Subject;
use crate::store::{self, Conn, assignments::PhoneAssignment};

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::DEVICE_SYNC, sync)
        .route(&endpoints::DEVICE_ASSIGNMENT, assignment)
        .route(&endpoints::DEVICE_BRIEF, brief)
}

/// Events one sync may upload; a phone offline for weeks has a few dozen.
const MAX_EVENTS: usize = 500;

async fn for_phone(
    conn: &mut Conn,
    device: &DeviceId,
    found: PhoneAssignment,
    now: i64,
) -> Result<DeviceAssignment> {
    let visits = store::assignments::visits(&mut *conn, &found.id).await?;
    let brief = store::briefs::current_ref_for_device(conn, &found.id, device, now)
        .await?
        .map(|(brief_id, version)| BriefRef { brief_id, version });
    Ok(DeviceAssignment {
        schedule: store::assignments::parse_schedule(&found.schedule)?,
        id: found.id,
        valid_from: found.valid_from,
        valid_until: found.valid_until,
        visits,
        brief,
    })
}

/// Records the phone's events (each at most once; events for a version that never reached this
/// phone are ignored), then answers what it should hold now. Everything not listed, the phone
/// deletes and confirms at its next sync.
async fn sync(
    State(state): State<ApiState>,
    device: DeviceCaller,
    ApiJson(body): ApiJson<DeviceSyncRequest>,
) -> Result<Json<DeviceSync>> {
    if body.events.len() > MAX_EVENTS {
        return Err(ServerError::InvalidBody);
    }
    let now = state.now_ms();
    let actor = device.device_id.as_str();
    let mut tx = store::begin_write(state.db()).await?;
    for event in &body.events {
        let (recorded, what) = match event.kind {
            DeviceEventKind::Opened => (
                store::ledger::opened(
                    &mut tx,
                    &event.brief_id,
                    event.version,
                    &device.device_id,
                    event.at,
                    now,
                )
                .await?,
                action::BRIEF_OPENED,
            ),
            DeviceEventKind::Deleted => (
                store::ledger::deleted(
                    &mut tx,
                    &event.brief_id,
                    event.version,
                    &device.device_id,
                    event.at,
                    now,
                )
                .await?,
                action::BRIEF_DELETED,
            ),
        };
        if recorded {
            audit::append(
                &mut tx,
                state.keys(),
                now,
                actor,
                what,
                event.brief_id.as_str(),
                &casework::version_detail(event.version),
            )
            .await?;
        }
    }
    store::devices::touch(&mut tx, &device.device_id, now).await?;
    tx.commit().await?;

    let mut conn = store::acquire(state.db()).await?;
    let live = store::assignments::live_of_volunteer(&mut conn, &device.volunteer_id, now).await?;
    let mut assignments = Vec::with_capacity(live.len());
    for found in live {
        assignments.push(for_phone(&mut conn, &device.device_id, found, now).await?);
    }
    Ok(Json(DeviceSync { assignments, now }))
}

/// One of the volunteer's live assignments; anything else (another volunteer's, an ended one)
/// is an audited 404.
async fn assignment(
    State(state): State<ApiState>,
    IdPath(id): IdPath<AssignmentId>,
    device: DeviceCaller,
) -> Result<Json<DeviceAssignment>> {
    let found =
        authz::device_assignment(&state, &device.device_id, &device.volunteer_id, &id).await?;
    let now = state.now_ms();
    let mut conn = store::acquire(state.db()).await?;
    let Some(live) =
        store::assignments::live_one(&mut conn, &device.volunteer_id, &found.id, now).await?
    else {
        drop(conn);
        return Err(authz::deny(&state, device.device_id.as_str(), &found.id).await);
    };
    Ok(Json(
        for_phone(&mut conn, &device.device_id, live, now).await?,
    ))
}

/// The current version of a brief, to a phone listed among its recipients, of the assigned
/// volunteer, after the pledge, while the brief and its assignment last. Audited and entered in
/// the ledger.
async fn brief(
    State(state): State<ApiState>,
    IdPath(id): IdPath<BriefId>,
    device: DeviceCaller,
) -> Result<Json<DeviceBrief>> {
    let found = authz::device_brief(&state, &device.device_id, &device.volunteer_id, &id).await?;
    let now = state.now_ms();
    let mut conn = store::acquire(state.db()).await?;
    authz::require_pledge(
        &mut conn,
        Some(&device.partner_id),
        Subject::Volunteer(&device.volunteer_id),
    )
    .await?;
    let Some(current) =
        store::briefs::current_for_device(&mut conn, &found.id, &device.device_id, now).await?
    else {
        drop(conn);
        return Err(authz::deny(&state, device.device_id.as_str(), &found.id).await);
    };
    let signer = store::users::signer(&mut conn, &current.sealed_by).await?;
    drop(conn);
    let mut tx = store::begin_write(state.db()).await?;
    store::ledger::delivered(&mut tx, &found.id, current.version, &device.device_id, now).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        device.device_id.as_str(),
        action::BRIEF_FETCHED,
        found.id.as_str(),
        &casework::version_detail(current.version),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(DeviceBrief {
        brief_id: found.id,
        assignment_id: found.assignment_id,
        version: current.version,
        valid_until: current.valid_until,
        sealed: B64(current.sealed),
        signer,
    }))
}
