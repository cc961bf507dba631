//! Pledge (誓約書) state: which version is current for an organisation, who accepted what, and
//! the gate later endpoints (briefs) call before serving anything.

use domain::wire::PledgeStatus;
use sqlx::{Row, SqlitePool};

use crate::auth::AnyCaller;
use crate::error::{Result, ServerError};

#[derive(Debug, Clone)]
pub struct CurrentPledge {
    pub version: i64,
    pub hash: String,
    pub text: String,
}

pub async fn current(db: &SqlitePool, organisation_id: &str) -> Result<Option<CurrentPledge>> {
    let row = sqlx::query(
        "SELECT version, hash, text FROM pledges WHERE organisation_id = ? \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(organisation_id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(CurrentPledge {
            version: r.try_get("version")?,
            hash: r.try_get("hash")?,
            text: r.try_get("text")?,
        })
    })
    .transpose()
}

/// Whose acceptance counts: a staff member's own, or any device's of a volunteer (a second
/// phone does not need a second signature).
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    User(&'a str),
    Volunteer(&'a str),
}

impl Subject<'_> {
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::User(_) => "user",
            Subject::Volunteer(_) => "volunteer",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Subject::User(id) | Subject::Volunteer(id) => id,
        }
    }
}

/// The subject's status against the organisation's current version. Only the current version
/// counts: publishing a new one makes everyone `Required` again.
pub async fn status(
    db: &SqlitePool,
    organisation_id: Option<&str>,
    subject: Subject<'_>,
) -> Result<PledgeStatus> {
    let Some(organisation_id) = organisation_id else {
        return Ok(PledgeStatus::NoPledge);
    };
    let Some(current) = current(db, organisation_id).await? else {
        return Ok(PledgeStatus::NoPledge);
    };
    let accepted_at: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(accepted_at) FROM pledge_acceptances WHERE subject_kind = ? AND subject_id = ? \
         AND organisation_id = ? AND version = ?",
    )
    .bind(subject.kind())
    .bind(subject.id())
    .bind(organisation_id)
    .bind(current.version)
    .fetch_one(db)
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

/// The organisation whose pledge binds a caller: a staff member's own (none for admins), a
/// device's volunteer's partner.
pub fn organisation_of(caller: &AnyCaller) -> Option<&str> {
    match caller {
        AnyCaller::Staff(staff, _) => staff.organisation_id.as_deref(),
        AnyCaller::Device(device, _) => Some(device.partner_id.as_str()),
    }
}

pub fn subject_of(caller: &AnyCaller) -> Subject<'_> {
    match caller {
        AnyCaller::Staff(staff, _) => Subject::User(&staff.user_id),
        AnyCaller::Device(device, _) => Subject::Volunteer(&device.volunteer_id),
    }
}

/// The gate: endpoints that serve a brief (or anything under the pledge) call this first. An
/// organisation without a pledge text gates nothing; otherwise the current version must be
/// accepted, else 403 `pledge_required`.
pub async fn require_accepted(db: &SqlitePool, caller: &AnyCaller) -> Result<()> {
    match status(db, organisation_of(caller), subject_of(caller)).await? {
        PledgeStatus::Required { .. } => Err(ServerError::PledgeRequired),
        PledgeStatus::NoPledge | PledgeStatus::Accepted { .. } => Ok(()),
    }
}
