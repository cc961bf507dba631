//! Lifecycle steps of referrals, assignments and briefs that more than one caller takes: a
//! withdrawal, a coordinator ending an assignment, and the expiry job all end assignments and
//! expire briefs the same way, each step with its audit row in the caller's transaction.
//!
//! Also the expiry job itself: every minute it ends assignments past their validity and expires
//! briefs whose time is up, deleting their envelopes. Reads never wait for it (the store treats
//! a lapsed brief as expired), so the job is what removes the bytes, not what hides them.

use std::time::Duration;

use domain::api::{BriefState, ReferralDetail};
use domain::identity::PublicIdentity;
use domain::ids::{AssignmentId, BriefId, OrgId, ReferralId};

use crate::audit::{self, action};
use crate::http::{Result, ServerError};
use crate::keyfile::RelayKeys;
use crate::state::AppState;
use crate::store::{self, Conn, Pool};

/// How often the expiry job runs.
pub const EXPIRY_INTERVAL: Duration = Duration::from_secs(60);

/// The identities of both organisations of a programme: what referrals, answers, notes and
/// briefs are sealed to. One that has not created its identity yet can be sent nothing sealed:
/// a 409, which the browser explains.
pub async fn both_identities(
    conn: &mut Conn,
    centre: &OrgId,
    partner: &OrgId,
) -> Result<(PublicIdentity, PublicIdentity)> {
    let centre = store::organisations::identity_of(&mut *conn, centre).await?;
    let partner = store::organisations::identity_of(conn, partner).await?;
    match (centre, partner) {
        (Some(centre), Some(partner)) => Ok((centre, partner)),
        _ => Err(ServerError::Conflict),
    }
}

/// The audit detail naming a brief version.
pub fn version_detail(version: u32) -> String {
    format!("version={version}")
}

/// Ends a brief's current version as `state` (revoked or expired), deleting its envelope, with
/// its audit row. Answers whether a version was current (then the caller purges the WAL after
/// committing).
pub async fn end_brief(
    conn: &mut Conn,
    keys: &RelayKeys,
    now: i64,
    actor: &str,
    brief: &BriefId,
    state: BriefState,
) -> Result<bool> {
    let Some(version) = store::briefs::end_current(&mut *conn, brief, state, now).await? else {
        return Ok(false);
    };
    let what = match state {
        BriefState::Revoked => action::BRIEF_REVOKED,
        _ => action::BRIEF_EXPIRED,
    };
    audit::append(
        conn,
        keys,
        now,
        actor,
        what,
        brief.as_str(),
        &version_detail(version),
    )
    .await?;
    Ok(true)
}

/// Ends an active assignment (`reason` goes in the audit detail: `coordinator`, `withdrawn`,
/// `expired`, `volunteer_revoked`) and expires its brief. Answers whether it was active.
pub async fn end_assignment(
    conn: &mut Conn,
    keys: &RelayKeys,
    now: i64,
    actor: &str,
    assignment: &AssignmentId,
    reason: &str,
) -> Result<bool> {
    if !store::assignments::end(&mut *conn, assignment, now).await? {
        return Ok(false);
    }
    audit::append(
        &mut *conn,
        keys,
        now,
        actor,
        action::ASSIGNMENT_ENDED,
        assignment.as_str(),
        reason,
    )
    .await?;
    if let Some(brief) = store::briefs::of_assignment(&mut *conn, assignment).await? {
        end_brief(conn, keys, now, actor, &brief.id, BriefState::Expired).await?;
    }
    Ok(true)
}

/// A referral with everything made from it, as both organisations see it.
pub async fn referral_detail(
    conn: &mut Conn,
    referral: &ReferralId,
    now: i64,
) -> Result<ReferralDetail> {
    let found = store::referrals::get(&mut *conn, referral)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(ReferralDetail {
        referral: found,
        assignments: store::assignments::of_referral(&mut *conn, referral).await?,
        briefs: store::briefs::versions_of_referral(conn, referral, now).await?,
    })
}

/// One run of the expiry job: ends every assignment past its validity and expires every brief
/// whose time is up, deleting their envelopes, in one transaction; then clears the WAL's older
/// page images. Answers how many assignments and briefs it ended.
pub async fn expire_due(pool: &Pool, keys: &RelayKeys, now: i64) -> Result<usize> {
    let mut tx = store::begin_write(pool).await?;
    let mut ended = 0;
    for assignment in store::assignments::due(&mut tx, now).await? {
        if end_assignment(&mut tx, keys, now, audit::SYSTEM, &assignment, "expired").await? {
            ended += 1;
        }
    }
    for brief in store::briefs::due(&mut tx, now).await? {
        if end_brief(
            &mut tx,
            keys,
            now,
            audit::SYSTEM,
            &brief,
            BriefState::Expired,
        )
        .await?
        {
            ended += 1;
        }
    }
    if ended == 0 {
        // Nothing to write: no empty commit, no checkpoint.
        tx.rollback().await?;
        return Ok(0);
    }
    tx.commit().await?;
    store::db::purge_wal_soon(pool).await;
    Ok(ended)
}

/// Starts the expiry job on the state's clock (a test's manual clock moves it too). It runs for
/// as long as the process; a failed run is logged and retried at the next tick.
pub fn spawn_expiry(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EXPIRY_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match expire_due(&state.db, &state.keys, state.clock.now_ms()).await {
                Ok(0) => {}
                Ok(ended) => tracing::info!(ended, "expired assignments and briefs"),
                Err(err) => tracing::warn!(error = ?err, "the expiry job failed; retrying"),
            }
        }
    })
}
