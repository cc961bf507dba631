//! What caseworkers and coordinators both seal and open about families: referrals, briefs and
//! the notes around them. Shared by both roles' folders, which never import each other.
//!
//! Trust runs only through keys this browser verified: my organisation's identity (compared by a
//! person), the other organisation's (certified by mine after someone compared it), and a
//! signer's member certificate from their organisation. The relay's [`Signer`] listing is never
//! believed on its own.

use domain::api::{
    B64, OrgKind, PeerOrganisation, Signer, brief_binding, referral_answer_binding,
    referral_binding,
};
use domain::content::{self, brief::Brief, referral::Referral as ReferralContent};
use domain::envelope::{self, ObjectBinding, Sender, TrustedSender};
use domain::identity::{Identity, PublicIdentity};
use domain::ids::{BriefId, OrgId, ReferralId, UserId};
use domain::keys::PublicKey;

use crate::error::AppError;
use crate::sealed::{self, Refusal};
use crate::staff::OrgKey;
use crate::staff::keys::confirmed_peer;

/// The identity of `organisation` as this browser trusts it: my own, or a peer of `kind` my
/// organisation certified.
pub fn trusted_organisation(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    organisation: &OrgId,
    kind: OrgKind,
) -> Option<PublicIdentity> {
    if organisation == &org.organisation_id {
        Some(org.identity)
    } else {
        confirmed_peer(org, peers, organisation, kind)
    }
}

/// The signer's identity, believed only if their organisation (one this browser trusts)
/// certified it.
pub fn trusted_signer(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    signer: &Signer,
) -> Option<PublicIdentity> {
    let kind = match signer.role {
        domain::api::StaffRole::Caseworker => OrgKind::Centre,
        _ => OrgKind::Partner,
    };
    let organisation = trusted_organisation(org, peers, &signer.organisation_id, kind)?;
    signer.certified_by(&organisation)
}

/// Opens an envelope sealed to my organisation by `signer`, refusing anyone not certified, a
/// tampered or moved envelope, and a version older than one this browser already opened.
pub fn open_from(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    signer: &Signer,
    binding: &ObjectBinding,
    bytes: &[u8],
) -> Result<Vec<u8>, Refusal> {
    let identity = trusted_signer(org, peers, signer).ok_or(Refusal::UntrustedSender)?;
    sealed::open_newest(
        binding,
        org.keys().sealing.secret(),
        &TrustedSender {
            id: signer.user_id.as_str(),
            key: &identity.signing,
        },
        bytes,
    )
    .map(|plain| plain.to_vec())
}

/// Seals `plaintext` as me to `recipients`. The version is not remembered as seen here until
/// this browser opens it back from the relay: a save that fails must not make the copy the relay
/// still holds look like a rollback.
pub fn seal_as(
    me: &UserId,
    my_keys: &Identity,
    binding: &ObjectBinding,
    recipients: &[PublicKey],
    plaintext: &[u8],
) -> Result<B64, AppError> {
    let sealed = envelope::seal(
        binding,
        &Sender {
            id: me.as_str(),
            key: &my_keys.signing,
        },
        recipients,
        plaintext,
    )?;
    Ok(B64(sealed))
}

/// Both organisations of a programme, as this browser trusts them: `None` until the partner and
/// the centre confirmed each other here (the team screen says how).
pub struct BothSides {
    pub centre: PublicIdentity,
    pub partner: PublicIdentity,
}

impl BothSides {
    pub fn of(
        org: &OrgKey,
        peers: &[PeerOrganisation],
        centre: &OrgId,
        partner: &OrgId,
    ) -> Option<BothSides> {
        Some(BothSides {
            centre: trusted_organisation(org, peers, centre, OrgKind::Centre)?,
            partner: trusted_organisation(org, peers, partner, OrgKind::Partner)?,
        })
    }

    pub fn recipients(&self) -> Vec<PublicKey> {
        vec![self.centre.sealing, self.partner.sealing]
    }
}

/// A referral version, sealed by a caseworker to both organisations. Not yet remembered as seen
/// here: the upload may still fail, and a version remembered but never stored would make the one
/// the relay still holds look like a rollback (refused). Call [`referral_stored`] once the relay
/// accepted it.
pub fn seal_referral(
    me: &UserId,
    my_keys: &Identity,
    sides: &BothSides,
    id: &ReferralId,
    version: u32,
    referral: &ReferralContent,
) -> Result<B64, AppError> {
    let plain = zeroize::Zeroizing::new(content::to_bytes(referral)?);
    seal_as(
        me,
        my_keys,
        &referral_binding(id, version),
        &sides.recipients(),
        &plain,
    )
}

/// The relay stored this version of a referral sealed here: older ones are refused from now on.
pub fn referral_stored(id: &ReferralId, version: u32) {
    sealed::remember_sealed(&referral_binding(id, version));
}

pub fn open_referral(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    referral: &domain::api::Referral,
) -> Result<ReferralContent, Refusal> {
    let plain = zeroize::Zeroizing::new(open_from(
        org,
        peers,
        &referral.signer,
        &referral_binding(&referral.id, referral.version),
        &referral.sealed.0,
    )?);
    content::from_bytes(&plain).map_err(|_| Refusal::Unreadable)
}

/// A partner's reason for declining, sealed to both organisations.
pub fn seal_answer_reason(
    me: &UserId,
    my_keys: &Identity,
    sides: &BothSides,
    id: &ReferralId,
    reason: &str,
) -> Result<B64, AppError> {
    seal_as(
        me,
        my_keys,
        &referral_answer_binding(id),
        &sides.recipients(),
        reason.as_bytes(),
    )
}

/// The reason a referral was declined, if it was and its sealer is trusted.
pub fn open_answer_reason(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    referral: &domain::api::Referral,
) -> Option<Result<String, Refusal>> {
    let answer = referral.answer.as_ref()?;
    let sealed = answer.sealed_reason.as_ref()?;
    Some(
        open_from(
            org,
            peers,
            &answer.signer,
            &referral_answer_binding(&referral.id),
            &sealed.0,
        )
        .and_then(|plain| String::from_utf8(plain).map_err(|_| Refusal::Unreadable)),
    )
}

/// A brief version as staff see it (sealed to both organisations as well as the phones).
pub fn open_brief(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    version: &domain::api::BriefVersion,
) -> Option<Result<Brief, Refusal>> {
    let sealed = version.sealed.as_ref()?;
    Some(
        open_from(
            org,
            peers,
            &version.signer,
            &brief_binding(&version.brief_id, version.version),
            &sealed.0,
        )
        .and_then(|plain| {
            let plain = zeroize::Zeroizing::new(plain);
            content::from_bytes(&plain).map_err(|_| Refusal::Unreadable)
        }),
    )
}

/// Seals a brief to both organisations and each certified phone of the volunteer.
pub fn seal_brief(
    me: &UserId,
    my_keys: &Identity,
    sides: &BothSides,
    phones: &[PublicKey],
    id: &BriefId,
    version: u32,
    brief: &Brief,
) -> Result<B64, AppError> {
    let plain = zeroize::Zeroizing::new(content::to_bytes(brief)?);
    let mut recipients = sides.recipients();
    recipients.extend_from_slice(phones);
    seal_as(
        me,
        my_keys,
        &brief_binding(id, version),
        &recipients,
        &plain,
    )
}
