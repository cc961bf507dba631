//! Authorization: the one place that decides whether a caller may see or act on an object.
//!
//! Role checks live in the caller extractors (`auth::extract`), which call [`deny`]; this module
//! adds organisation membership, programme ownership and (later) assignment. Every check answers
//! the object or a 404 `not_found` — never 403, so a caller cannot tell "exists but not yours"
//! from "does not exist" — and writes the denial to the audit log (action `denied`, object =
//! the id asked for). What a denial row names is a [`Denied`], which can only be made from a
//! typed (validated) id or from a route's own template with validated ids, so free text and
//! malformed ids never reach the log.

use domain::api::{OrganisationRef, PledgeStatus, StaffMember};
use domain::identity::PublicIdentity;
use domain::ids::{
    AssignmentId, BriefId, DeviceId, OrgId, ProgrammeId, ReferralId, UserId, VolunteerId,
};

use crate::audit;
use crate::http::{Result, ServerError};
use crate::state::ApiState;
use crate::store::assignments::AssignmentRef;
use crate::store::briefs::BriefRef;
use crate::store::devices::DeviceRef;
use crate::store::peers::Peer;
use crate::store::pledges::Subject;
use crate::store::programmes::ProgrammeSides;
use crate::store::referrals::{ReferralRef, Side};
use crate::store::users::Confirmable;
use crate::store::volunteers::VolunteerRef;
use crate::store::{self, Conn};

/// The object a denial row names: a validated id, or a request path reduced to its route's
/// template with only validated ids put back ([`loggable_path`]). There is no other way to make
/// one, so nothing a caller typed reaches the audit log unchecked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied(String);

