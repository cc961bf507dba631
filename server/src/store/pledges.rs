//! `pledges` and `pledge_acceptances`: the versions of each organisation's pledge (誓約書) and
//! who accepted which.

use domain::api::PledgeStatus;
use domain::ids::{DeviceId, OrgId, UserId, VolunteerId};

use super::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CurrentPledge {
    pub version: i64,
    /// Hex SHA-256 of the text.
    pub hash: String,
    pub text: String,
}

/// The newest version of an organisation's pledge, if it has one.
pub async fn current(conn: &mut Conn, organisation_id: &OrgId) -> Result<Option<CurrentPledge>> {
    sqlx::query_as(
        "SELECT version, hash, text FROM pledges WHERE organisation_id = ? \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(organisation_id.as_str())
    .fetch_optional(conn)
    .await
}

/// Inserts the next version (max + 1) of an organisation's pledge; returns its number. One
/// `INSERT … SELECT … RETURNING`, never a read and a separate write, so two admins publishing at
/// once get two versions on any database (on one without SQLite's single writer, a lost race is
/// a primary-key conflict to retry, never a silently shared version).
pub async fn insert_next(
    conn: &mut Conn,
    organisation_id: &OrgId,
    text: &str,
    hash: &str,
    created_by: Option<&UserId>,
    now: i64,
) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO pledges (organisation_id, version, text, hash, created_by, created_at) \
         SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3, ?4, ?5 FROM pledges \
         WHERE organisation_id = ?1 RETURNING version",
    )
    .bind(organisation_id.as_str())
    .bind(text)
    .bind(hash)
    .bind(created_by.map(UserId::as_str))
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Whose acceptance counts: a staff member's own, or any device's of a volunteer (a second
/// phone does not need a second signature).
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    User(&'a UserId),
    Volunteer(&'a VolunteerId),
}

impl Subject<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Subject::User(_) => "user",
            Subject::Volunteer(_) => "volunteer",
        }
    }

    fn id(&self) -> &str {
        match self {
            Subject::User(id) => id.as_str(),
            Subject::Volunteer(id) => id.as_str(),
        }
    }
}

/// The subject's status against the organisation's current version. Only the current version
/// counts: publishing a new one makes everyone `Required` again.
pub async fn status(
    conn: &mut Conn,
    organisation_id: Option<&OrgId>,
    subject: Subject<'_>,
) -> Result<PledgeStatus> {
    let Some(organisation_id) = organisation_id else {
        return Ok(PledgeStatus::NoPledge);
    };
    let Some(current) = current(&mut *conn, organisation_id).await? else {
        return Ok(PledgeStatus::NoPledge);
    };
    let accepted_at: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(accepted_at) FROM pledge_acceptances WHERE subject_kind = ? AND subject_id = ? \
         AND organisation_id = ? AND version = ?",
    )
    .bind(subject.kind())
    .bind(subject.id())
    .bind(organisation_id.as_str())
    .bind(current.version)
    .fetch_one(conn)
    .await?;
    Ok(match accepted_at {
        Some(accepted_at) => PledgeStatus::Accepted {
            version: current.version,
            accepted_at,
        },
        None => PledgeStatus::Required {
            version: current.version,
            hash: current.hash,
        },
    })
}

pub struct Acceptance<'a> {
    pub organisation_id: &'a OrgId,
    pub version: i64,
    pub subject: Subject<'a>,
    /// The signing device: a volunteer's acceptance always has one (and a signature).
    pub device_id: Option<&'a DeviceId>,
    pub typed_name: &'a str,
    pub signature: Option<&'a [u8]>,
    pub accepted_at: i64,
}

pub async fn accept(conn: &mut Conn, a: &Acceptance<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO pledge_acceptances (organisation_id, version, subject_kind, subject_id, \
         device_id, typed_name, signature, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.organisation_id.as_str())
    .bind(a.version)
    .bind(a.subject.kind())
    .bind(a.subject.id())
    .bind(a.device_id.map(DeviceId::as_str))
    .bind(a.typed_name)
    .bind(a.signature)
    .bind(a.accepted_at)
    .execute(conn)
    .await?;
    Ok(())
}
