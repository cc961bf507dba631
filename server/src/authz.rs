//! Authorization: the one place that decides whether a caller may see or act on an object.
//!
//! Role checks live in the caller extractors (`auth::extract`), which call [`deny`]; this module
//! adds organisation membership, programme ownership and (later) assignment. Every check answers
//! the object or a 404 `not_found` — never 403, so a caller cannot tell "exists but not yours"
//! from "does not exist" — and writes the denial to the audit log (action `denied`, object = the
//! id asked for). Ids reach this module typed, so a denial only ever logs a well-formed id.

use domain::api::{OrganisationRef, PledgeStatus};
use domain::ids::{DeviceId, OrgId, ProgrammeId, UserId, VolunteerId};
use domain::keys::PublicKey;

use crate::audit;
use crate::http::{Result, ServerError};
use crate::state::ApiState;
use crate::store::devices::DeviceRef;
use crate::store::pledges::Subject;
use crate::store::volunteers::VolunteerRef;
use crate::store::{self, Conn};

/// Objects are ids or API paths; anything longer is cut before it reaches the log.
const MAX_LOGGED_OBJECT: usize = 128;

/// Records a denial and returns the error to answer with. If the log cannot be written the
/// request still fails (with a 500), so a denial is never silently unrecorded.
pub async fn deny(state: &ApiState, actor: &str, object: &str) -> ServerError {
    let mut end = object.len().min(MAX_LOGGED_OBJECT);
    while !object.is_char_boundary(end) {
        end -= 1;
    }
    match audit::record(
        state.db(),
        state.now_ms(),
        actor,
        audit::action::DENIED,
        &object[..end],
        "not_visible",
    )
    .await
    {
        Ok(()) => ServerError::NotFound,
        Err(err) => err,
    }
}

/// `Ok(found)` when `found` is `Some`, else an audited 404 naming `object`.
async fn visible<T>(state: &ApiState, actor: &UserId, object: &str, found: Option<T>) -> Result<T> {
    match found {
        Some(found) => Ok(found),
        None => Err(deny(state, actor.as_str(), object).await),
    }
}

async fn read(state: &ApiState) -> Result<store::PoolConn> {
    Ok(store::acquire(state.db()).await?)
}

/// A programme run by the coordinator's partner organisation.
pub async fn partner_programme(
    state: &ApiState,
    actor: &UserId,
    partner: &OrgId,
    programme: &ProgrammeId,
) -> Result<ProgrammeId> {
    let found = store::programmes::run_by(&mut *read(state).await?, partner, programme).await?;
    visible(state, actor, programme.as_str(), found).await
}

/// A volunteer of the coordinator's partner organisation (revoked ones included: the caller
/// may still see them).
pub async fn partner_volunteer(
    state: &ApiState,
    actor: &UserId,
    partner: &OrgId,
    volunteer: &VolunteerId,
) -> Result<VolunteerRef> {
    let found = store::volunteers::of_partner(&mut *read(state).await?, partner, volunteer).await?;
    visible(state, actor, volunteer.as_str(), found).await
}

/// A device of a volunteer of the coordinator's partner organisation.
pub async fn partner_device(
    state: &ApiState,
    actor: &UserId,
    partner: &OrgId,
    device: &DeviceId,
) -> Result<DeviceRef> {
    let found = store::devices::of_partner(&mut *read(state).await?, partner, device).await?;
    visible(state, actor, device.as_str(), found).await
}

/// An organisation, for an admin acting on it.
pub async fn organisation(
    state: &ApiState,
    actor: &UserId,
    organisation: &OrgId,
) -> Result<OrganisationRef> {
    let found = store::organisations::reference(&mut *read(state).await?, organisation).await?;
    visible(state, actor, organisation.as_str(), found).await
}

/// The public key of an organisation whose private key the caller holds (has an `org_keys` row).
pub async fn held_org_key(
    state: &ApiState,
    actor: &UserId,
    organisation: &OrgId,
) -> Result<PublicKey> {
    let found = store::org_keys::key_held_by(&mut *read(state).await?, organisation, actor).await?;
    visible(state, actor, organisation.as_str(), found).await
}

/// A confirmed, active member of `organisation` who has no sealed copy of its key yet.
pub async fn pending_member(
    state: &ApiState,
    actor: &UserId,
    organisation: &OrgId,
    member: &UserId,
) -> Result<PublicKey> {
    let found =
        store::org_keys::pending_member_key(&mut *read(state).await?, organisation, member).await?;
    visible(state, actor, member.as_str(), found).await
}

/// The gate: endpoints that serve a brief (or anything under the pledge) call this first. An
/// organisation without a pledge text gates nothing; otherwise the current version must be
/// accepted, else 403 `pledge_required`.
pub async fn require_pledge(
    conn: &mut Conn,
    organisation: Option<&OrgId>,
    subject: Subject<'_>,
) -> Result<()> {
    match store::pledges::status(conn, organisation, subject).await? {
        PledgeStatus::Required { .. } => Err(ServerError::PledgeRequired),
        PledgeStatus::NoPledge | PledgeStatus::Accepted { .. } => Ok(()),
    }
}
