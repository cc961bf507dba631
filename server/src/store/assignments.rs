//! `assignments` and `visits`: a referral matched to a volunteer for a validity window, with the
//! visits its schedule expands to.

use domain::api::{Assignment, AssignmentStatus, B64, Visit, VisitStatus};
use domain::ids::{AssignmentId, OrgId, ReferralId, UserId, VisitId, VolunteerId};
use domain::schedule::VisitSchedule;

use super::users::Signers;
use super::{Conn, Result};

/// What authorization and the lifecycle need to know about an assignment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AssignmentRef {
    #[sqlx(try_from = "String")]
    pub id: AssignmentId,
    #[sqlx(try_from = "String")]
    pub referral_id: ReferralId,
    #[sqlx(try_from = "String")]
    pub volunteer_id: VolunteerId,
    #[sqlx(try_from = "String")]
    pub status: AssignmentStatus,
    pub valid_until: i64,
}

impl AssignmentRef {
    /// Active and not past its end: what may still be shown to a phone or given a brief.
    pub fn live(&self, now: i64) -> bool {
        self.status == AssignmentStatus::Active && now < self.valid_until
    }
}

const REF_COLUMNS: &str =
    "SELECT a.id, a.referral_id, a.volunteer_id, a.status, a.valid_until FROM assignments a";

/// An assignment of one of `partner`'s volunteers, or `None`.
pub async fn of_partner(
    conn: &mut Conn,
    partner: &OrgId,
    id: &AssignmentId,
) -> Result<Option<AssignmentRef>> {
    sqlx::query_as(&format!(
        "{REF_COLUMNS} JOIN volunteers v ON v.id = a.volunteer_id \
         WHERE a.id = ? AND v.partner_id = ?"
    ))
    .bind(id.as_str())
    .bind(partner.as_str())
    .fetch_optional(conn)
    .await
}

/// An assignment of `volunteer`, or `None`.
pub async fn of_volunteer(
    conn: &mut Conn,
    volunteer: &VolunteerId,
    id: &AssignmentId,
) -> Result<Option<AssignmentRef>> {
    sqlx::query_as(&format!(
        "{REF_COLUMNS} WHERE a.id = ? AND a.volunteer_id = ?"
    ))
    .bind(id.as_str())
    .bind(volunteer.as_str())
    .fetch_optional(conn)
    .await
}

pub async fn exists(conn: &mut Conn, id: &AssignmentId) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM assignments WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

pub struct NewAssignment<'a> {
    pub id: &'a AssignmentId,
    pub referral_id: &'a ReferralId,
    pub volunteer_id: &'a VolunteerId,
    pub valid_from: i64,
    pub valid_until: i64,
    pub schedule: &'a VisitSchedule,
    pub sealed_note: Option<&'a [u8]>,
    pub by: &'a UserId,
    pub now: i64,
    /// Start of each visit (`domain::schedule::visits`).
    pub visits: &'a [i64],
}

pub async fn insert(conn: &mut Conn, a: &NewAssignment<'_>) -> Result<()> {
    let schedule =
        serde_json::to_string(a.schedule).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO assignments (id, referral_id, volunteer_id, valid_from, valid_until, \
         schedule, status, conflict_override, sealed_note, created_by, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.id.as_str())
    .bind(a.referral_id.as_str())
    .bind(a.volunteer_id.as_str())
    .bind(a.valid_from)
    .bind(a.valid_until)
    .bind(schedule)
    .bind(AssignmentStatus::Active.as_str())
    .bind(a.sealed_note.is_some())
    .bind(a.sealed_note)
    .bind(a.by.as_str())
    .bind(a.now)
    .execute(&mut *conn)
    .await?;
    let minutes = a.schedule.minutes();
    for at in a.visits {
        let id = VisitId::random().map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO visits (id, assignment_id, at, minutes, status) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id.as_str())
        .bind(a.id.as_str())
        .bind(at)
        .bind(minutes)
        .bind(VisitStatus::Planned.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Ends an active assignment and cancels its visits still to come; `false` if it had ended.
pub async fn end(conn: &mut Conn, id: &AssignmentId, now: i64) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE assignments SET status = ?1, ended_at = ?2 WHERE id = ?3 AND status = ?4",
    )
    .bind(AssignmentStatus::Ended.as_str())
    .bind(now)
    .bind(id.as_str())
    .bind(AssignmentStatus::Active.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE visits SET status = ? WHERE assignment_id = ? AND status = ? AND at > ?")
        .bind(VisitStatus::Cancelled.as_str())
        .bind(id.as_str())
        .bind(VisitStatus::Planned.as_str())
        .bind(now)
        .execute(conn)
        .await?;
    Ok(true)
}

/// The active assignments made from a referral.
pub async fn active_of_referral(
    conn: &mut Conn,
    referral: &ReferralId,
) -> Result<Vec<AssignmentId>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM assignments WHERE referral_id = ? AND status = ?")
            .bind(referral.as_str())
            .bind(AssignmentStatus::Active.as_str())
            .fetch_all(conn)
            .await?;
    ids.into_iter().map(super::parse).collect()
}

/// The active assignments of a volunteer.
pub async fn active_of_volunteer(
    conn: &mut Conn,
    volunteer: &VolunteerId,
) -> Result<Vec<AssignmentId>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM assignments WHERE volunteer_id = ? AND status = ?")
            .bind(volunteer.as_str())
            .bind(AssignmentStatus::Active.as_str())
            .fetch_all(conn)
            .await?;
    ids.into_iter().map(super::parse).collect()
}

