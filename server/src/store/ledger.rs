//! `brief_deliveries`: the device ledger (持ち出し管理台帳). A row is one brief version on one
//! phone: when the relay handed it over, when the volunteer opened it, when the phone confirmed
//! it deleted it.

use domain::api::{BriefState, DeviceState, LedgerEntry};
use domain::ids::{AssignmentId, BriefId, DeviceId, ReferralId, VolunteerId};

use super::referrals::Side;
use super::{Conn, Result};

/// Records a fetch: a new row unless the phone already holds this version (a live row).
/// Answers whether a row was added.
pub async fn delivered(
    conn: &mut Conn,
    brief: &BriefId,
    version: u32,
    device: &DeviceId,
    now: i64,
) -> Result<bool> {
    let added = sqlx::query(
        "INSERT INTO brief_deliveries (brief_id, version, device_id, delivered_at) \
         SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM brief_deliveries \
         WHERE brief_id = ?1 AND version = ?2 AND device_id = ?3 AND deleted_at IS NULL)",
    )
    .bind(brief.as_str())
    .bind(version)
    .bind(device.as_str())
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(added == 1)
}

/// The live row of a version on a phone, with its delivery time: `None` if the version never
/// reached the phone (or the phone already confirmed deleting it).
async fn live(
    conn: &mut Conn,
    brief: &BriefId,
    version: u32,
    device: &DeviceId,
) -> Result<Option<(i64, i64)>> {
    sqlx::query_as(
        "SELECT id, delivered_at FROM brief_deliveries WHERE brief_id = ? AND version = ? \
         AND device_id = ? AND deleted_at IS NULL",
    )
    .bind(brief.as_str())
    .bind(version)
    .bind(device.as_str())
    .fetch_optional(conn)
    .await
}

/// The phone's time for an event, kept between the delivery and the relay's now: a phone clock
/// that is off can neither date an opening before the brief arrived nor in the future.
fn clamp(at: i64, delivered_at: i64, now: i64) -> i64 {
    at.clamp(delivered_at, now.max(delivered_at))
}

/// The volunteer opened a version on the phone; `false` (nothing recorded) if the version is
/// not on that phone or the opening is not newer than the last one recorded (a retried upload).
pub async fn opened(
    conn: &mut Conn,
    brief: &BriefId,
    version: u32,
    device: &DeviceId,
    at: i64,
    now: i64,
) -> Result<bool> {
    let Some((row, delivered_at)) = live(&mut *conn, brief, version, device).await? else {
        return Ok(false);
    };
    let at = clamp(at, delivered_at, now);
    let updated = sqlx::query(
        "UPDATE brief_deliveries SET first_opened_at = COALESCE(first_opened_at, ?1), \
         last_opened_at = ?1 WHERE id = ?2 AND (last_opened_at IS NULL OR last_opened_at < ?1)",
    )
    .bind(at)
    .bind(row)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// The phone confirmed it deleted a version; `false` if it never had it or already said so.
pub async fn deleted(
    conn: &mut Conn,
    brief: &BriefId,
    version: u32,
    device: &DeviceId,
    at: i64,
    now: i64,
) -> Result<bool> {
    let Some((row, delivered_at)) = live(&mut *conn, brief, version, device).await? else {
        return Ok(false);
    };
    let updated = sqlx::query(
        "UPDATE brief_deliveries SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
    )
    .bind(clamp(at, delivered_at, now))
    .bind(row)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

#[derive(sqlx::FromRow)]
struct LedgerRow {
    #[sqlx(try_from = "String")]
    referral_id: ReferralId,
    #[sqlx(try_from = "String")]
    assignment_id: AssignmentId,
    #[sqlx(try_from = "String")]
    volunteer_id: VolunteerId,
    volunteer_name: String,
    #[sqlx(try_from = "String")]
    device_id: DeviceId,
    #[sqlx(try_from = "String")]
    device_state: DeviceState,
    #[sqlx(try_from = "String")]
    brief_id: BriefId,
    version: u32,
    #[sqlx(try_from = "String")]
    brief_state: BriefState,
    lapsed: bool,
    delivered_at: i64,
    first_opened_at: Option<i64>,
    last_opened_at: Option<i64>,
    deleted_at: Option<i64>,
}

/// The ledger of `side`'s organisation: a partner's volunteers, a centre's referrals. Newest
/// delivery first. A current version whose time is up shows as expired before the expiry job
/// has run.
pub async fn list(conn: &mut Conn, side: Side<'_>, now: i64) -> Result<Vec<LedgerEntry>> {
    let (column, id) = match side {
        Side::Centre(id) => ("r.centre_id", id),
        Side::Partner(id) => ("v.partner_id", id),
    };
    let rows: Vec<LedgerRow> = sqlx::query_as(&format!(
        "SELECT a.referral_id, b.assignment_id, a.volunteer_id, v.display_name AS volunteer_name, \
         d.device_id, dv.state AS device_state, d.brief_id, d.version, bv.state AS brief_state, \
         (bv.state = 'current' AND (bv.valid_until <= ?1 OR a.status <> 'active' \
          OR a.valid_until <= ?1)) AS lapsed, \
         d.delivered_at, d.first_opened_at, d.last_opened_at, d.deleted_at \
         FROM brief_deliveries d \
         JOIN brief_versions bv ON bv.brief_id = d.brief_id AND bv.version = d.version \
         JOIN briefs b ON b.id = d.brief_id JOIN assignments a ON a.id = b.assignment_id \
         JOIN referrals r ON r.id = a.referral_id JOIN volunteers v ON v.id = a.volunteer_id \
         JOIN devices dv ON dv.id = d.device_id \
         WHERE {column} = ?2 ORDER BY d.delivered_at DESC, d.id DESC"
    ))
    .bind(now)
    .bind(id.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LedgerEntry {
            referral_id: r.referral_id,
            assignment_id: r.assignment_id,
            volunteer_id: r.volunteer_id,
            volunteer_name: r.volunteer_name,
            device_id: r.device_id,
            device_state: r.device_state,
            brief_id: r.brief_id,
            version: r.version,
            brief_state: if r.lapsed {
                BriefState::Expired
            } else {
                r.brief_state
            },
            delivered_at: r.delivered_at,
            first_opened_at: r.first_opened_at,
            last_opened_at: r.last_opened_at,
            deleted_at: r.deleted_at,
        })
        .collect())
}
