//! The key directory. The relay stores and lists identities and certificates; browsers and
//! phones believe a key only when a person compared its code or an organisation they already
//! trust certified it (`crate::trust`). Nothing here is ever granted automatically.

use serde::{Deserialize, Serialize};

use super::{B64, OrgKind, StaffRole};
use crate::envelope::{ObjectBinding, ObjectKind};
use crate::identity::PublicIdentity;
use crate::ids::{IncidentId, InvitationId, OrgId, UserId};

/// `GET /api/keys/mine`: my organisation's identity seed, sealed to me by the member who
/// confirmed me (or by myself, if I created it), with what I need to check that member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedOrgKey {
    pub organisation_id: OrgId,
    pub organisation_identity: PublicIdentity,
    pub sealed_seed: B64,
    pub granted_by: UserId,
    pub granter_identity: PublicIdentity,
}

/// `POST /api/org/identity`: the first member of an organisation creates its identity in their
/// browser. The seed arrives sealed to the member themself; the certificate is the organisation's
/// first: the member, certified by the new organisation key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewOrgIdentity {
    pub identity: PublicIdentity,
    pub sealed_seed: B64,
    pub certificate: B64,
}

/// `GET /api/org/members`: the people of my organisation, as the relay lists them. A member with
/// a certificate was confirmed by someone who compared their code; without one they wait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgMember {
    pub user_id: UserId,
    pub display_name: String,
    pub role: StaffRole,
    pub identity: PublicIdentity,
    /// The organisation's signature over [`crate::trust::Statement::Member`].
    pub certificate: Option<B64>,
    /// Holds a sealed copy of the organisation's seed.
    pub holds_key: bool,
}

/// `POST /api/org/members/{user_id}/confirm`: after comparing the member's code on their own
/// screen, a holder certifies them and seals the organisation's seed to them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemberConfirmation {
    pub certificate: B64,
    pub sealed_seed: B64,
}

/// `GET /api/org/peers`: the organisations mine runs programmes with (a centre's partners, a
/// partner's centres), with my organisation's certificate of each once someone compared it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerOrganisation {
    pub organisation_id: OrgId,
    pub kind: OrgKind,
    pub name: String,
    /// `None` until that organisation's first member has created it.
    pub identity: Option<PublicIdentity>,
    /// My organisation's signature over [`crate::trust::Statement::PeerOrganisation`].
    pub certificate: Option<B64>,
}

/// `POST /api/org/peers/{organisation_id}/confirm`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PeerConfirmation {
    pub certificate: B64,
}

/// `GET|PUT /api/keys/pins`: what I verified by hand, sealed to myself (kind `Pins`), so it
/// survives signing out and a new browser. `None` before the first save.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedPins {
    pub version: u32,
    pub sealed: B64,
}

/// The plaintext of [`SealedPins`]: each organisation identity this person verified, and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pins {
    pub organisations: Vec<PinnedOrganisation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinnedOrganisation {
    pub organisation_id: OrgId,
    pub identity: PublicIdentity,
    pub verified_at: i64,
}

/// An object id from an identity: the hex of its link digest (128 bits).
fn identity_object_id(identity: &PublicIdentity) -> String {
    crate::encoding::to_hex(&identity.link_digest())
}

/// The binding under which an organisation's seed is sealed to one holder: kind `OrgKey`, object
/// id = the organisation identity's link digest in hex, version 1. The sender is the sealing
/// member; the only recipient the holder. Binding to the identity rather than the organisation
/// id means a sealed seed can only ever open as the identity it claims to be.
pub fn org_key_binding(organisation: &PublicIdentity) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::OrgKey, identity_object_id(organisation), 1)
}

/// A staff member's pins, sealed to themself: kind `Pins`, object id = their user id.
pub fn pins_binding(user: &UserId, version: u32) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::Pins, user.as_str(), version)
}

/// An invitation's binding secret, sealed to the partner's identity by the inviting coordinator.
pub fn invitation_binding(invitation: &InvitationId) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::Invitation, invitation.as_str(), 1)
}

/// A coordinator's note on an incident, sealed to the partner's identity.
pub fn incident_note_binding(incident: &IncidentId) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::IncidentNote, incident.as_str(), 1)
}
