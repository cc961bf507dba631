//! `volunteers`: the people a partner's coordinators invite; their phones are in `devices`.

use domain::api::Volunteer;
use domain::ids::{OrgId, ProgrammeId, UserId, VolunteerId};

use super::pledges::{self, Subject};
use super::{Conn, Result, devices};

pub struct NewVolunteer<'a> {
    pub id: &'a VolunteerId,
    pub partner_id: &'a OrgId,
    pub programme_id: &'a ProgrammeId,
    pub display_name: &'a str,
    pub created_by: &'a UserId,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, v: &NewVolunteer<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO volunteers (id, partner_id, programme_id, display_name, created_by, \
         created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(v.id.as_str())
    .bind(v.partner_id.as_str())
    .bind(v.programme_id.as_str())
    .bind(v.display_name)
    .bind(v.created_by.as_str())
    .bind(v.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// What authorization needs to know about a volunteer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VolunteerRef {
    #[sqlx(try_from = "String")]
    pub id: VolunteerId,
    #[sqlx(try_from = "String")]
    pub programme_id: ProgrammeId,
    pub revoked_at: Option<i64>,
}

/// A volunteer of `partner` (revoked ones included), or `None` whether they do not exist or
/// belong to another partner.
pub async fn of_partner(
    conn: &mut Conn,
    partner: &OrgId,
    id: &VolunteerId,
) -> Result<Option<VolunteerRef>> {
    sqlx::query_as(
        "SELECT id, programme_id, revoked_at FROM volunteers WHERE id = ? AND partner_id = ?",
    )
    .bind(id.as_str())
    .bind(partner.as_str())
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct VolunteerRow {
    #[sqlx(try_from = "String")]
    id: VolunteerId,
    display_name: String,
    #[sqlx(try_from = "String")]
    programme_id: ProgrammeId,
    revoked_at: Option<i64>,
}

async fn complete(conn: &mut Conn, partner: &OrgId, row: VolunteerRow) -> Result<Volunteer> {
    let pledge = pledges::status(&mut *conn, Some(partner), Subject::Volunteer(&row.id)).await?;
    let devices = devices::of_volunteer(conn, &row.id).await?;
    Ok(Volunteer {
        id: row.id,
        display_name: row.display_name,
        programme_id: row.programme_id,
        active: row.revoked_at.is_none(),
        pledge,
        devices,
    })
}

/// A partner's volunteers with their pledge status and devices: active ones first, then in
/// the order they were invited.
pub async fn list(conn: &mut Conn, partner: &OrgId) -> Result<Vec<Volunteer>> {
    let rows: Vec<VolunteerRow> = sqlx::query_as(
        "SELECT id, display_name, programme_id, revoked_at FROM volunteers WHERE partner_id = ? \
         ORDER BY revoked_at IS NOT NULL, created_at",
    )
    .bind(partner.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(complete(&mut *conn, partner, row).await?);
    }
    Ok(out)
}

/// One of a partner's volunteers, as [`list`] shows them.
pub async fn get(conn: &mut Conn, partner: &OrgId, id: &VolunteerId) -> Result<Option<Volunteer>> {
    let row: Option<VolunteerRow> = sqlx::query_as(
        "SELECT id, display_name, programme_id, revoked_at FROM volunteers \
         WHERE id = ? AND partner_id = ?",
    )
    .bind(id.as_str())
    .bind(partner.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => complete(conn, partner, row).await.map(Some),
        None => Ok(None),
    }
}

pub async fn revoke(conn: &mut Conn, id: &VolunteerId, now: i64) -> Result<()> {
    sqlx::query("UPDATE volunteers SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
        .bind(now)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