impl Denied {
    /// The path of a request that matched `template` (`/api/x/{device_id}/lost`), for a role
    /// denial.
    pub fn route(template: &str, path: &str) -> Self {
        Denied(loggable_path(template, path))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! denied_from_ids {
    ($($id:ty),+) => {
        $(impl From<&$id> for Denied {
            fn from(id: &$id) -> Self {
                Denied(id.as_str().to_owned())
            }
        })+
    };
}

denied_from_ids!(
    OrgId,
    UserId,
    ProgrammeId,
    VolunteerId,
    DeviceId,
    ReferralId,
    AssignmentId,
    BriefId
);

/// `path` as a log may show it: the route's `template` with each `{param}` segment replaced by
/// the request's segment only if that is a canonical id. Any other difference (a segment count
/// that does not match, say) gives the template alone.
pub fn loggable_path(template: &str, path: &str) -> String {
    let sent: Vec<&str> = path.split('/').collect();
    let pattern: Vec<&str> = template.split('/').collect();
    if sent.len() != pattern.len() {
        return template.to_owned();
    }
    sent.iter()
        .zip(&pattern)
        .map(|(segment, pattern)| {
            // Every kind of id has the same canonical form, so any id type checks it.
            if pattern.starts_with('{') && OrgId::parse(segment).is_ok() {
                *segment
            } else {
                // A literal segment of the route, or a parameter that is not an id.
                *pattern
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Records a denial and returns the error to answer with. If the log cannot be written the
/// request still fails (with a 500), so a denial is never silently unrecorded.
pub async fn deny(state: &ApiState, actor: &str, object: impl Into<Denied>) -> ServerError {
    let object = object.into();
    match audit::record(
        state.db(),
        state.keys(),
        state.now_ms(),
        actor,
        audit::action::DENIED,
        object.as_str(),
        "not_visible",
    )
    .await
    {
        Ok(()) => ServerError::NotFound,
        Err(err) => err,
    }
}

/// `Ok(found)` when `found` is `Some`, else an audited 404 naming `object`.
async fn visible<T>(
    state: &ApiState,
    actor: &str,
    object: impl Into<Denied>,
    found: Option<T>,
) -> Result<T> {
    match found {
        Some(found) => Ok(found),
        None => Err(deny(state, actor, object).await),
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
    visible(state, actor.as_str(), programme, found).await
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
    visible(state, actor.as_str(), volunteer, found).await
}

/// A device of a volunteer of the coordinator's partner organisation.
pub async fn partner_device(
    state: &ApiState,
    actor: &UserId,
    partner: &OrgId,
    device: &DeviceId,
) -> Result<DeviceRef> {
    let found = store::devices::of_partner(&mut *read(state).await?, partner, device).await?;
    visible(state, actor.as_str(), device, found).await
}

/// An organisation, for an admin acting on it.
pub async fn organisation(
    state: &ApiState,
    actor: &UserId,
    organisation: &OrgId,
) -> Result<OrganisationRef> {
    let found = store::organisations::reference(&mut *read(state).await?, organisation).await?;
    visible(state, actor.as_str(), organisation, found).await
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
    visible(state, actor.as_str(), organisation, found).await
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
    visible(state, actor.as_str(), member, found).await
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
    visible(state, actor.as_str(), peer, found).await
}

/// A staff account, for an admin acting on it.
pub async fn staff_member(
    state: &ApiState,
    actor: &UserId,
    member: &UserId,
) -> Result<StaffMember> {
    let found = store::users::member(&mut *read(state).await?, member).await?;
    visible(state, actor.as_str(), member, found).await
}

/// A programme run for the caseworker's centre: where they may send a referral.
pub async fn centre_programme(
    state: &ApiState,
    actor: &UserId,
    centre: &OrgId,
    programme: &ProgrammeId,
) -> Result<ProgrammeSides> {
    let found = store::programmes::for_centre(&mut *read(state).await?, centre, programme).await?;
    visible(state, actor.as_str(), programme, found).await
}

/// A referral the caseworker's centre sent.
pub async fn centre_referral(
    state: &ApiState,
    actor: &UserId,
    centre: &OrgId,
    referral: &ReferralId,
) -> Result<ReferralRef> {
    let found =
        store::referrals::of_side(&mut *read(state).await?, Side::Centre(centre), referral).await?;
    visible(state, actor.as_str(), referral, found).await
}

/// A referral sent to the coordinator's partner organisation.
pub async fn partner_referral(
    state: &ApiState,
    actor: &UserId,
    partner: &OrgId,
    referral: &ReferralId,
) -> Result<ReferralRef> {
    let found =
        store::referrals::of_side(&mut *read(state).await?, Side::Partner(partner), referral)
            .await?;
    visible(state, actor.as_str(), referral, found).await
}

/// An assignment of one of the coordinator's partner's volunteers.
pub async fn partner_assignment(
    state: &ApiState,
    actor: &UserId,
    partner: &OrgId,
    assignment: &AssignmentId,
) -> Result<AssignmentRef> {
    let found =
        store::assignments::of_partner(&mut *read(state).await?, partner, assignment).await?;
    visible(state, actor.as_str(), assignment, found).await
}

/// A brief for one of the coordinator's partner's volunteers.
pub async fn partner_brief(
    state: &ApiState,
    actor: &UserId,
    partner: &OrgId,
    brief: &BriefId,
) -> Result<BriefRef> {
    let found = store::briefs::of_partner(&mut *read(state).await?, partner, brief).await?;
    visible(state, actor.as_str(), brief, found).await
}

/// An assignment of the device's own volunteer (the denial names the device as the actor).
pub async fn device_assignment(
    state: &ApiState,
    device: &DeviceId,
    volunteer: &VolunteerId,
    assignment: &AssignmentId,
) -> Result<AssignmentRef> {
    let found =
        store::assignments::of_volunteer(&mut *read(state).await?, volunteer, assignment).await?;
    visible(state, device.as_str(), assignment, found).await
}

/// A brief for the device's own volunteer.
pub async fn device_brief(
    state: &ApiState,
    device: &DeviceId,
    volunteer: &VolunteerId,
    brief: &BriefId,
) -> Result<BriefRef> {
    let found = store::briefs::of_volunteer(&mut *read(state).await?, volunteer, brief).await?;
    visible(state, device.as_str(), brief, found).await
}

/// The gate: endpoints that serve a brief (or anything under the pledge) call this first. It
/// fails closed: only an accepted current version opens it. An organisation without a pledge
/// text (or a caller without an organisation) is refused like one whose pledge is not yet
/// accepted, 403 `pledge_required`, so forgetting to publish a pledge never waves data through.
pub async fn require_pledge(
    conn: &mut Conn,
    organisation: Option<&OrgId>,
    subject: Subject<'_>,
) -> Result<()> {
    match store::pledges::status(conn, organisation, subject).await? {
        PledgeStatus::Accepted { .. } => Ok(()),
        PledgeStatus::Required { .. } | PledgeStatus::NoPledge => Err(ServerError::PledgeRequired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A role denial's row names the route with validated ids only: a segment that is not a
    /// canonical id (free text, a malformed id, an encoded slash) never reaches the audit log.
    #[test]
    fn a_denial_names_only_the_route_and_canonical_ids() {
        let template = "/api/partner/devices/{device_id}/lost";
        let id = "00000000-0000-4000-8000-0000000000a1";
        assert_eq!(
            Denied::route(template, &format!("/api/partner/devices/{id}/lost")).as_str(),
            format!("/api/partner/devices/{id}/lost")
        );
        for sent in [
            "/api/partner/devices/yamada-hanako/lost",
            "/api/partner/devices/00000000-0000-4000-8000-0000000000A1/lost",
            "/api/partner/devices/x%2Fy/lost",
            "/api/partner/devices/a/b/lost",
            "/api/partner/devices//lost",
        ] {
            assert_eq!(Denied::route(template, sent).as_str(), template, "{sent}");
        }
        assert_eq!(Denied::route("unmatched", "").as_str(), "unmatched");
    }
}
