//! Identities: the pair of keys a person, a phone or an organisation is known by.
//!
//! X25519 keys only agree on secrets; Ed25519 keys only sign. Everyone who seals or signs needs
//! both, and a person comparing "codes" must compare both at once, so they travel, print and get
//! certified as one [`PublicIdentity`] with one fingerprint.
//!
//! A staff member's or an organisation's identity is derived from one 32-byte [`IdentitySeed`]:
//! the seed is the only secret to wrap under a password or to seal to an organisation's members.
//! A phone keeps its two keys separately (they never leave its vault), but is known by the same
//! [`PublicIdentity`] shape.

use core::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::encoding::{self, Writer};
use crate::error::Result;
use crate::keys::{KeyPair, PublicKey, SecretKey, fingerprint_of};
use crate::signing::{SigningKey, VerifyingKey};

pub const SEED_LEN: usize = 32;
/// Bytes of the identity digest an invitation link carries (128 bits: second preimages stay out
/// of reach; the link stays short enough for a QR code a phone reads at arm's length).
pub const LINK_DIGEST_LEN: usize = 16;

const INFO_SEALING: &[u8] = b"yorisoi/v1/identity/x25519";
const INFO_SIGNING: &[u8] = b"yorisoi/v1/identity/ed25519";
const LABEL_DIGEST: &[u8] = b"yorisoi/v1/identity";

/// The one secret behind a staff member's or an organisation's identity; zeroized on drop,
/// never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct IdentitySeed(Zeroizing<[u8; SEED_LEN]>);

impl IdentitySeed {
    pub fn generate() -> Result<Self> {
        Ok(Self(encoding::random_bytes::<SEED_LEN>()?))
    }

    pub fn from_bytes(bytes: &[u8; SEED_LEN]) -> Self {
        Self(Zeroizing::new(*bytes))
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let bytes: &[u8; SEED_LEN] = bytes
            .try_into()
            .map_err(|_| crate::error::Error::Malformed)?;
        Ok(Self::from_bytes(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; SEED_LEN] {
        &self.0
    }

    /// The two key pairs, each from its own HKDF label so neither can be computed from the
    /// other.
    pub fn identity(&self) -> Result<Identity> {
        let sealing = crate::wrap::hkdf32(self.0.as_slice(), INFO_SEALING)?;
        let signing = crate::wrap::hkdf32(self.0.as_slice(), INFO_SIGNING)?;
        Ok(Identity {
            sealing: KeyPair::from_secret(SecretKey::from_bytes(&sealing)),
            signing: SigningKey::from_slice(signing.as_slice())?,
        })
    }
}

impl fmt::Debug for IdentitySeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdentitySeed([redacted])")
    }
}

/// The private half of an identity, held in memory while it is used.
pub struct Identity {
    pub sealing: KeyPair,
    pub signing: SigningKey,
}

impl Identity {
    pub fn public(&self) -> PublicIdentity {
        PublicIdentity {
            sealing: self.sealing.public(),
            signing: self.signing.verifying_key(),
        }
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identity({})", self.public().fingerprint())
    }
}

/// What an identity is known by: the key sealed to and the key whose signatures are trusted.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PublicIdentity {
    pub sealing: PublicKey,
    pub signing: VerifyingKey,
}

impl PublicIdentity {
    /// SHA-256 over both keys, domain-separated from every other digest in the system.
    pub fn digest(&self) -> [u8; 32] {
        let mut w = Writer::with_capacity(96);
        w.lp32(LABEL_DIGEST)
            .fixed(self.sealing.as_bytes())
            .fixed(self.signing.as_bytes());
        Sha256::digest(w.as_slice()).into()
    }

    /// What people compare: 80 bits of the digest in groups of four, e.g. `K7QF-2M9X-0C4R-T8HD`.
    /// A different key in either half gives a different code.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.digest())
    }

    /// The digest prefix an invitation link carries, so a phone can pin the organisations'
    /// identities without asking the relay to vouch for them.
    pub fn link_digest(&self) -> [u8; LINK_DIGEST_LEN] {
        let mut out = [0u8; LINK_DIGEST_LEN];
        out.copy_from_slice(&self.digest()[..LINK_DIGEST_LEN]);
        out
    }
}

impl fmt::Debug for PublicIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicIdentity({})", self.fingerprint())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_two_independent_keys() {
        let seed = IdentitySeed::from_bytes(&[7; 32]);
        let a = seed.identity().unwrap().public();
        let b = IdentitySeed::from_slice(&[7; 32])
            .unwrap()
            .identity()
            .unwrap()
            .public();
        assert_eq!(a, b);
        let other = IdentitySeed::from_bytes(&[8; 32])
            .identity()
            .unwrap()
            .public();
        assert_ne!(a.sealing, other.sealing);
        assert_ne!(a.signing, other.signing);
        assert_ne!(a.sealing.as_bytes(), a.signing.as_bytes());
    }

    #[test]
    fn the_fingerprint_changes_with_either_key() {
        let a = IdentitySeed::generate()
            .unwrap()
            .identity()
            .unwrap()
            .public();
        let b = IdentitySeed::generate()
            .unwrap()
            .identity()
            .unwrap()
            .public();
        let mixed1 = PublicIdentity {
            sealing: a.sealing,
            signing: b.signing,
        };
        let mixed2 = PublicIdentity {
            sealing: b.sealing,
            signing: a.signing,
        };
        let prints = [a, b, mixed1, mixed2].map(|i| i.fingerprint());
        for (i, p) in prints.iter().enumerate() {
            assert_eq!(p.len(), 19);
            for q in &prints[i + 1..] {
                assert_ne!(p, q);
            }
        }
        assert_eq!(&a.digest()[..LINK_DIGEST_LEN], &a.link_digest());
    }

    #[test]
    fn secrets_never_print() {
        let seed = IdentitySeed::from_bytes(&[0xab; 32]);
        assert_eq!(format!("{seed:?}"), "IdentitySeed([redacted])");
        let text = format!("{:?}", seed.identity().unwrap());
        assert!(text.starts_with("Identity("), "{text}");
        assert!(!text.to_lowercase().contains("abab"));
    }
}
