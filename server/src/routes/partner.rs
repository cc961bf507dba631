//! A coordinator's volunteers: invites, the list with devices and pledge status, revocation,
//! lost phones and the incidents they open. Everything is scoped to the coordinator's own
//! partner organisation through `authz`.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{
    Device, DeviceState, Incident, IncidentKind, LostDeviceReport, NewVolunteerInvite, Programme,
    Volunteer, VolunteerInvite,
};
use domain::ids::{DeviceId, IncidentId, VolunteerId};
use domain::rules::{self, VOLUNTEER_INVITE_TTL_MS};

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::session;
use crate::auth::{CoordinatorCaller, tokens};
use crate::authz;
use crate::http::{ApiJson, IdPath, Result, ServerError};
use crate::state::ApiState;
use crate::store::{self, Conn};

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::PARTNER_PROGRAMMES, list_programmes)
        .route(&endpoints::PARTNER_VOLUNTEER_INVITE_CREATE, create_invite)
        .route(&endpoints::PARTNER_VOLUNTEERS, list_volunteers)
        .route(&endpoints::PARTNER_VOLUNTEER_REVOKE, revoke_volunteer)
        .route(&endpoints::PARTNER_DEVICE_REVOKE, revoke_device)
        .route(&endpoints::PARTNER_DEVICE_LOST, report_lost)
        .route(&endpoints::PARTNER_INCIDENTS, list_incidents)
}

/// What a lost-device report did, in order; recorded on the incident.
const LOST_ACTIONS: [&str; 3] = ["share_destroyed", "sessions_ended", "device_revoked"];

/// The programmes of the coordinator's own partner, to invite volunteers into.
async fn list_programmes(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<Programme>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::programmes::list(&mut conn, Some(&caller.partner_id)).await?,
    ))
}

/// A code for a new volunteer, or for another device of an existing one.
async fn create_invite(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<NewVolunteerInvite>,
) -> Result<Json<VolunteerInvite>> {
    let programme = authz::partner_programme(
        &state,
        &caller.user_id,
        &caller.partner_id,
        &body.programme_id,
    )
    .await?;
    let existing = match &body.volunteer_id {
        Some(id) => {
            let volunteer =
                authz::partner_volunteer(&state, &caller.user_id, &caller.partner_id, id).await?;
            if volunteer.revoked_at.is_some() {
                return Err(authz::deny(&state, caller.user_id.as_str(), id).await);
            }
            if volunteer.programme_id != programme {
                return Err(ServerError::InvalidBody);
            }
            Some(volunteer.id)
        }
        None => {
            rules::line(&body.display_name, rules::DISPLAY_NAME)?;
            None
        }
    };
    let now = state.now_ms();
    let code = tokens::volunteer_code()?;
    let expires_at = now + VOLUNTEER_INVITE_TTL_MS;
    let mut tx = store::begin_write(state.db()).await?;
    let volunteer_id = match existing {
        Some(id) => id,
        None => {
            let id = VolunteerId::random()?;
            store::volunteers::insert(
                &mut tx,
                &store::volunteers::NewVolunteer {
                    id: &id,
                    partner_id: &caller.partner_id,
                    programme_id: &programme,
                    display_name: &body.display_name,
                    created_by: &caller.user_id,
                    created_at: now,
                },
            )
            .await?;
            id
        }
    };
    store::invites::insert_volunteer(
        &mut tx,
        &store::invites::NewVolunteerInvite {
            code_hash: &tokens::volunteer_code_hash(state.keys(), &code),
            volunteer_id: &volunteer_id,
            programme_id: &programme,
            created_by: &caller.user_id,
            created_at: now,
            expires_at,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::VOLUNTEER_INVITE_CREATED,
        volunteer_id.as_str(),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Json(VolunteerInvite {
        volunteer_id,
        path: format!("/v/enrol#{code}"),
        code,
        expires_at,
    }))
}

/// The coordinator's own organisation's volunteers.
async fn list_volunteers(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<Volunteer>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::volunteers::list(&mut conn, &caller.partner_id).await?,
    ))
}

