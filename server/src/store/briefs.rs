//! `briefs`, `brief_versions` and `brief_recipients`: what a coordinator released to one
//! volunteer for one assignment, version by version, sealed to both organisations and to each
//! listed phone.
//!
//! A version's envelope lives only while the version is current: replacing, revoking or
//! expiring it sets `sealed` to NULL in the same statement that changes its state (the schema
//! refuses anything else), and `secure_delete` zeroes the freed bytes. Reads treat a current
//! version past its validity, or of an ended assignment, as expired even before the expiry job
//! has run, so nothing expired is ever served.

use domain::api::{B64, BriefState, BriefVersion};
use domain::ids::{AssignmentId, BriefId, DeviceId, OrgId, UserId, VolunteerId};

use super::users::Signers;
use super::{Conn, Result};

/// SQL: whether the version row `bv` (joined with its assignment `a`) is current in name only,
/// its time being up. Binds `?1` = now.
const LAPSED: &str = "(bv.state = 'current' AND (bv.valid_until <= ?1 OR a.status <> 'active' \
     OR a.valid_until <= ?1))";

/// What authorization and the lifecycle need to know about a brief.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BriefRef {
    #[sqlx(try_from = "String")]
    pub id: BriefId,
    #[sqlx(try_from = "String")]
    pub assignment_id: AssignmentId,
    #[sqlx(try_from = "String")]
    pub volunteer_id: VolunteerId,
    pub current_version: u32,
}

const REF_COLUMNS: &str = "SELECT b.id, b.assignment_id, a.volunteer_id, b.current_version \
     FROM briefs b JOIN assignments a ON a.id = b.assignment_id";

/// A brief for one of `partner`'s volunteers, or `None`.
pub async fn of_partner(
    conn: &mut Conn,
    partner: &OrgId,
    id: &BriefId,
) -> Result<Option<BriefRef>> {
    sqlx::query_as(&format!(
        "{REF_COLUMNS} JOIN volunteers v ON v.id = a.volunteer_id WHERE b.id = ? AND v.partner_id = ?"
    ))
    .bind(id.as_str())
    .bind(partner.as_str())
    .fetch_optional(conn)
    .await
}

/// A brief for `volunteer`, or `None`.
pub async fn of_volunteer(
    conn: &mut Conn,
    volunteer: &VolunteerId,
    id: &BriefId,
) -> Result<Option<BriefRef>> {
    sqlx::query_as(&format!(
        "{REF_COLUMNS} WHERE b.id = ? AND a.volunteer_id = ?"
    ))
    .bind(id.as_str())
    .bind(volunteer.as_str())
    .fetch_optional(conn)
    .await
}

/// The brief of an assignment, if one was approved.
pub async fn of_assignment(conn: &mut Conn, assignment: &AssignmentId) -> Result<Option<BriefRef>> {
    sqlx::query_as(&format!("{REF_COLUMNS} WHERE b.assignment_id = ?"))
        .bind(assignment.as_str())
        .fetch_optional(conn)
        .await
}

pub async fn exists(conn: &mut Conn, id: &BriefId) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM briefs WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

pub struct NewVersion<'a> {
    pub brief_id: &'a BriefId,
    pub assignment_id: &'a AssignmentId,
    pub version: u32,
    pub valid_until: i64,
    pub sealed: &'a [u8],
    pub devices: &'a [DeviceId],
    pub by: &'a UserId,
    pub now: i64,
}