/// Active assignments whose validity has passed: what the expiry job ends.
pub async fn due(conn: &mut Conn, now: i64) -> Result<Vec<AssignmentId>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM assignments WHERE status = ? AND valid_until <= ? ORDER BY valid_until",
    )
    .bind(AssignmentStatus::Active.as_str())
    .bind(now)
    .fetch_all(conn)
    .await?;
    ids.into_iter().map(super::parse).collect()
}

#[derive(sqlx::FromRow)]
struct VisitRow {
    #[sqlx(try_from = "String")]
    id: VisitId,
    #[sqlx(try_from = "String")]
    assignment_id: AssignmentId,
    at: i64,
    minutes: u16,
    #[sqlx(try_from = "String")]
    status: VisitStatus,
}

pub async fn visits(conn: &mut Conn, assignment: &AssignmentId) -> Result<Vec<Visit>> {
    let rows: Vec<VisitRow> = sqlx::query_as(
        "SELECT id, assignment_id, at, minutes, status FROM visits WHERE assignment_id = ? \
         ORDER BY at, id",
    )
    .bind(assignment.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Visit {
            id: r.id,
            assignment_id: r.assignment_id,
            at: r.at,
            minutes: r.minutes,
            status: r.status,
        })
        .collect())
}

const ASSIGNMENT_COLUMNS: &str = "SELECT a.id, a.referral_id, a.volunteer_id, a.valid_from, \
     a.valid_until, a.schedule, a.status, a.conflict_override, a.sealed_note, a.created_by, \
     a.created_at, a.ended_at FROM assignments a";

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    #[sqlx(try_from = "String")]
    id: AssignmentId,
    #[sqlx(try_from = "String")]
    referral_id: ReferralId,
    #[sqlx(try_from = "String")]
    volunteer_id: VolunteerId,
    valid_from: i64,
    valid_until: i64,
    schedule: String,
    #[sqlx(try_from = "String")]
    status: AssignmentStatus,
    conflict_override: bool,
    sealed_note: Option<Vec<u8>>,
    #[sqlx(try_from = "String")]
    created_by: UserId,
    created_at: i64,
    ended_at: Option<i64>,
}

/// A stored schedule; one that does not parse is the relay's own corruption.
pub fn parse_schedule(text: &str) -> Result<VisitSchedule> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl AssignmentRow {
    async fn into_api(self, conn: &mut Conn, signers: &mut Signers) -> Result<Assignment> {
        let visits = visits(&mut *conn, &self.id).await?;
        Ok(Assignment {
            signer: signers.get(conn, &self.created_by).await?,
            schedule: parse_schedule(&self.schedule)?,
            id: self.id,
            referral_id: self.referral_id,
            volunteer_id: self.volunteer_id,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            status: self.status,
            conflict_override: self.conflict_override,
            sealed_note: self.sealed_note.map(B64),
            created_at: self.created_at,
            ended_at: self.ended_at,
            visits,
        })
    }
}

pub async fn get(conn: &mut Conn, id: &AssignmentId) -> Result<Option<Assignment>> {
    let row: Option<AssignmentRow> =
        sqlx::query_as(&format!("{ASSIGNMENT_COLUMNS} WHERE a.id = ?"))
            .bind(id.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some(row) => Ok(Some(row.into_api(conn, &mut Signers::default()).await?)),
        None => Ok(None),
    }
}

/// Every assignment made from a referral, newest first.
pub async fn of_referral(conn: &mut Conn, referral: &ReferralId) -> Result<Vec<Assignment>> {
    let rows: Vec<AssignmentRow> = sqlx::query_as(&format!(
        "{ASSIGNMENT_COLUMNS} WHERE a.referral_id = ? ORDER BY a.created_at DESC, a.id"
    ))
    .bind(referral.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut signers = Signers::default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(row.into_api(&mut *conn, &mut signers).await?);
    }
    Ok(out)
}

/// What a phone is told about one assignment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhoneAssignment {
    #[sqlx(try_from = "String")]
    pub id: AssignmentId,
    pub valid_from: i64,
    pub valid_until: i64,
    pub schedule: String,
}

/// A volunteer's assignments that are active and not past their end, soonest end first.
pub async fn live_of_volunteer(
    conn: &mut Conn,
    volunteer: &VolunteerId,
    now: i64,
) -> Result<Vec<PhoneAssignment>> {
    sqlx::query_as(
        "SELECT a.id, a.valid_from, a.valid_until, a.schedule FROM assignments a \
         JOIN referrals r ON r.id = a.referral_id \
         WHERE a.volunteer_id = ? AND a.status = ? AND a.valid_until > ? AND r.status = ? \
         ORDER BY a.valid_from, a.id",
    )
    .bind(volunteer.as_str())
    .bind(AssignmentStatus::Active.as_str())
    .bind(now)
    .bind(domain::api::ReferralStatus::Accepted.as_str())
    .fetch_all(conn)
    .await
}

/// One of [`live_of_volunteer`].
pub async fn live_one(
    conn: &mut Conn,
    volunteer: &VolunteerId,
    id: &AssignmentId,
    now: i64,
) -> Result<Option<PhoneAssignment>> {
    Ok(live_of_volunteer(conn, volunteer, now)
        .await?
        .into_iter()
        .find(|a| &a.id == id))
}
