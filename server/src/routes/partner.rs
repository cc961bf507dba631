//! A coordinator's volunteers: invites, the list with devices and pledge status, revocation,
//! lost phones and the incidents they open. Everything is scoped to the coordinator's own
//! partner organisation through `authz`.

use axum::Json;
use axum::extract::{Path, State};
use domain::keys::PublicKey;
use domain::wire::{
    Device, DeviceState, Incident, LostDeviceReport, NewVolunteerInvite, Volunteer, VolunteerInvite,
};
use sqlx::{Row, SqliteConnection};

use crate::audit::{self, action};
use crate::auth::CoordinatorCaller;
use crate::auth::session;
use crate::authz;
use crate::db;
use crate::error::{Result, ServerError};
use crate::http::ApiJson;
use crate::pledge::{self, Subject};
use crate::run::now_ms;
use crate::state::ApiState;
use crate::tokens;
use crate::validate;

/// A volunteer invite code is valid for three days and one enrolment.
pub const VOLUNTEER_INVITE_TTL_MS: i64 = 72 * 60 * 60 * 1000;

/// What a lost-device report did, in order; recorded on the incident.
const LOST_ACTIONS: [&str; 3] = ["share_destroyed", "sessions_ended", "device_revoked"];

pub fn device_state(state: &str) -> Result<DeviceState> {
    match state {
        "active" => Ok(DeviceState::Active),
        "locked" => Ok(DeviceState::Locked),
        "revoked" => Ok(DeviceState::Revoked),
        "lost" => Ok(DeviceState::Lost),
        _ => Err(ServerError::Internal("unknown device state")),
    }
}

/// Volunteer codes are stored keyed by hash, like every other bearer secret.
pub fn code_hash(code: &str) -> [u8; 32] {
    tokens::sha256(format!("yorisoi/v1/volunteer-code\0{code}").as_bytes())
}

