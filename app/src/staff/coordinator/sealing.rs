//! What the coordinator's screens seal, open and certify, always with keys this browser
//! verified: the partner's own identity (compared by a person), the centre's (certified by the
//! partner after someone compared it), members (certified by the partner), phones (certified by
//! the partner after their invitation secret or their check code proved them).

use domain::api::{
    B64, Device, Incident, OrgKind, OrgMember, PeerOrganisation, Programme, Volunteer,
    incident_note_binding, invitation_binding,
};
use domain::envelope::{self, Sender, TrustedSender};
use domain::identity::{Identity, PublicIdentity};
use domain::ids::{IncidentId, InvitationId, UserId};
use domain::invitation::{self, BindingSecret, InvitationLink};
use domain::trust::Statement;

use crate::api;
use crate::error::AppError;
use crate::sealed::{self, Refusal};
use crate::staff::OrgKey;
use crate::staff::keys::{certified_member, confirmed_peer};

/// The centre of a programme, as the partner certified it; `None` until someone here compared
/// its code.
pub fn centre_of(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    programme: &Programme,
) -> Option<PublicIdentity> {
    confirmed_peer(org, peers, &programme.settings.centre_id, OrgKind::Centre)
}

/// A new invitation: its id and secret are made here; the secret is sealed to the partner's
/// identity (so any coordinator can later check a phone's proof) and never leaves unsealed.
pub struct NewInvitation {
    pub id: InvitationId,
    pub secret: BindingSecret,
    pub sealed_secret: Vec<u8>,
}

pub fn new_invitation(
    org: &OrgKey,
    me: &UserId,
    my_keys: &Identity,
) -> Result<NewInvitation, AppError> {
    let id = InvitationId::random()?;
    let secret = BindingSecret::generate()?;
    let sealed_secret = envelope::seal(
        &invitation_binding(&id),
        &Sender {
            id: me.as_str(),
            key: &my_keys.signing,
        },
        &[org.identity.sealing],
        secret.as_bytes(),
    )?;
    Ok(NewInvitation {
        id,
        secret,
        sealed_secret,
    })
}

/// The enrolment link's fragment: the code, the secret, and both organisations' digests.
pub fn invitation_link(
    code: &str,
    invitation: NewInvitation,
    partner: &PublicIdentity,
    centre: &PublicIdentity,
) -> Result<String, AppError> {
    let link = InvitationLink::new(code, invitation.secret, partner, centre)?;
    Ok(format!("/v/enrol#{}", link.to_fragment()))
}

/// A lost-phone note, sealed to the partner's identity: free text never reaches the relay in the
/// clear.
pub fn seal_note(
    org: &OrgKey,
    me: &UserId,
    my_keys: &Identity,
    incident: &IncidentId,
    note: &str,
) -> Result<B64, AppError> {
    Ok(B64(envelope::seal(
        &incident_note_binding(incident),
        &Sender {
            id: me.as_str(),
            key: &my_keys.signing,
        },
        &[org.identity.sealing],
        note.as_bytes(),
    )?))
}

/// An incident's note, opened only if its reporter is a member the partner certified.
pub fn open_note(
    org: &OrgKey,
    members: &[OrgMember],
    incident: &Incident,
) -> Option<Result<String, Refusal>> {
    let sealed = incident.sealed_note.as_ref()?;
    Some(
        open_from_member(
            org,
            members,
            &incident.reported_by,
            &incident_note_binding(&incident.id),
            &sealed.0,
        )
        .and_then(|plain| String::from_utf8(plain).map_err(|_| Refusal::Unreadable)),
    )
}

fn open_from_member(
    org: &OrgKey,
    members: &[OrgMember],
    sender: &UserId,
    binding: &domain::envelope::ObjectBinding,
    bytes: &[u8],
) -> Result<Vec<u8>, Refusal> {
    let identity = certified_member(org, members, sender).ok_or(Refusal::UntrustedSender)?;
    sealed::open(
        binding,
        org.keys().sealing.secret(),
        &TrustedSender {
            id: sender.as_str(),
            key: &identity.signing,
        },
        bytes,
        None,
    )
    .map(|plain| plain.to_vec())
}

/// A phone enrolled from its invitation link proved it holds the invitation's secret: the
/// partner certifies the keys it made. The secret is opened only if a certified member sealed it.
pub fn verify_binding(org: &OrgKey, members: &[OrgMember], device: &Device) -> bool {
    let Some(binding) = &device.binding else {
        return false;
    };
    open_from_member(
        org,
        members,
        &binding.sealed_by,
        &invitation_binding(&binding.invitation_id),
        &binding.sealed_secret.0,
    )
    .ok()
    .and_then(|plain| BindingSecret::from_slice(&plain).ok())
    .is_some_and(|secret| {
        invitation::verify_binding_tag(&secret, &device.identity, &binding.tag.0).is_ok()
    })
}

/// The partner's certificate for one phone.
pub fn device_certificate(org: &OrgKey, volunteer: &Volunteer, device: &Device) -> Vec<u8> {
    Statement::Device {
        organisation: &org.organisation_id,
        volunteer: &volunteer.id,
        device: &device.id,
        identity: &device.identity,
    }
    .certify(&org.keys().signing)
    .to_vec()
}

/// The partner's certificate of this phone verifies (made here or by another coordinator).
pub fn device_certified(org: &OrgKey, volunteer: &Volunteer, device: &Device) -> bool {
    device.certificate.as_ref().is_some_and(|certificate| {
        Statement::Device {
            organisation: &org.organisation_id,
            volunteer: &volunteer.id,
            device: &device.id,
            identity: &device.identity,
        }
        .verify(&org.identity, &certificate.0)
        .is_ok()
    })
}

/// Certifies every active phone of the partner that proved its invitation and has no
/// certificate yet. Nothing to compare by hand: the secret never left the coordinators' browsers
/// unsealed. Returns how many were certified.
pub async fn certify_bound_devices(
    org: &OrgKey,
    volunteers: &[Volunteer],
    members: &[OrgMember],
) -> Result<usize, AppError> {
    let mut certified = 0;
    for volunteer in volunteers {
        for device in &volunteer.devices {
            let pending =
                device.state == domain::api::DeviceState::Active && device.certificate.is_none();
            if pending && verify_binding(org, members, device) {
                api::partner::certify_device(
                    &device.id,
                    device_certificate(org, volunteer, device),
                )
                .await?;
                certified += 1;
            }
        }
    }
    Ok(certified)
}

/// The code a phone enrolled with a typed code shows, as this browser computes it over the keys
/// it trusts: the same on both screens means the phone has the keys the relay lists for it and
/// the organisations' keys this browser verified.
pub fn check_code(device: &Device, partner: &PublicIdentity, centre: &PublicIdentity) -> String {
    invitation::check_code(&device.identity, partner, centre)
}
