//! Certificates: what an organisation vouches for, signed with its identity's signing key.
//!
//! The relay is a directory and a mailbox, never an authority: it stores and lists public keys,
//! but no browser or phone believes a key because the relay says so. A key is believed when a
//! person compared its fingerprint, or when an organisation the reader already trusts signed a
//! statement about it:
//!
//! - [`Statement::Member`]: "this user of ours has this identity" — made by a member who holds
//!   the organisation's key, after comparing the new member's code on the member's own screen.
//! - [`Statement::Device`]: "this phone of our volunteer has this identity" — made by a
//!   coordinator's browser after the phone proved it holds the invitation's secret (which the
//!   relay never saw), or after a person compared the phone's code.
//! - [`Statement::PeerOrganisation`]: "the organisation we work with has this identity" — made
//!   by a member after comparing the other organisation's code (the programme's setup screen).
//!
//! Each statement is encoded with a label no other signature in the system uses, so a
//! certificate can never be replayed as an envelope signature or a pledge acceptance.

use crate::api::{OrgKind, StaffRole};
use crate::encoding::Writer;
use crate::error::Result;
use crate::identity::PublicIdentity;
use crate::ids::{DeviceId, OrgId, UserId, VolunteerId};
use crate::signing::{SIGNATURE_LEN, SigningKey};

const LABEL_MEMBER: &[u8] = b"yorisoi/v1/certificate/member";
const LABEL_DEVICE: &[u8] = b"yorisoi/v1/certificate/device";
const LABEL_PEER: &[u8] = b"yorisoi/v1/certificate/peer-organisation";

/// Something an organisation vouches for.
#[derive(Debug, Clone, Copy)]
pub enum Statement<'a> {
    Member {
        organisation: &'a OrgId,
        user: &'a UserId,
        role: StaffRole,
        identity: &'a PublicIdentity,
    },
    Device {
        organisation: &'a OrgId,
        volunteer: &'a VolunteerId,
        device: &'a DeviceId,
        identity: &'a PublicIdentity,
    },
    PeerOrganisation {
        organisation: &'a OrgId,
        peer: &'a OrgId,
        peer_kind: OrgKind,
        identity: &'a PublicIdentity,
    },
}

impl Statement<'_> {
    /// The exact bytes signed.
    pub fn message(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(192);
        match self {
            Statement::Member {
                organisation,
                user,
                role,
                identity,
            } => {
                w.lp32(LABEL_MEMBER)
                    .lp32(organisation.as_str().as_bytes())
                    .lp32(user.as_str().as_bytes())
                    .lp32(role.as_str().as_bytes());
                identity_fields(&mut w, identity);
            }
            Statement::Device {
                organisation,
                volunteer,
                device,
                identity,
            } => {
                w.lp32(LABEL_DEVICE)
                    .lp32(organisation.as_str().as_bytes())
                    .lp32(volunteer.as_str().as_bytes())
                    .lp32(device.as_str().as_bytes());
                identity_fields(&mut w, identity);
            }
            Statement::PeerOrganisation {
                organisation,
                peer,
                peer_kind,
                identity,
            } => {
                w.lp32(LABEL_PEER)
                    .lp32(organisation.as_str().as_bytes())
                    .lp32(peer.as_str().as_bytes())
                    .lp32(peer_kind.as_str().as_bytes());
                identity_fields(&mut w, identity);
            }
        }
        w.into_vec()
    }

    /// Signs the statement with the organisation's signing key.
    pub fn certify(&self, organisation_key: &SigningKey) -> [u8; SIGNATURE_LEN] {
        organisation_key.sign(&self.message())
    }

    /// Checks a certificate against the identity of the organisation that must have made it (one
    /// the caller trusts already).
    pub fn verify(&self, organisation: &PublicIdentity, signature: &[u8]) -> Result<()> {
        organisation.signing.verify(&self.message(), signature)
    }
}

fn identity_fields(w: &mut Writer, identity: &PublicIdentity) {
    w.fixed(identity.sealing.as_bytes())
        .fixed(identity.signing.as_bytes());
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::Error;
    use crate::identity::IdentitySeed;

    fn identity() -> crate::identity::Identity {
        IdentitySeed::generate().unwrap().identity().unwrap()
    }

    #[test]
    fn a_certificate_holds_only_for_the_statement_and_the_organisation_that_signed_it() {
        let org = identity();
        let other_org = identity();
        let member = identity().public();
        let stranger = identity().public();
        let org_id = OrgId::random().unwrap();
        let user = UserId::random().unwrap();
        let statement = Statement::Member {
            organisation: &org_id,
            user: &user,
            role: StaffRole::Caseworker,
            identity: &member,
        };
        let certificate = statement.certify(&org.signing);
        statement.verify(&org.public(), &certificate).unwrap();
        assert_eq!(
            statement.verify(&other_org.public(), &certificate),
            Err(Error::BadSignature)
        );
        for changed in [
            Statement::Member {
                organisation: &org_id,
                user: &user,
                role: StaffRole::Coordinator,
                identity: &member,
            },
            Statement::Member {
                organisation: &org_id,
                user: &user,
                role: StaffRole::Caseworker,
                identity: &stranger,
            },
            Statement::Member {
                organisation: &org_id,
                user: &UserId::random().unwrap(),
                role: StaffRole::Caseworker,
                identity: &member,
            },
        ] {
            assert_eq!(
                changed.verify(&org.public(), &certificate),
                Err(Error::BadSignature)
            );
        }
    }

    #[test]
    fn statements_of_different_kinds_never_share_bytes() {
        let id = identity().public();
        let org = OrgId::random().unwrap();
        let volunteer = VolunteerId::parse(org.as_str()).unwrap();
        let device = DeviceId::parse(org.as_str()).unwrap();
        let user = UserId::parse(org.as_str()).unwrap();
        let member = Statement::Member {
            organisation: &org,
            user: &user,
            role: StaffRole::Admin,
            identity: &id,
        }
        .message();
        let phone = Statement::Device {
            organisation: &org,
            volunteer: &volunteer,
            device: &device,
            identity: &id,
        }
        .message();
        let peer = Statement::PeerOrganisation {
            organisation: &org,
            peer: &org,
            peer_kind: OrgKind::Centre,
            identity: &id,
        }
        .message();
        assert_ne!(member, phone);
        assert_ne!(member, peer);
        assert_ne!(phone, peer);
    }
}