/// Stores an approved version as the current one: the brief itself for version 1, otherwise
/// moves the brief's current version on only if `version` is the next (`false`, nothing
/// written, if another approval came first). The caller ends the previous current version.
pub async fn insert_version(conn: &mut Conn, v: &NewVersion<'_>) -> Result<bool> {
    if v.version == 1 {
        sqlx::query("INSERT INTO briefs (id, assignment_id, current_version) VALUES (?, ?, 1)")
            .bind(v.brief_id.as_str())
            .bind(v.assignment_id.as_str())
            .execute(&mut *conn)
            .await?;
    } else {
        let updated = sqlx::query(
            "UPDATE briefs SET current_version = ?1 WHERE id = ?2 AND current_version + 1 = ?1",
        )
        .bind(v.version)
        .bind(v.brief_id.as_str())
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if updated != 1 {
            return Ok(false);
        }
    }
    sqlx::query(
        "INSERT INTO brief_versions (brief_id, version, valid_until, state, sealed, sealed_by, \
         approved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(v.brief_id.as_str())
    .bind(v.version)
    .bind(v.valid_until)
    .bind(BriefState::Current.as_str())
    .bind(v.sealed)
    .bind(v.by.as_str())
    .bind(v.now)
    .execute(&mut *conn)
    .await?;
    for device in v.devices {
        sqlx::query("INSERT INTO brief_recipients (brief_id, version, device_id) VALUES (?, ?, ?)")
            .bind(v.brief_id.as_str())
            .bind(v.version)
            .bind(device.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Ends a brief's current version (replaced, revoked or expired) and deletes its envelope in
/// the same statement; answers the version, or `None` if none was current. The caller runs
/// `db::purge_wal_soon` once the transaction has committed.
pub async fn end_current(
    conn: &mut Conn,
    id: &BriefId,
    state: BriefState,
    now: i64,
) -> Result<Option<u32>> {
    sqlx::query_scalar(
        "UPDATE brief_versions SET state = ?1, sealed = NULL, ended_at = ?2 \
         WHERE brief_id = ?3 AND state = ?4 RETURNING version",
    )
    .bind(state.as_str())
    .bind(now)
    .bind(id.as_str())
    .bind(BriefState::Current.as_str())
    .fetch_optional(conn)
    .await
}

/// Current versions whose validity has passed or whose assignment is over: what the expiry job
/// ends.
pub async fn due(conn: &mut Conn, now: i64) -> Result<Vec<BriefId>> {
    let ids: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT bv.brief_id FROM brief_versions bv JOIN briefs b ON b.id = bv.brief_id \
         JOIN assignments a ON a.id = b.assignment_id WHERE {LAPSED}"
    ))
    .bind(now)
    .fetch_all(conn)
    .await?;
    ids.into_iter().map(super::parse).collect()
}

const VERSION_COLUMNS: &str = "SELECT bv.brief_id, b.assignment_id, a.volunteer_id, bv.version, \
     bv.valid_until, bv.state, bv.sealed, bv.sealed_by, bv.approved_at";

#[derive(sqlx::FromRow)]
struct VersionRow {
    #[sqlx(try_from = "String")]
    brief_id: BriefId,
    #[sqlx(try_from = "String")]
    assignment_id: AssignmentId,
    #[sqlx(try_from = "String")]
    volunteer_id: VolunteerId,
    version: u32,
    valid_until: i64,
    #[sqlx(try_from = "String")]
    state: BriefState,
    lapsed: bool,
    sealed: Option<Vec<u8>>,
    #[sqlx(try_from = "String")]
    sealed_by: UserId,
    approved_at: i64,
}

impl VersionRow {
    async fn into_api(self, conn: &mut Conn, signers: &mut Signers) -> Result<BriefVersion> {
        let (state, sealed) = if self.lapsed {
            (BriefState::Expired, None)
        } else {
            (self.state, self.sealed.map(B64))
        };
        Ok(BriefVersion {
            signer: signers.get(conn, &self.sealed_by).await?,
            brief_id: self.brief_id,
            assignment_id: self.assignment_id,
            volunteer_id: self.volunteer_id,
            version: self.version,
            valid_until: self.valid_until,
            state,
            approved_at: self.approved_at,
            sealed,
        })
    }
}

async fn versions_where(
    conn: &mut Conn,
    condition: &str,
    id: &str,
    now: i64,
) -> Result<Vec<BriefVersion>> {
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "{VERSION_COLUMNS}, {LAPSED} AS lapsed FROM brief_versions bv \
         JOIN briefs b ON b.id = bv.brief_id JOIN assignments a ON a.id = b.assignment_id \
         WHERE {condition} = ?2 ORDER BY bv.approved_at DESC, bv.version DESC"
    ))
    .bind(now)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut signers = Signers::default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(row.into_api(&mut *conn, &mut signers).await?);
    }
    Ok(out)
}

/// Every version of every brief made from a referral, newest first.
pub async fn versions_of_referral(
    conn: &mut Conn,
    referral: &domain::ids::ReferralId,
    now: i64,
) -> Result<Vec<BriefVersion>> {
    versions_where(conn, "a.referral_id", referral.as_str(), now).await
}

/// One version, as staff list it.
pub async fn version(
    conn: &mut Conn,
    id: &BriefId,
    version: u32,
    now: i64,
) -> Result<Option<BriefVersion>> {
    Ok(versions_where(conn, "bv.brief_id", id.as_str(), now)
        .await?
        .into_iter()
        .find(|v| v.version == version))
}

/// The version a phone may hold now: current, within its validity and its assignment's, with
/// `device` among its recipients.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForDevice {
    pub version: u32,
    pub valid_until: i64,
    pub sealed: Vec<u8>,
    #[sqlx(try_from = "String")]
    pub sealed_by: UserId,
}

pub async fn current_for_device(
    conn: &mut Conn,
    id: &BriefId,
    device: &DeviceId,
    now: i64,
) -> Result<Option<ForDevice>> {
    sqlx::query_as(&format!(
        "SELECT bv.version, bv.valid_until, bv.sealed, bv.sealed_by FROM brief_versions bv \
         JOIN briefs b ON b.id = bv.brief_id AND b.current_version = bv.version \
         JOIN assignments a ON a.id = b.assignment_id \
         JOIN brief_recipients r ON r.brief_id = bv.brief_id AND r.version = bv.version \
         WHERE bv.brief_id = ?2 AND r.device_id = ?3 AND bv.state = 'current' \
         AND bv.sealed IS NOT NULL AND NOT {LAPSED}"
    ))
    .bind(now)
    .bind(id.as_str())
    .bind(device.as_str())
    .fetch_optional(conn)
    .await
}

/// The current version of an assignment's brief that `device` may hold now, as a reference.
pub async fn current_ref_for_device(
    conn: &mut Conn,
    assignment: &AssignmentId,
    device: &DeviceId,
    now: i64,
) -> Result<Option<(BriefId, u32)>> {
    let Some(brief) = of_assignment(&mut *conn, assignment).await? else {
        return Ok(None);
    };
    Ok(current_for_device(conn, &brief.id, device, now)
        .await?
        .map(|v| (brief.id, v.version)))
}