/// Destroys a device's share, marks it, and ends its sessions. The share is gone for good: a
/// phone that never comes online again can no longer derive its key-encryption key. Its bytes
/// are zeroed in the database's pages as the transaction writes them (`secure_delete`); after
/// the commit, the caller clears the WAL's older page images (`store::db::purge_wal_soon`).
async fn disable_device(
    conn: &mut Conn,
    device: &DeviceId,
    new_state: DeviceState,
    now: i64,
) -> Result<()> {
    store::devices::disable(&mut *conn, device, new_state, now).await?;
    session::end_device_sessions(conn, device, now).await?;
    Ok(())
}

/// The volunteer leaves; every device is revoked.
async fn revoke_volunteer(
    State(state): State<ApiState>,
    IdPath(id): IdPath<VolunteerId>,
    caller: CoordinatorCaller,
) -> Result<Json<Volunteer>> {
    let found = authz::partner_volunteer(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let devices = store::devices::ids_of_volunteer(&mut tx, &found.id).await?;
    for device in &devices {
        disable_device(&mut tx, device, DeviceState::Revoked, now).await?;
    }
    store::volunteers::revoke(&mut tx, &found.id, now).await?;
    // Codes not yet used must not enrol a new phone for someone who has left.
    store::invites::delete_unused_for(&mut tx, &found.id).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::VOLUNTEER_REVOKED,
        found.id.as_str(),
        &format!("devices={}", devices.len()),
    )
    .await?;
    tx.commit().await?;
    store::db::purge_wal_soon(state.db()).await;
    let mut conn = store::acquire(state.db()).await?;
    let volunteer = store::volunteers::get(&mut conn, &caller.partner_id, &found.id)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(Json(volunteer))
}

async fn device(state: &ApiState, id: &DeviceId) -> Result<Device> {
    let mut conn = store::acquire(state.db()).await?;
    store::devices::get(&mut conn, id)
        .await?
        .ok_or(ServerError::NotFound)
}

async fn revoke_device(
    State(state): State<ApiState>,
    IdPath(id): IdPath<DeviceId>,
    caller: CoordinatorCaller,
) -> Result<Json<Device>> {
    let found = authz::partner_device(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    disable_device(&mut tx, &found.id, DeviceState::Revoked, now).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::DEVICE_REVOKED,
        found.id.as_str(),
        "",
    )
    .await?;
    tx.commit().await?;
    store::db::purge_wal_soon(state.db()).await;
    Ok(Json(device(&state, &found.id).await?))
}

/// The 事故報告 path. Destroys the share, ends the sessions, revokes the device and opens an
/// incident, all in one transaction.
async fn report_lost(
    State(state): State<ApiState>,
    IdPath(id): IdPath<DeviceId>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<LostDeviceReport>,
) -> Result<Json<Incident>> {
    rules::text(&body.note, rules::NOTE)?;
    let found = authz::partner_device(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = state.now_ms();
    let incident = Incident {
        id: IncidentId::random()?,
        kind: IncidentKind::LostDevice,
        device_id: Some(found.id.clone()),
        volunteer_id: Some(found.volunteer_id.clone()),
        reported_by: caller.user_id.clone(),
        reported_at: now,
        actions: LOST_ACTIONS.iter().map(|a| (*a).to_owned()).collect(),
        note: body.note,
    };
    let mut tx = store::begin_write(state.db()).await?;
    disable_device(&mut tx, &found.id, DeviceState::Lost, now).await?;
    store::incidents::insert(&mut tx, &caller.partner_id, &incident).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::DEVICE_LOST,
        found.id.as_str(),
        "",
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::INCIDENT_OPENED,
        incident.id.as_str(),
        incident.kind.as_str(),
    )
    .await?;
    tx.commit().await?;
    store::db::purge_wal_soon(state.db()).await;
    Ok(Json(incident))
}

/// The coordinator's organisation's incidents, newest first.
async fn list_incidents(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<Incident>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::incidents::of_organisation(&mut conn, &caller.partner_id).await?,
    ))
}
