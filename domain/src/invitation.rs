//! A volunteer's invitation, and how a new phone proves it came through it.
//!
//! The coordinator's browser makes the invitation: the relay stores the lookup code (8
//! characters, typed or scanned), while the link's fragment — which browsers never send to a
//! server — also carries a 128-bit binding secret and the link digests of the partner's and the
//! centre's identities:
//!
//! ```text
//! /v/enrol#CODE.SECRET.PARTNER.CENTRE      (SECRET, PARTNER, CENTRE: unpadded base64url, 16 bytes)
//! ```
//!
//! The phone pins the two organisations whose identities match the digests, and proves it holds
//! the secret with a [`binding_tag`] over its own new keys. The secret reaches the coordinators'
//! browsers only sealed to the partner's key, so a relay that swapped in keys of its own could
//! not make a tag that verifies: the device certificate is issued only for the keys the phone
//! made.
//!
//! A volunteer who typed the code has neither secret nor digests; then the phone and the
//! coordinator compare one [`check_code`] over the phone's identity and both organisations'
//! identities, which verifies the phone's keys to the coordinator and the organisations' keys to
//! the phone in one comparison.

use core::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::encoding::{self, Writer};
use crate::error::{Error, Result};
use crate::identity::{LINK_DIGEST_LEN, PublicIdentity};
use crate::keys::fingerprint_of;
use crate::rules;

pub const SECRET_LEN: usize = 16;
pub const TAG_LEN: usize = 32;

const LABEL_TAG: &[u8] = b"yorisoi/v1/device-binding";
const LABEL_CHECK: &[u8] = b"yorisoi/v1/enrolment-check";

/// The part of an invitation the relay never sees; zeroized on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct BindingSecret(Zeroizing<[u8; SECRET_LEN]>);

impl BindingSecret {
    pub fn generate() -> Result<Self> {
        Ok(Self(encoding::random_bytes()?))
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let bytes: [u8; SECRET_LEN] = bytes.try_into().map_err(|_| Error::Malformed)?;
        Ok(Self(Zeroizing::new(bytes)))
    }

    pub fn as_bytes(&self) -> &[u8; SECRET_LEN] {
        &self.0
    }
}

impl fmt::Debug for BindingSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BindingSecret([redacted])")
    }
}

/// The phone's proof that its keys came through this invitation: HMAC-SHA256 under the binding
/// secret (one per invitation) over the phone's identity.
pub fn binding_tag(secret: &BindingSecret, device: &PublicIdentity) -> [u8; TAG_LEN] {
    let mut w = Writer::with_capacity(128);
    w.lp32(LABEL_TAG)
        .fixed(device.sealing.as_bytes())
        .fixed(device.signing.as_bytes());
    // HMAC takes keys of any length: this cannot fail.
    let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(w.as_slice());
    mac.finalize().into_bytes().into()
}

/// Checks a tag in constant time.
pub fn verify_binding_tag(
    secret: &BindingSecret,
    device: &PublicIdentity,
    tag: &[u8],
) -> Result<()> {
    let expected = binding_tag(secret, device);
    if bool::from(expected.as_slice().ct_eq(tag)) {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}

/// What the invitation link carries after `#`.
#[derive(Clone, PartialEq, Eq)]
pub struct InvitationLink {
    /// The lookup code, normalised (8 characters).
    pub code: String,
    pub secret: BindingSecret,
    pub partner: [u8; LINK_DIGEST_LEN],
    pub centre: [u8; LINK_DIGEST_LEN],
}

impl InvitationLink {
    pub fn new(
        code: &str,
        secret: BindingSecret,
        partner: &PublicIdentity,
        centre: &PublicIdentity,
    ) -> Result<Self> {
        Ok(Self {
            code: rules::code::normalise(code).ok_or(Error::Malformed)?,
            secret,
            partner: partner.link_digest(),
            centre: centre.link_digest(),
        })
    }

    pub fn to_fragment(&self) -> String {
        format!(
            "{}.{}.{}.{}",
            self.code,
            encoding::to_base64url(self.secret.as_bytes()),
            encoding::to_base64url(&self.partner),
            encoding::to_base64url(&self.centre)
        )
    }

    /// Parses a full link fragment. A bare code (typed, or an old link) is not a link: see
    /// [`rules::code::normalise`] and [`check_code`].
    pub fn parse_fragment(fragment: &str) -> Result<Self> {
        let mut parts = fragment.trim_start_matches('#').split('.');
        let (Some(code), Some(secret), Some(partner), Some(centre), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(Error::Malformed);
        };
        Ok(Self {
            code: rules::code::normalise(code).ok_or(Error::Malformed)?,
            secret: BindingSecret::from_slice(&encoding::from_base64url::<SECRET_LEN>(secret)?)?,
            partner: encoding::from_base64url(partner)?,
            centre: encoding::from_base64url(centre)?,
        })
    }

    /// True when the identities the relay presents are the ones the coordinator put in the link.
    pub fn vouches_for(&self, partner: &PublicIdentity, centre: &PublicIdentity) -> bool {
        bool::from(partner.link_digest().ct_eq(&self.partner))
            & bool::from(centre.link_digest().ct_eq(&self.centre))
    }
}

impl fmt::Debug for InvitationLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InvitationLink([redacted])")
    }
}

