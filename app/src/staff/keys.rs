//! The staff side of the key directory: my identity, my organisation's identity, the members and
//! organisations I may seal to, and the pins that remember what a person verified.
//!
//! The relay lists keys; this browser believes one only when
//! - a person compared it: my own organisation's identity after I was confirmed (or because I
//!   created it), pinned in a blob sealed to myself; or
//! - my trusted organisation certified it (`domain::trust`): members, peer organisations, phones.
//!
//! Nothing is handed on in the background any more: a member gets the organisation's key only
//! when a holder compared that member's code and confirmed them.

use std::sync::Arc;

use domain::api::{
    B64, MemberConfirmation, NewOrgIdentity, OrgKind, OrgMember, PeerConfirmation,
    PeerOrganisation, PinnedOrganisation, Pins, SealedOrgKey, SealedPins, StaffSession,
    org_key_binding, pins_binding,
};
use domain::envelope::{self, Sender, TrustedSender};
use domain::identity::{Identity, IdentitySeed, PublicIdentity};
use domain::ids::{OrgId, UserId};
use domain::trust::Statement;

use crate::api;
use crate::error::AppError;
use crate::sealed::{self, Refusal};

/// An organisation's identity with its seed, held in memory only while signed in.
#[derive(Clone)]
pub struct OrgKey {
    pub organisation_id: OrgId,
    pub identity: PublicIdentity,
    seed: IdentitySeed,
    keys: Arc<Identity>,
}

impl OrgKey {
    fn from_seed(organisation_id: OrgId, seed: IdentitySeed) -> Result<Self, AppError> {
        let keys = seed.identity()?;
        Ok(Self {
            organisation_id,
            identity: keys.public(),
            seed,
            keys: Arc::new(keys),
        })
    }

    pub fn keys(&self) -> &Identity {
        &self.keys
    }
}

/// Where this person stands with their organisation's key.
#[derive(Clone)]
pub enum OrgTrust {
    /// Admins belong to no organisation.
    NoOrganisation,
    /// Nobody has created the organisation's identity yet: the first member does.
    NoIdentity,
    /// The identity exists; a holder has not confirmed me yet. My code is on my screen.
    Waiting,
    /// I hold the key, and must compare the organisation's code with the person who confirmed me
    /// before this browser believes it.
    Compare { key: OrgKey, granted_by: UserId },
    /// Compared (pinned) and unchanged.
    Trusted(OrgKey),
    /// What the relay lists (or sealed to me) differs from what I verified: a loud warning, and
    /// nothing is sealed.
    Changed,
}

impl OrgTrust {
    pub fn trusted(&self) -> Option<&OrgKey> {
        match self {
            OrgTrust::Trusted(key) => Some(key),
            _ => None,
        }
    }
}

/// My pins as stored, with the version they were read at.
#[derive(Clone, Default)]
pub struct PinSet {
    pub pins: Pins,
    pub version: u32,
}

impl PinSet {
    pub fn organisation(&self, id: &OrgId) -> Option<&PublicIdentity> {
        self.pins
            .organisations
            .iter()
            .find(|p| &p.organisation_id == id)
            .map(|p| &p.identity)
    }
}

/// What the relay's listing says about my organisation, judged against my pins and the key
/// sealed to me (if any). Pure, so every case is tested.
pub fn judge(session: &StaffSession, pins: &PinSet, mine: Option<(OrgKey, UserId)>) -> OrgTrust {
    let Some(organisation) = &session.organisation else {
        return OrgTrust::NoOrganisation;
    };
    let pinned = pins.organisation(&organisation.id);
    let listed = organisation.identity.as_ref();
    match (pinned, listed, mine) {
        // A pinned identity the relay no longer lists, or lists differently, or a key sealed to
        // me that is not the pinned one: the relay is not telling the truth.
        (Some(p), Some(l), _) if p != l => OrgTrust::Changed,
        (Some(_), None, _) => OrgTrust::Changed,
        (Some(p), _, Some((key, _))) if &key.identity != p => OrgTrust::Changed,
        (Some(_), Some(_), Some((key, _))) => OrgTrust::Trusted(key),
        // Pinned, but the key is not (or no longer) sealed to me.
        (Some(_), Some(_), None) => OrgTrust::Waiting,
        (None, None, _) => OrgTrust::NoIdentity,
        (None, Some(_), None) => OrgTrust::Waiting,
        (None, Some(l), Some((key, _))) if &key.identity != l => OrgTrust::Changed,
        (None, Some(_), Some((key, granted_by))) => OrgTrust::Compare { key, granted_by },
    }
}

