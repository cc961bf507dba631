//! `programmes`: what a partner runs for a centre, and its settings.

use domain::api::{NewProgramme, Programme, SupportKind};
use domain::ids::{OrgId, ProgrammeId};

use super::{Conn, Result};

#[derive(sqlx::FromRow)]
struct ProgrammeRow {
    #[sqlx(try_from = "String")]
    id: ProgrammeId,
    #[sqlx(try_from = "String")]
    partner_id: OrgId,
    #[sqlx(try_from = "String")]
    centre_id: OrgId,
    name: String,
    #[sqlx(try_from = "String")]
    support_kind: SupportKind,
    coordinator_reads_reports: bool,
    emergency_phone: String,
    retention_days: i64,
    idle_lock_secs: i64,
    offline_window_secs: i64,
}

impl From<ProgrammeRow> for Programme {
    fn from(r: ProgrammeRow) -> Self {
        Programme {
            id: r.id,
            settings: NewProgramme {
                partner_id: r.partner_id,
                centre_id: r.centre_id,
                name: r.name,
                support_kind: r.support_kind,
                coordinator_reads_reports: r.coordinator_reads_reports,
                emergency_phone: r.emergency_phone,
                retention_days: r.retention_days,
                idle_lock_secs: r.idle_lock_secs,
                offline_window_secs: r.offline_window_secs,
            },
        }
    }
}

/// Every programme, or only those one partner runs (what its coordinators may see).
pub async fn list(conn: &mut Conn, partner: Option<&OrgId>) -> Result<Vec<Programme>> {
    let rows: Vec<ProgrammeRow> = sqlx::query_as(
        "SELECT id, partner_id, centre_id, name, support_kind, coordinator_reads_reports, \
         emergency_phone, retention_days, idle_lock_secs, offline_window_secs \
         FROM programmes WHERE ?1 IS NULL OR partner_id = ?1 ORDER BY name",
    )
    .bind(partner.map(OrgId::as_str))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Programme::from).collect())
}

pub async fn insert(
    conn: &mut Conn,
    id: &ProgrammeId,
    programme: &NewProgramme,
    created_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO programmes (id, partner_id, centre_id, name, support_kind, \
         coordinator_reads_reports, emergency_phone, retention_days, idle_lock_secs, \
         offline_window_secs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(programme.partner_id.as_str())
    .bind(programme.centre_id.as_str())
    .bind(&programme.name)
    .bind(programme.support_kind.as_str())
    .bind(programme.coordinator_reads_reports)
    .bind(&programme.emergency_phone)
    .bind(programme.retention_days)
    .bind(programme.idle_lock_secs)
    .bind(programme.offline_window_secs)
    .bind(created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A programme run by `partner`, or `None` (whether it does not exist or is another's).
pub async fn run_by(
    conn: &mut Conn,
    partner: &OrgId,
    id: &ProgrammeId,
) -> Result<Option<ProgrammeId>> {
    let row: Option<String> =
        sqlx::query_scalar("SELECT id FROM programmes WHERE id = ? AND partner_id = ?")
            .bind(id.as_str())
            .bind(partner.as_str())
            .fetch_optional(conn)
            .await?;
    row.map(super::parse).transpose()
}

/// The programmes run for `centre`: where its caseworkers may send referrals.
pub async fn of_centre(conn: &mut Conn, centre: &OrgId) -> Result<Vec<Programme>> {
    let rows: Vec<ProgrammeRow> = sqlx::query_as(
        "SELECT id, partner_id, centre_id, name, support_kind, coordinator_reads_reports, \
         emergency_phone, retention_days, idle_lock_secs, offline_window_secs \
         FROM programmes WHERE centre_id = ? ORDER BY name",
    )
    .bind(centre.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Programme::from).collect())
}

/// Who a programme connects: its partner and its centre.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProgrammeSides {
    #[sqlx(try_from = "String")]
    pub id: ProgrammeId,
    #[sqlx(try_from = "String")]
    pub partner_id: OrgId,
    #[sqlx(try_from = "String")]
    pub centre_id: OrgId,
}

/// A programme run for `centre`, or `None` (whether it does not exist or serves another).
pub async fn for_centre(
    conn: &mut Conn,
    centre: &OrgId,
    id: &ProgrammeId,
) -> Result<Option<ProgrammeSides>> {
    sqlx::query_as(
        "SELECT id, partner_id, centre_id FROM programmes WHERE id = ? AND centre_id = ?",
    )
    .bind(id.as_str())
    .bind(centre.as_str())
    .fetch_optional(conn)
    .await
}
