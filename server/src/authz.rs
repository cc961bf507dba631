//! Authorization: the one place that decides whether a caller may see or act on an object.
//!
//! Role checks live in the caller extractors (`auth::extract`), which call [`deny`]; this module
//! adds organisation membership, programme ownership and (later) assignment. Every check answers
//! the object or a 404 `not_found` — never 403, so a caller cannot tell "exists but not yours"
//! from "does not exist" — and writes the denial to the audit log (action `denied`, object = the
//! id asked for). Ids reach this module typed, so a denial only ever logs a well-formed id.

use domain::api::{OrganisationRef, PledgeStatus};
use domain::identity::PublicIdentity;
use domain::ids::{DeviceId, OrgId, ProgrammeId, UserId, VolunteerId};

use crate::audit;
use crate::http::{Result, ServerError};
use crate::state::ApiState;
use crate::store::devices::DeviceRef;
use crate::store::peers::Peer;
use crate::store::pledges::Subject;
use crate::store::users::Confirmable;
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

/// The identity the caller registered: what their envelopes must be signed with and sealed to.
/// A signed-in account always has one (accounts without cannot sign in); anything else is the
/// session's fault, a 401.
pub async fn own_identity(state: &ApiState, actor: &UserId) -> Result<PublicIdentity> {
    store::users::identity_of(&mut *read(state).await?, actor)
        .await?
        .ok_or(ServerError::Unauthorized)
}

/// The identity of the caller's organisation, if the caller holds a sealed copy of its seed:
/// only a holder may confirm a member or certify a peer (the relay cannot check the holder's
/// browser really opened it, but one who was never given the seed has no business asking).
pub async fn held_org_identity(
    state: &ApiState,
    actor: &UserId,
    organisation: &OrgId,
) -> Result<PublicIdentity> {
    let found =
        store::org_keys::identity_held_by(&mut *read(state).await?, organisation, actor).await?;
    visible(state, actor, organisation.as_str(), found).await
}

/// A member of the caller's organisation who may be confirmed: active, TOTP-confirmed, with an
/// identity. (One who already holds the seed is the caller's to see, in the member list: the
/// handler answers that with a 409, not a 404.)
pub async fn confirmable_member(
    state: &ApiState,
    actor: &UserId,
    organisation: &OrgId,
    member: &UserId,
) -> Result<Confirmable> {
    let found =
        store::users::confirmable_member(&mut *read(state).await?, organisation, member).await?;
    visible(state, actor, member.as_str(), found).await
}

/// An organisation that shares a programme with the caller's and has an identity.
pub async fn peer(
    state: &ApiState,
    actor: &UserId,
    organisation: &OrgId,
    peer: &OrgId,
) -> Result<Peer> {
    let found =
        store::peers::peer_with_identity(&mut *read(state).await?, organisation, peer).await?;
    visible(state, actor, peer.as_str(), found).await
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