/// Opens the organisation seed sealed to me: from the member the relay names as granter, with
/// the key it lists for them (that member's certificate is checked separately, once the
/// organisation's identity is known), and it must derive the identity the relay lists.
pub fn open_org_key(sealed: &SealedOrgKey, me: &Identity) -> Result<OrgKey, Refusal> {
    let granter = sealed.granted_by.as_str();
    let plain = sealed::open(
        &org_key_binding(&sealed.organisation_identity),
        me.sealing.secret(),
        &TrustedSender {
            id: granter,
            key: &sealed.granter_identity.signing,
        },
        &sealed.sealed_seed.0,
        None,
    )?;
    let seed = IdentitySeed::from_slice(&plain).map_err(|_| Refusal::Unreadable)?;
    let key =
        OrgKey::from_seed(sealed.organisation_id.clone(), seed).map_err(|_| Refusal::Unreadable)?;
    if key.identity != sealed.organisation_identity {
        return Err(Refusal::Tampered);
    }
    Ok(key)
}

/// The member who sealed the key to me must be certified by the organisation that key is:
/// otherwise someone who is not a member (the relay) sealed it. My own key needs no certificate.
pub fn granter_is_member(
    key: &OrgKey,
    granter: &UserId,
    me: &UserId,
    members: &[OrgMember],
    sealed: &SealedOrgKey,
) -> bool {
    if granter == me {
        return true;
    }
    members
        .iter()
        .find(|m| &m.user_id == granter && m.identity == sealed.granter_identity)
        .is_some_and(|m| member_certified(key, m))
}

/// A member's certificate verifies under the organisation's identity.
pub fn member_certified(org: &OrgKey, member: &OrgMember) -> bool {
    member.certificate.as_ref().is_some_and(|certificate| {
        Statement::Member {
            organisation: &org.organisation_id,
            user: &member.user_id,
            role: member.role,
            identity: &member.identity,
        }
        .verify(&org.identity, &certificate.0)
        .is_ok()
    })
}

/// `GET /api/keys/pins`, opened: sealed to myself, by myself.
pub async fn load_pins(me: &Identity, user: &UserId) -> Result<PinSet, AppError> {
    let Some(stored) = api::keys::pins().await? else {
        return Ok(PinSet::default());
    };
    let public = me.public();
    // Older pins than this browser saw would forget a verification (or bring back a key since
    // replaced): refused.
    let plain = sealed::open_newest(
        &pins_binding(user, stored.version),
        me.sealing.secret(),
        &TrustedSender {
            id: user.as_str(),
            key: &public.signing,
        },
        &stored.sealed.0,
    )
    .map_err(AppError::Sealed)?;
    let pins: Pins = serde_json::from_slice(&plain).map_err(|_| AppError::Unexpected)?;
    Ok(PinSet {
        pins,
        version: stored.version,
    })
}

/// Adds (or replaces) an organisation in my pins and stores the next version.
pub async fn pin_organisation(
    me: &Identity,
    user: &UserId,
    current: &PinSet,
    organisation: &OrgId,
    identity: PublicIdentity,
) -> Result<PinSet, AppError> {
    let mut pins = current.pins.clone();
    pins.organisations
        .retain(|p| &p.organisation_id != organisation);
    pins.organisations.push(PinnedOrganisation {
        organisation_id: organisation.clone(),
        identity,
        verified_at: js_sys::Date::now() as i64,
    });
    let version = current.version + 1;
    let plain = serde_json::to_vec(&pins).map_err(|_| AppError::Unexpected)?;
    let sealed = envelope::seal(
        &pins_binding(user, version),
        &Sender {
            id: user.as_str(),
            key: &me.signing,
        },
        &[me.sealing.public()],
        &plain,
    )?;
    api::keys::save_pins(&SealedPins {
        version,
        sealed: B64(sealed),
    })
    .await?;
    sealed::remember_sealed(&pins_binding(user, version));
    Ok(PinSet { pins, version })
}

