//! `incidents`: lost devices, leaks, unauthorised access, with what was done about them.

use domain::api::{Incident, IncidentKind};
use domain::ids::{DeviceId, IncidentId, OrgId, UserId, VolunteerId};
use sqlx::types::Json;

use super::{Conn, Nullable, Result};

/// Stores an incident of organisation `organisation_id`.
pub async fn insert(conn: &mut Conn, organisation_id: &OrgId, incident: &Incident) -> Result<()> {
    sqlx::query(
        "INSERT INTO incidents (id, kind, organisation_id, device_id, volunteer_id, reported_by, \
         reported_at, note, actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(incident.id.as_str())
    .bind(incident.kind.as_str())
    .bind(organisation_id.as_str())
    .bind(incident.device_id.as_ref().map(DeviceId::as_str))
    .bind(incident.volunteer_id.as_ref().map(VolunteerId::as_str))
    .bind(incident.reported_by.as_str())
    .bind(incident.reported_at)
    .bind(&incident.note)
    .bind(Json(&incident.actions))
    .execute(conn)
    .await?;
    Ok(())
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
    note: String,
    #[sqlx(json)]
    actions: Vec<String>,
}

/// An organisation's incidents, newest first.
pub async fn of_organisation(conn: &mut Conn, organisation_id: &OrgId) -> Result<Vec<Incident>> {
    let rows: Vec<IncidentRow> = sqlx::query_as(
        "SELECT id, kind, device_id, volunteer_id, reported_by, reported_at, note, actions \
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
            note: r.note,
        })
        .collect())
}