/// The code a phone enrolled with a typed code and its coordinator compare: one fingerprint over
/// the phone's identity and both organisations' identities, as each side sees them.
pub fn check_code(
    device: &PublicIdentity,
    partner: &PublicIdentity,
    centre: &PublicIdentity,
) -> String {
    let mut w = Writer::with_capacity(128);
    w.lp32(LABEL_CHECK)
        .fixed(&device.digest())
        .fixed(&partner.digest())
        .fixed(&centre.digest());
    fingerprint_of(&Sha256::digest(w.as_slice()).into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::identity::IdentitySeed;

    fn someone() -> PublicIdentity {
        IdentitySeed::generate()
            .unwrap()
            .identity()
            .unwrap()
            .public()
    }

    #[test]
    fn the_link_round_trips_and_vouches_only_for_its_organisations() {
        let (partner, centre, impostor) = (someone(), someone(), someone());
        let link = InvitationLink::new(
            "ab1o-il9z",
            BindingSecret::generate().unwrap(),
            &partner,
            &centre,
        )
        .unwrap();
        assert_eq!(link.code, "AB10119Z");
        let fragment = link.to_fragment();
        assert!(fragment.len() < 90, "{fragment}");
        let back = InvitationLink::parse_fragment(&format!("#{fragment}")).unwrap();
        assert_eq!(back, link);
        assert!(back.vouches_for(&partner, &centre));
        assert!(!back.vouches_for(&impostor, &centre));
        assert!(!back.vouches_for(&partner, &impostor));
        assert!(!back.vouches_for(&centre, &partner));
        for bad in [
            "AB10119Z",
            "",
            "AB10119Z.x.y.z",
            &format!("{fragment}.extra"),
        ] {
            assert!(InvitationLink::parse_fragment(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{link:?}"), "InvitationLink([redacted])");
    }

    #[test]
    fn the_tag_binds_the_secret_and_both_keys() {
        let secret = BindingSecret::generate().unwrap();
        let phone = someone();
        let tag = binding_tag(&secret, &phone);
        verify_binding_tag(&secret, &phone, &tag).unwrap();
        let other_secret = BindingSecret::generate().unwrap();
        assert!(verify_binding_tag(&other_secret, &phone, &tag).is_err());
        let swapped = PublicIdentity {
            sealing: someone().sealing,
            signing: phone.signing,
        };
        assert!(verify_binding_tag(&secret, &swapped, &tag).is_err());
        let swapped = PublicIdentity {
            sealing: phone.sealing,
            signing: someone().signing,
        };
        assert!(verify_binding_tag(&secret, &swapped, &tag).is_err());
        assert!(verify_binding_tag(&secret, &phone, &tag[..31]).is_err());
    }

    #[test]
    fn the_check_code_changes_with_any_of_the_three_identities() {
        let (phone, partner, centre) = (someone(), someone(), someone());
        let code = check_code(&phone, &partner, &centre);
        assert_eq!(code, check_code(&phone, &partner, &centre));
        assert_ne!(code, check_code(&someone(), &partner, &centre));
        assert_ne!(code, check_code(&phone, &someone(), &centre));
        assert_ne!(code, check_code(&phone, &partner, &someone()));
        assert_ne!(code, check_code(&phone, &centre, &partner));
    }
}