/// The first member makes the organisation's identity: a new seed, the member's own certificate
/// signed with it, the seed sealed to the member themself.
pub async fn create_org_identity(
    session: &StaffSession,
    me: &Identity,
) -> Result<OrgKey, AppError> {
    let organisation = session.organisation.as_ref().ok_or(AppError::Unexpected)?;
    let key = OrgKey::from_seed(organisation.id.clone(), IdentitySeed::generate()?)?;
    let my_identity = me.public();
    let certificate = Statement::Member {
        organisation: &organisation.id,
        user: &session.user_id,
        role: session.role,
        identity: &my_identity,
    }
    .certify(&key.keys.signing);
    let sealed_seed = seal_seed(&key, &session.user_id, me, &my_identity)?;
    api::org::create_identity(&NewOrgIdentity {
        identity: key.identity,
        sealed_seed: B64(sealed_seed),
        certificate: B64(certificate.to_vec()),
    })
    .await?;
    Ok(key)
}

fn seal_seed(
    key: &OrgKey,
    sender: &UserId,
    me: &Identity,
    to: &PublicIdentity,
) -> Result<Vec<u8>, AppError> {
    Ok(envelope::seal(
        &org_key_binding(&key.identity),
        &Sender {
            id: sender.as_str(),
            key: &me.signing,
        },
        &[to.sealing],
        key.seed.as_bytes(),
    )?)
}

/// A holder confirms a member whose code they compared: the organisation certifies the member and
/// the seed is sealed to them.
pub async fn confirm_member(
    org: &OrgKey,
    sender: &UserId,
    me: &Identity,
    member: &OrgMember,
) -> Result<(), AppError> {
    let certificate = Statement::Member {
        organisation: &org.organisation_id,
        user: &member.user_id,
        role: member.role,
        identity: &member.identity,
    }
    .certify(&org.keys.signing);
    let sealed_seed = seal_seed(org, sender, me, &member.identity)?;
    api::org::confirm_member(
        &member.user_id,
        &MemberConfirmation {
            certificate: B64(certificate.to_vec()),
            sealed_seed: B64(sealed_seed),
        },
    )
    .await
}

/// What this browser makes of a peer organisation's listing.
#[derive(Debug, Clone, PartialEq)]
pub enum PeerTrust {
    /// The other organisation has no identity yet.
    NoIdentity,
    /// Nobody here has compared it yet.
    Unconfirmed(PublicIdentity),
    /// My organisation certified exactly this identity.
    Confirmed(PublicIdentity),
    /// My organisation's certificate does not cover what the relay lists now.
    Changed,
}

pub fn judge_peer(org: &OrgKey, peer: &PeerOrganisation) -> PeerTrust {
    let Some(identity) = peer.identity else {
        return match peer.certificate {
            Some(_) => PeerTrust::Changed,
            None => PeerTrust::NoIdentity,
        };
    };
    let Some(certificate) = &peer.certificate else {
        return PeerTrust::Unconfirmed(identity);
    };
    let statement = Statement::PeerOrganisation {
        organisation: &org.organisation_id,
        peer: &peer.organisation_id,
        peer_kind: peer.kind,
        identity: &identity,
    };
    match statement.verify(&org.identity, &certificate.0) {
        Ok(()) => PeerTrust::Confirmed(identity),
        Err(_) => PeerTrust::Changed,
    }
}

