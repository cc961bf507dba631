//! `referrals` and `referral_versions`: a centre's referral of a family to a programme, as
//! routing metadata (programme, organisations, status, times) and one sealed envelope per
//! version; and the partner's answer.

use domain::api::{B64, ConsentState, Referral, ReferralReply, ReferralStatus};
use domain::ids::{OrgId, ProgrammeId, ReferralId, UserId};

use super::users::Signers;
use super::{Conn, Nullable, Result};

/// Which organisation's referrals: a centre's (it sent them) or a partner's (its inbox).
#[derive(Debug, Clone, Copy)]
pub enum Side<'a> {
    Centre(&'a OrgId),
    Partner(&'a OrgId),
}

impl Side<'_> {
    /// The referral column naming the organisation (a constant, never input).
    fn column(&self) -> &'static str {
        match self {
            Side::Centre(_) => "r.centre_id",
            Side::Partner(_) => "r.partner_id",
        }
    }

    fn id(&self) -> &str {
        match self {
            Side::Centre(id) | Side::Partner(id) => id.as_str(),
        }
    }
}

/// What authorization and the lifecycle need to know about a referral.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReferralRef {
    #[sqlx(try_from = "String")]
    pub id: ReferralId,
    #[sqlx(try_from = "String")]
    pub programme_id: ProgrammeId,
    #[sqlx(try_from = "String")]
    pub centre_id: OrgId,
    #[sqlx(try_from = "String")]
    pub partner_id: OrgId,
    #[sqlx(try_from = "String")]
    pub status: ReferralStatus,
    pub version: u32,
}

/// A referral of `side`'s organisation, or `None` whether it does not exist or is another's.
pub async fn of_side(
    conn: &mut Conn,
    side: Side<'_>,
    id: &ReferralId,
) -> Result<Option<ReferralRef>> {
    sqlx::query_as(&format!(
        "SELECT r.id, r.programme_id, r.centre_id, r.partner_id, r.status, r.version \
         FROM referrals r WHERE r.id = ? AND {} = ?",
        side.column()
    ))
    .bind(id.as_str())
    .bind(side.id())
    .fetch_optional(conn)
    .await
}

pub async fn exists(conn: &mut Conn, id: &ReferralId) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM referrals WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

pub struct NewReferral<'a> {
    pub id: &'a ReferralId,
    pub programme_id: &'a ProgrammeId,
    pub centre_id: &'a OrgId,
    pub partner_id: &'a OrgId,
    pub consent: ConsentState,
    pub sealed: &'a [u8],
    pub by: &'a UserId,
    pub now: i64,
}

/// A new referral, version 1, status `sent`.
pub async fn insert(conn: &mut Conn, r: &NewReferral<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO referrals (id, programme_id, centre_id, partner_id, status, version, \
         created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
    )
    .bind(r.id.as_str())
    .bind(r.programme_id.as_str())
    .bind(r.centre_id.as_str())
    .bind(r.partner_id.as_str())
    .bind(ReferralStatus::Sent.as_str())
    .bind(r.by.as_str())
    .bind(r.now)
    .bind(r.now)
    .execute(&mut *conn)
    .await?;
    insert_version(conn, r.id, 1, r.consent, r.sealed, r.by, r.now).await
}