/// `POST /api/partner/volunteer-invites`: a code for a new volunteer, or for another device of
/// an existing one.
pub async fn create_invite(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
    ApiJson(body): ApiJson<NewVolunteerInvite>,
) -> Result<Json<VolunteerInvite>> {
    validate::id(&body.programme_id)?;
    let programme = authz::partner_programme(
        &state,
        &caller.user_id,
        &caller.partner_id,
        &body.programme_id,
    )
    .await?;
    let existing = match &body.volunteer_id {
        Some(id) => {
            validate::id(id)?;
            let volunteer =
                authz::partner_volunteer(&state, &caller.user_id, &caller.partner_id, id).await?;
            if volunteer.revoked_at.is_some() {
                return Err(authz::deny(&state, &caller.user_id, id).await);
            }
            if volunteer.programme_id != programme.id {
                return Err(ServerError::InvalidBody);
            }
            Some(volunteer.id)
        }
        None => {
            validate::line(&body.display_name, 1, 100)?;
            None
        }
    };
    let now = now_ms();
    let code = tokens::volunteer_code()?;
    let expires_at = now + VOLUNTEER_INVITE_TTL_MS;
    let mut tx = db::begin_write(state.db()).await?;
    let volunteer_id = match existing {
        Some(id) => id,
        None => {
            let id = tokens::new_id()?;
            sqlx::query(
                "INSERT INTO volunteers (id, partner_id, programme_id, display_name, created_by, \
                 created_at) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(&caller.partner_id)
            .bind(&programme.id)
            .bind(&body.display_name)
            .bind(&caller.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    sqlx::query(
        "INSERT INTO volunteer_invites (code_hash, volunteer_id, programme_id, created_by, \
         created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(code_hash(&code).as_slice())
    .bind(&volunteer_id)
    .bind(&programme.id)
    .bind(&caller.user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        now,
        &caller.user_id,
        action::VOLUNTEER_INVITE_CREATED,
        &volunteer_id,
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

async fn devices_of(state: &ApiState, volunteer_id: &str) -> Result<Vec<Device>> {
    let rows = sqlx::query(
        "SELECT id, public_key, state, enrolled_at, last_seen_at FROM devices \
         WHERE volunteer_id = ? ORDER BY enrolled_at",
    )
    .bind(volunteer_id)
    .fetch_all(state.db())
    .await?;
    rows.iter().map(device_from_row).collect()
}

fn device_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<Device> {
    let key: Vec<u8> = r.try_get("public_key")?;
    Ok(Device {
        id: r.try_get("id")?,
        fingerprint: PublicKey::from_slice(&key)?.fingerprint(),
        state: device_state(&r.try_get::<String, _>("state")?)?,
        enrolled_at: r.try_get("enrolled_at")?,
        last_seen_at: r.try_get("last_seen_at")?,
    })
}

async fn volunteer(state: &ApiState, partner_id: &str, id: &str) -> Result<Volunteer> {
    let r = sqlx::query(
        "SELECT id, display_name, programme_id, revoked_at FROM volunteers \
         WHERE id = ? AND partner_id = ?",
    )
    .bind(id)
    .bind(partner_id)
    .fetch_one(state.db())
    .await?;
    Ok(Volunteer {
        id: r.try_get("id")?,
        display_name: r.try_get("display_name")?,
        programme_id: r.try_get("programme_id")?,
        active: r.try_get::<Option<i64>, _>("revoked_at")?.is_none(),
        pledge: pledge::status(state.db(), Some(partner_id), Subject::Volunteer(id)).await?,
        devices: devices_of(state, id).await?,
    })
}

/// `GET /api/partner/volunteers`: the coordinator's own organisation's volunteers.
pub async fn list_volunteers(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<Volunteer>>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM volunteers WHERE partner_id = ? ORDER BY revoked_at IS NOT NULL, created_at",
    )
    .bind(&caller.partner_id)
    .fetch_all(state.db())
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(volunteer(&state, &caller.partner_id, &id).await?);
    }
    Ok(Json(out))
}

/// Destroys a device's share, marks it, and ends its sessions. The share is gone for good: a
/// phone that never comes online again can no longer derive its key-encryption key.
async fn disable_device(
    conn: &mut SqliteConnection,
    device_id: &str,
    new_state: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE devices SET share = NULL, \
         state = CASE WHEN state = 'lost' THEN 'lost' ELSE ? END, \
         revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
    )
    .bind(new_state)
    .bind(now)
    .bind(device_id)
    .execute(&mut *conn)
    .await?;
    session::end_device_sessions(conn, device_id, now).await?;
    Ok(())
}

/// `POST /api/partner/volunteers/{id}/revoke`: the volunteer leaves; every device is revoked.
pub async fn revoke_volunteer(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
    Path(id): Path<String>,
) -> Result<Json<Volunteer>> {
    let found = authz::partner_volunteer(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let devices: Vec<String> = sqlx::query_scalar("SELECT id FROM devices WHERE volunteer_id = ?")
        .bind(&found.id)
        .fetch_all(&mut *tx)
        .await?;
    for device in &devices {
        disable_device(&mut tx, device, "revoked", now).await?;
    }
    sqlx::query("UPDATE volunteers SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
        .bind(now)
        .bind(&found.id)
        .execute(&mut *tx)
        .await?;
    // Codes not yet used must not enrol a new phone for someone who has left.
    sqlx::query("DELETE FROM volunteer_invites WHERE volunteer_id = ? AND used_at IS NULL")
        .bind(&found.id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        now,
        &caller.user_id,
        action::VOLUNTEER_REVOKED,
        &found.id,
        &format!("devices={}", devices.len()),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(
        volunteer(&state, &caller.partner_id, &found.id).await?,
    ))
}

async fn device(state: &ApiState, id: &str) -> Result<Device> {
    let row = sqlx::query(
        "SELECT id, public_key, state, enrolled_at, last_seen_at FROM devices WHERE id = ?",
    )
    .bind(id)
    .fetch_one(state.db())
    .await?;
    device_from_row(&row)
}

/// `POST /api/partner/devices/{id}/revoke`.
pub async fn revoke_device(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
    Path(id): Path<String>,
) -> Result<Json<Device>> {
    let found = authz::partner_device(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    disable_device(&mut tx, &found.id, "revoked", now).await?;
    audit::append(
        &mut tx,
        now,
        &caller.user_id,
        action::DEVICE_REVOKED,
        &found.id,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Json(device(&state, &found.id).await?))
}

/// `POST /api/partner/devices/{id}/lost`: the 事故報告 path. Destroys the share, ends the
/// sessions, revokes the device and opens an incident, all in one transaction.
pub async fn report_lost(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LostDeviceReport>,
) -> Result<Json<Incident>> {
    validate::text(&body.note, 0, 1000)?;
    let found = authz::partner_device(&state, &caller.user_id, &caller.partner_id, &id).await?;
    let now = now_ms();
    let incident_id = tokens::new_id()?;
    let actions: Vec<String> = LOST_ACTIONS.iter().map(|a| (*a).to_owned()).collect();
    let actions_json =
        serde_json::to_string(&actions).map_err(|_| ServerError::Internal("json"))?;
    let mut tx = db::begin_write(state.db()).await?;
    disable_device(&mut tx, &found.id, "lost", now).await?;
    sqlx::query(
        "INSERT INTO incidents (id, kind, organisation_id, device_id, volunteer_id, reported_by, \
         reported_at, note, actions) VALUES (?, 'lost_device', ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&incident_id)
    .bind(&caller.partner_id)
    .bind(&found.id)
    .bind(&found.volunteer_id)
    .bind(&caller.user_id)
    .bind(now)
    .bind(&body.note)
    .bind(&actions_json)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        now,
        &caller.user_id,
        action::DEVICE_LOST,
        &found.id,
        "",
    )
    .await?;
    audit::append(
        &mut tx,
        now,
        &caller.user_id,
        action::INCIDENT_OPENED,
        &incident_id,
        "lost_device",
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Incident {
        id: incident_id,
        kind: "lost_device".into(),
        device_id: Some(found.id),
        volunteer_id: Some(found.volunteer_id),
        reported_by: caller.user_id,
        reported_at: now,
        actions,
        note: body.note,
    }))
}

/// `GET /api/partner/incidents`: the coordinator's organisation's incidents, newest first.
/// `GET /api/partner/programmes`: the programmes of the coordinator's own partner, to invite
/// volunteers into.
pub async fn list_programmes(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<domain::wire::Programme>>> {
    Ok(Json(
        super::admin::load_programmes(state.db(), Some(&caller.partner_id)).await?,
    ))
}

pub async fn list_incidents(
    State(state): State<ApiState>,
    caller: CoordinatorCaller,
) -> Result<Json<Vec<Incident>>> {
    let rows = sqlx::query(
        "SELECT id, kind, device_id, volunteer_id, reported_by, reported_at, note, actions \
         FROM incidents WHERE organisation_id = ? ORDER BY reported_at DESC",
    )
    .bind(&caller.partner_id)
    .fetch_all(state.db())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let actions: String = r.try_get("actions")?;
        out.push(Incident {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            device_id: r.try_get("device_id")?,
            volunteer_id: r.try_get("volunteer_id")?,
            reported_by: r.try_get("reported_by")?,
            reported_at: r.try_get("reported_at")?,
            actions: serde_json::from_str(&actions)
                .map_err(|_| ServerError::Internal("stored incident actions"))?,
            note: r.try_get("note")?,
        });
    }
    Ok(Json(out))
}