/// After a person compared the peer's code: my organisation certifies it.
pub async fn confirm_peer(
    org: &OrgKey,
    peer: &PeerOrganisation,
    identity: &PublicIdentity,
) -> Result<(), AppError> {
    let certificate = Statement::PeerOrganisation {
        organisation: &org.organisation_id,
        peer: &peer.organisation_id,
        peer_kind: peer.kind,
        identity,
    }
    .certify(&org.keys.signing);
    api::org::confirm_peer(
        &peer.organisation_id,
        &PeerConfirmation {
            certificate: B64(certificate.to_vec()),
        },
    )
    .await
}

/// The identity of the peer of `kind` that my organisation certified, for sealing to it.
pub fn confirmed_peer(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    id: &OrgId,
    kind: OrgKind,
) -> Option<PublicIdentity> {
    peers
        .iter()
        .find(|p| &p.organisation_id == id && p.kind == kind)
        .and_then(|p| match judge_peer(org, p) {
            PeerTrust::Confirmed(identity) => Some(identity),
            _ => None,
        })
}

/// The identity of a member my organisation certified, for trusting what they signed.
pub fn certified_member(
    org: &OrgKey,
    members: &[OrgMember],
    id: &UserId,
) -> Option<PublicIdentity> {
    members
        .iter()
        .find(|m| &m.user_id == id)
        .filter(|m| member_certified(org, m))
        .map(|m| m.identity)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use domain::api::{OrganisationRef, PledgeStatus, StaffRole};

    use super::*;

    fn identity() -> Identity {
        IdentitySeed::generate().unwrap().identity().unwrap()
    }

    fn session(org: &OrgId, listed: Option<PublicIdentity>) -> StaffSession {
        StaffSession {
            user_id: UserId::random().unwrap(),
            display_name: "テスト".into(),
            role: StaffRole::Caseworker,
            organisation: Some(OrganisationRef {
                id: org.clone(),
                kind: OrgKind::Centre,
                name: "センター".into(),
                identity: listed,
            }),
            identity: identity().public(),
            wrapped_key: B64(vec![]),
            csrf_token: "t".into(),
            pledge: PledgeStatus::NoPledge,
        }
    }

    fn pinned(org: &OrgId, identity: PublicIdentity) -> PinSet {
        PinSet {
            pins: Pins {
                organisations: vec![PinnedOrganisation {
                    organisation_id: org.clone(),
                    identity,
                    verified_at: 0,
                }],
            },
            version: 1,
        }
    }

    #[test]
    fn the_organisation_is_trusted_only_once_compared_and_only_while_unchanged() {
        let org = OrgId::random().unwrap();
        let key = OrgKey::from_seed(org.clone(), IdentitySeed::generate().unwrap()).unwrap();
        let impostor = OrgKey::from_seed(org.clone(), IdentitySeed::generate().unwrap()).unwrap();
        let granter = UserId::random().unwrap();
        let real = Some(key.identity);
        let none = PinSet::default();

        assert!(matches!(
            judge(&session(&org, None), &none, None),
            OrgTrust::NoIdentity
        ));
        assert!(matches!(
            judge(&session(&org, real), &none, None),
            OrgTrust::Waiting
        ));
        assert!(matches!(
            judge(
                &session(&org, real),
                &none,
                Some((key.clone(), granter.clone()))
            ),
            OrgTrust::Compare { .. }
        ));
        let pins = pinned(&org, key.identity);
        assert!(matches!(
            judge(
                &session(&org, real),
                &pins,
                Some((key.clone(), granter.clone()))
            ),
            OrgTrust::Trusted(_)
        ));
        // The relay lists another identity, or none, or seals me another key: loud, never trusted.
        for (listed, mine) in [
            (
                Some(impostor.identity),
                Some((impostor.clone(), granter.clone())),
            ),
            (Some(impostor.identity), None),
            (None, Some((key.clone(), granter.clone()))),
            (real, Some((impostor.clone(), granter.clone()))),
        ] {
            assert!(matches!(
                judge(&session(&org, listed), &pins, mine),
                OrgTrust::Changed
            ));
        }
        // Not yet pinned, but the sealed key is not the listed identity.
        assert!(matches!(
            judge(&session(&org, real), &none, Some((impostor, granter))),
            OrgTrust::Changed
        ));
    }

    #[test]
    fn a_sealed_org_key_opens_only_as_the_listed_identity() {
        let org_id = OrgId::random().unwrap();
        let key = OrgKey::from_seed(org_id.clone(), IdentitySeed::generate().unwrap()).unwrap();
        let holder = identity();
        let member = identity();
        let holder_id = UserId::random().unwrap();
        let sealed_seed = seal_seed(&key, &holder_id, &holder, &member.public()).unwrap();
        let sealed = SealedOrgKey {
            organisation_id: org_id.clone(),
            organisation_identity: key.identity,
            sealed_seed: B64(sealed_seed),
            granted_by: holder_id.clone(),
            granter_identity: holder.public(),
        };
        assert_eq!(
            open_org_key(&sealed, &member).unwrap().identity,
            key.identity
        );
        // Not for a stranger.
        assert_eq!(
            open_org_key(&sealed, &identity()).err(),
            Some(Refusal::NotForMe)
        );
        // Listed under another identity: the binding no longer matches.
        let other = OrgKey::from_seed(org_id, IdentitySeed::generate().unwrap()).unwrap();
        let relabelled = SealedOrgKey {
            organisation_identity: other.identity,
            ..sealed.clone()
        };
        assert!(open_org_key(&relabelled, &member).is_err());
        // Attributed to someone else: their key did not sign it.
        let forged = SealedOrgKey {
            granter_identity: identity().public(),
            ..sealed
        };
        assert_eq!(
            open_org_key(&forged, &member).err(),
            Some(Refusal::UntrustedSender)
        );
    }

    #[test]
    fn members_and_peers_are_believed_only_with_the_organisations_certificate() {
        let org =
            OrgKey::from_seed(OrgId::random().unwrap(), IdentitySeed::generate().unwrap()).unwrap();
        let rogue = OrgKey::from_seed(
            org.organisation_id.clone(),
            IdentitySeed::generate().unwrap(),
        )
        .unwrap();
        let mut member = OrgMember {
            user_id: UserId::random().unwrap(),
            display_name: "新人".into(),
            role: StaffRole::Caseworker,
            identity: identity().public(),
            certificate: None,
            holds_key: false,
        };
        assert!(!member_certified(&org, &member));
        let statement = Statement::Member {
            organisation: &org.organisation_id,
            user: &member.user_id,
            role: member.role,
            identity: &member.identity,
        };
        member.certificate = Some(B64(statement.certify(&rogue.keys.signing).to_vec()));
        assert!(!member_certified(&org, &member));
        member.certificate = Some(B64(statement.certify(&org.keys.signing).to_vec()));
        assert!(member_certified(&org, &member));
        assert_eq!(
            certified_member(&org, std::slice::from_ref(&member), &member.user_id),
            Some(member.identity)
        );

        let partner = identity().public();
        let mut peer = PeerOrganisation {
            organisation_id: OrgId::random().unwrap(),
            kind: OrgKind::Partner,
            name: "NPO".into(),
            identity: Some(partner),
            certificate: None,
        };
        assert_eq!(judge_peer(&org, &peer), PeerTrust::Unconfirmed(partner));
        let certificate = Statement::PeerOrganisation {
            organisation: &org.organisation_id,
            peer: &peer.organisation_id,
            peer_kind: OrgKind::Partner,
            identity: &partner,
        }
        .certify(&org.keys.signing);
        peer.certificate = Some(B64(certificate.to_vec()));
        assert_eq!(judge_peer(&org, &peer), PeerTrust::Confirmed(partner));
        // The relay swaps in another key after we confirmed: our certificate no longer covers it.
        peer.identity = Some(identity().public());
        assert_eq!(judge_peer(&org, &peer), PeerTrust::Changed);
        assert_eq!(
            confirmed_peer(
                &org,
                std::slice::from_ref(&peer),
                &peer.organisation_id,
                OrgKind::Partner
            ),
            None
        );
    }
}
