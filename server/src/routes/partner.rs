//! A coordinator's volunteers: invites, the list with devices and pledge status, device
//! certificates, revocation, lost phones and the incidents they open. Everything is scoped to
//! the coordinator's own partner organisation through `authz`.
//!
//! What is secret or personal arrives sealed to the partner's identity and is only checked here:
//! an invitation's binding secret, an incident's note. A phone's keys are believed by anyone only
//! through the Device certificate a coordinator's browser signs, which the relay verifies but
//! cannot make.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{
    Device, DeviceCertification, DeviceState, Incident, IncidentKind, LostDeviceReport,
    NewVolunteerInvite, Programme, Volunteer, VolunteerInvite, incident_note_binding,
    invitation_binding,
};
use domain::identity::PublicIdentity;
use domain::ids::{DeviceId, OrgId, VolunteerId};
use domain::rules::{self, VOLUNTEER_INVITE_TTL_MS};
use domain::trust::Statement;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::session;
use crate::auth::{CoordinatorCaller, tokens};
use crate::authz;
use crate::http::validate::{self, PlaintextLen, Sealed};
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
        .route(&endpoints::PARTNER_DEVICE_CERTIFY, certify_device)
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

/// The partner's identity, which everything sealed to the partner must be sealed to. A partner
/// whose first coordinator has not created it yet can be sent nothing sealed: a 409 (the
/// coordinator's browser says what to do).
async fn partner_identity(state: &ApiState, partner: &OrgId) -> Result<PublicIdentity> {
    store::organisations::identity_of(&mut *store::acquire(state.db()).await?, partner)
        .await?
        .ok_or(ServerError::Conflict)
}

/// A code for a new volunteer, or for another device of an existing one. The invitation's id and
/// binding secret were made in the coordinator's browser, which sealed the secret to the
/// partner's identity; the relay checks the envelope and stores it with the code.
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
    let partner = partner_identity(&state, &caller.partner_id).await?;
    let me = authz::own_identity(&state, &caller.user_id).await?;
    validate::sealed(
        &body.sealed_secret.0,
        &Sealed {
            binding: invitation_binding(&body.invitation_id),
            sender: &caller.user_id,
            sender_key: &me.signing,
            recipient: &partner.sealing,
            max_len: validate::MAX_SEALED_SECRET,
            plaintext: PlaintextLen::Exactly(domain::invitation::SECRET_LEN),
        },
    )?;
    let now = state.now_ms();
    let code = tokens::volunteer_code()?;
    let expires_at = now + VOLUNTEER_INVITE_TTL_MS;
    let mut tx = store::begin_write(state.db()).await?;
    if store::invites::invitation_exists(&mut tx, &body.invitation_id).await? {
        return Err(ServerError::Conflict);
    }
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
            invitation_id: &body.invitation_id,
            sealed_secret: &body.sealed_secret.0,
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
    // Someone who left holds nothing: their assignments end and their briefs expire, the
    // envelopes deleted with the share (purged from the WAL below).
    for assignment in store::assignments::active_of_volunteer(&mut tx, &found.id).await? {
        crate::casework::end_assignment(
            &mut tx,
            state.keys(),
            now,
            caller.user_id.as_str(),
            &assignment,
            "volunteer_revoked",
        )
        .await?;
    }
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

async fn device_answer(state: &ApiState, id: &DeviceId) -> Result<Device> {
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
    Ok(Json(device_answer(&state, &found.id).await?))
}

/// The 事故報告 path. Destroys the share, ends the sessions, revokes the device and opens an
/// incident, all in one transaction. The incident's id comes from the browser, which sealed the
/// note (free text) to the partner's identity under it.
async fn report_lost(
    State(state): State<ApiState>,
    IdPath(id): IdPath<DeviceId>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<LostDeviceReport>,
) -> Result<Json<Incident>> {
    let found = authz::partner_device(&state, &caller.user_id, &caller.partner_id, &id).await?;
    if let Some(note) = &body.sealed_note {
        // Without a partner identity nothing can have been sealed to it.
        let partner = store::organisations::identity_of(
            &mut *store::acquire(state.db()).await?,
            &caller.partner_id,
        )
        .await?
        .ok_or(ServerError::InvalidBody)?;
        let me = authz::own_identity(&state, &caller.user_id).await?;
        validate::sealed(
            &note.0,
            &Sealed {
                binding: incident_note_binding(&body.incident_id),
                sender: &caller.user_id,
                sender_key: &me.signing,
                recipient: &partner.sealing,
                max_len: validate::MAX_SEALED_NOTE,
                plaintext: PlaintextLen::AtMost(validate::MAX_NOTE_BYTES),
            },
        )?;
    }
    let now = state.now_ms();
    let incident = Incident {
        id: body.incident_id,
        kind: IncidentKind::LostDevice,
        device_id: Some(found.id.clone()),
        volunteer_id: Some(found.volunteer_id.clone()),
        reported_by: caller.user_id.clone(),
        reported_at: now,
        actions: LOST_ACTIONS.iter().map(|a| (*a).to_owned()).collect(),
        sealed_note: body.sealed_note,
    };
    let mut tx = store::begin_write(state.db()).await?;
    if !store::incidents::insert(&mut tx, &caller.partner_id, &incident).await? {
        return Err(ServerError::Conflict);
    }
    disable_device(&mut tx, &found.id, DeviceState::Lost, now).await?;
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

/// The partner vouches for a phone's keys: a coordinator's browser signed the Device statement
/// after the phone proved it holds the invitation's secret (or a person compared the check code).
/// Set once; sending the same certificate again changes nothing.
async fn certify_device(
    State(state): State<ApiState>,
    IdPath(id): IdPath<DeviceId>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<DeviceCertification>,
) -> Result<Json<Device>> {
    let found = authz::partner_device(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let partner = partner_identity(&state, &caller.partner_id).await?;
    let device = store::devices::to_certify(&mut *store::acquire(state.db()).await?, &found.id)
        .await?
        .ok_or(ServerError::NotFound)?;
    if device.state != DeviceState::Active {
        return Err(ServerError::Conflict);
    }
    let certificate = validate::certificate(
        &body.certificate,
        &Statement::Device {
            organisation: &caller.partner_id,
            volunteer: &found.volunteer_id,
            device: &found.id,
            identity: &device.identity,
        },
        &partner,
    )?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    if store::devices::certify(&mut tx, &found.id, &certificate, &caller.user_id, now).await? {
        audit::append(
            &mut tx,
            state.keys(),
            now,
            caller.user_id.as_str(),
            action::DEVICE_CERTIFIED,
            found.id.as_str(),
            "",
        )
        .await?;
        tx.commit().await?;
    } else {
        // Already certified (the same certificate again is fine), or no longer active.
        let stored = store::devices::to_certify(&mut tx, &found.id).await?;
        let same = stored.is_some_and(|d| {
            d.state == DeviceState::Active && d.certificate.as_deref() == Some(&certificate[..])
        });
        if !same {
            return Err(ServerError::Conflict);
        }
    }
    Ok(Json(device_answer(&state, &found.id).await?))
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