async fn insert_version(
    conn: &mut Conn,
    id: &ReferralId,
    version: u32,
    consent: ConsentState,
    sealed: &[u8],
    by: &UserId,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO referral_versions (referral_id, version, consent, sealed, sealed_by, \
         sealed_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(version)
    .bind(consent.as_str())
    .bind(sealed)
    .bind(by.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Version `version` of a referral's content, if it is the next one and the referral may still
/// change (sent or accepted); `false` otherwise, with nothing written.
pub async fn update(
    conn: &mut Conn,
    id: &ReferralId,
    version: u32,
    consent: ConsentState,
    sealed: &[u8],
    by: &UserId,
    now: i64,
) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE referrals SET version = ?1, updated_at = ?2 \
         WHERE id = ?3 AND version + 1 = ?1 AND status IN (?4, ?5)",
    )
    .bind(version)
    .bind(now)
    .bind(id.as_str())
    .bind(ReferralStatus::Sent.as_str())
    .bind(ReferralStatus::Accepted.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated != 1 {
        return Ok(false);
    }
    insert_version(conn, id, version, consent, sealed, by, now).await?;
    Ok(true)
}

/// The partner's answer to a `sent` referral; `false` if it was no longer `sent`.
pub async fn answer(
    conn: &mut Conn,
    id: &ReferralId,
    accepted: bool,
    sealed_reason: Option<&[u8]>,
    by: &UserId,
    now: i64,
) -> Result<bool> {
    let status = if accepted {
        ReferralStatus::Accepted
    } else {
        ReferralStatus::Declined
    };
    let updated = sqlx::query(
        "UPDATE referrals SET status = ?1, answer_accepted = ?2, answer_sealed = ?3, \
         answered_by = ?4, answered_at = ?5, updated_at = ?5 WHERE id = ?6 AND status = ?7",
    )
    .bind(status.as_str())
    .bind(accepted)
    .bind(sealed_reason)
    .bind(by.as_str())
    .bind(now)
    .bind(id.as_str())
    .bind(ReferralStatus::Sent.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Marks a referral withdrawn; `false` if it already was.
pub async fn withdraw(conn: &mut Conn, id: &ReferralId, now: i64) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE referrals SET status = ?1, withdrawn_at = ?2, updated_at = ?2 \
         WHERE id = ?3 AND status <> ?1",
    )
    .bind(ReferralStatus::Withdrawn.as_str())
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

const REFERRAL_COLUMNS: &str = "SELECT r.id, r.programme_id, r.centre_id, r.partner_id, \
     r.status, r.version, r.created_at, r.updated_at, r.answer_accepted, r.answer_sealed, \
     r.answered_by, r.answered_at, r.withdrawn_at, v.consent, v.sealed, v.sealed_by \
     FROM referrals r JOIN referral_versions v ON v.referral_id = r.id AND v.version = r.version";

#[derive(sqlx::FromRow)]
struct ReferralRow {
    #[sqlx(try_from = "String")]
    id: ReferralId,
    #[sqlx(try_from = "String")]
    programme_id: ProgrammeId,
    #[sqlx(try_from = "String")]
    centre_id: OrgId,
    #[sqlx(try_from = "String")]
    partner_id: OrgId,
    #[sqlx(try_from = "String")]
    status: ReferralStatus,
    version: u32,
    created_at: i64,
    updated_at: i64,
    answer_accepted: Option<bool>,
    answer_sealed: Option<Vec<u8>>,
    #[sqlx(try_from = "Option<String>")]
    answered_by: Nullable<UserId>,
    answered_at: Option<i64>,
    withdrawn_at: Option<i64>,
    #[sqlx(try_from = "String")]
    consent: ConsentState,
    sealed: Vec<u8>,
    #[sqlx(try_from = "String")]
    sealed_by: UserId,
}

impl ReferralRow {
    async fn into_api(self, conn: &mut Conn, signers: &mut Signers) -> Result<Referral> {
        let answer = match (self.answer_accepted, self.answered_by.0, self.answered_at) {
            (Some(accepted), Some(by), Some(at)) => Some(ReferralReply {
                accepted,
                sealed_reason: self.answer_sealed.map(B64),
                signer: signers.get(&mut *conn, &by).await?,
                at,
            }),
            _ => None,
        };
        Ok(Referral {
            signer: signers.get(conn, &self.sealed_by).await?,
            id: self.id,
            programme_id: self.programme_id,
            centre_id: self.centre_id,
            partner_id: self.partner_id,
            status: self.status,
            consent: self.consent,
            version: self.version,
            sealed: B64(self.sealed),
            created_at: self.created_at,
            updated_at: self.updated_at,
            answer,
            withdrawn_at: self.withdrawn_at,
        })
    }
}

/// `side`'s referrals, newest change first.
pub async fn list(conn: &mut Conn, side: Side<'_>) -> Result<Vec<Referral>> {
    let rows: Vec<ReferralRow> = sqlx::query_as(&format!(
        "{REFERRAL_COLUMNS} WHERE {} = ? ORDER BY r.updated_at DESC, r.id",
        side.column()
    ))
    .bind(side.id())
    .fetch_all(&mut *conn)
    .await?;
    let mut signers = Signers::default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(row.into_api(&mut *conn, &mut signers).await?);
    }
    Ok(out)
}

pub async fn get(conn: &mut Conn, id: &ReferralId) -> Result<Option<Referral>> {
    let row: Option<ReferralRow> = sqlx::query_as(&format!("{REFERRAL_COLUMNS} WHERE r.id = ?"))
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Some(row.into_api(conn, &mut Signers::default()).await?)),
        None => Ok(None),
    }
}
