//! `incidents`: lost devices, leaks, unauthorised access, with what was done about them. The
//! free-text note travels and rests sealed to the organisation's identity; the plain `note`
//! column stays empty (the schema refuses anything else).

use domain::api::{B64, Incident, IncidentKind};
use domain::ids::{DeviceId, IncidentId, OrgId, UserId, VolunteerId};
use sqlx::types::Json;

use super::{Conn, Nullable, Result};

/// Stores an incident of organisation `organisation_id`; `false` if its id is taken (ids come
/// from the browser, which sealed the note to it).
pub async fn insert(conn: &mut Conn, organisation_id: &OrgId, incident: &Incident) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO incidents (id, kind, organisation_id, device_id, volunteer_id, reported_by, \
         reported_at, note, sealed_note, actions) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(incident.id.as_str())
    .bind(incident.kind.as_str())
    .bind(organisation_id.as_str())
    .bind(incident.device_id.as_ref().map(DeviceId::as_str))
    .bind(incident.volunteer_id.as_ref().map(VolunteerId::as_str))
    .bind(incident.reported_by.as_str())
    .bind(incident.reported_at)
    .bind(incident.sealed_note.as_ref().map(|n| n.0.as_slice()))
    .bind(Json(&incident.actions))
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

#[derive(sqlx::FromRow)]
struct IncidentRow {
    #[sqlx(try_from = "String")]
    id: IncidentId,
    #[sqlx(try_from = "String")]
    kind: IncidentKind,
    #[sqlx(try_from = "Option<String>")]
    device_id: Nullable<DeviceId>,
    #[sqlx(try_from = "Option<String>")]
    volunteer_id: Nullable<VolunteerId>,
    #[sqlx(try_from = "String")]
    reported_by: UserId,
    reported_at: i64,
    sealed_note: Option<Vec<u8>>,
    #[sqlx(json)]
    actions: Vec<String>,
}

/// An organisation's incidents, newest first.
pub async fn of_organisation(conn: &mut Conn, organisation_id: &OrgId) -> Result<Vec<Incident>> {
    let rows: Vec<IncidentRow> = sqlx::query_as(
        "SELECT id, kind, device_id, volunteer_id, reported_by, reported_at, sealed_note, actions \
         FROM incidents WHERE organisation_id = ? ORDER BY reported_at DESC",
    )
    .bind(organisation_id.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Incident {
            id: r.id,
            kind: r.kind,
            device_id: r.device_id.0,
            volunteer_id: r.volunteer_id.0,
            reported_by: r.reported_by,
            reported_at: r.reported_at,
            actions: r.actions,
            sealed_note: r.sealed_note.map(B64),
        })
        .collect())
}
