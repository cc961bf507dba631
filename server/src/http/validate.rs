//! Input checks the relay makes beyond `domain::rules` (which it shares with the app's forms):
//! the shapes of keys and secrets the browser derived, and the envelopes and certificates it
//! uploads. Every failure is a plain `invalid_body` 400: the message never says which value was
//! wrong, because values may be personal data.
//!
//! The relay cannot open an envelope or make a certificate, but it can verify both, so it refuses
//! garbage: an envelope not signed by the uploader's registered key, naming another object or
//! sealed to someone its stated holder is not, or a certificate the organisation did not sign.
//! Browsers never rely on these checks (they verify everything themselves); they keep a buggy or
//! hostile client from filling the directory with entries nobody can use.

use domain::api::B64;
use domain::envelope::{self, ObjectBinding};
use domain::identity::PublicIdentity;
use domain::ids::UserId;
use domain::keys::PublicKey;
use domain::signing::{SIGNATURE_LEN, VerifyingKey};
use domain::trust::Statement;

use super::{Result, ServerError};

/// A 32-byte value from the browser (login secret, PIN proof, signing key, binding tag).
pub fn bytes32(value: &B64) -> Result<[u8; 32]> {
    value
        .0
        .as_slice()
        .try_into()
        .map_err(|_| ServerError::InvalidBody)
}

/// The X25519 points of small order (libsodium's blocklist, little-endian u-coordinates): 0, 1,
/// the two points of order 8, p - 1, and the non-canonical p and p + 1. A Diffie-Hellman with any
/// of them gives a shared secret that does not depend on the private key, so nothing may ever be
/// sealed to one; with bit 255 (which X25519 ignores) set or not, these are every encoding of
/// every small-order point.
const SMALL_ORDER: [[u8; 32]; 7] = [
    [0; 32],
    {
        let mut one = [0; 32];
        one[0] = 1;
        one
    },
    [
        0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
        0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
        0xb8, 0x00,
    ],
    [
        0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
        0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
        0x11, 0x57,
    ],
    high_ff(0xec),
    high_ff(0xed),
    high_ff(0xee),
];

/// `first ‖ 0xff × 30 ‖ 0x7f`: p - 1, p and p + 1 for `first` = 0xec, 0xed, 0xee.
const fn high_ff(first: u8) -> [u8; 32] {
    let mut out = [0xff; 32];
    out[0] = first;
    out[31] = 0x7f;
    out
}

/// An X25519 public key that can be used: not a point of small order, in any encoding.
pub fn public_key(key: &PublicKey) -> Result<()> {
    let mut bytes = *key.as_bytes();
    bytes[31] &= 0x7f;
    if SMALL_ORDER.contains(&bytes) {
        return Err(ServerError::InvalidBody);
    }
    Ok(())
}

/// An identity someone registers or creates: both halves usable. The Ed25519 half was already
/// checked (a valid, not weak, point) when the JSON was parsed (`VerifyingKey`'s `Deserialize`).
pub fn identity(identity: &PublicIdentity) -> Result<()> {
    public_key(&identity.sealing)?;
    domain::signing::check_public_key(identity.signing.as_bytes())
        .map_err(|_| ServerError::InvalidBody)
}

/// An organisation's seed sealed to one holder: a few hundred bytes.
pub const MAX_SEALED_ORG_KEY: usize = 4096;
/// A member's pins: a list of organisations they verified.
pub const MAX_SEALED_PINS: usize = 64 * 1024;
/// An invitation's binding secret sealed to the partner.
pub const MAX_SEALED_SECRET: usize = 4096;
/// An incident note: at most `domain::rules::NOTE` characters of UTF-8.
pub const MAX_SEALED_NOTE: usize = 8192;
/// The largest plaintext an incident note can be.
pub const MAX_NOTE_BYTES: usize = 4 * *domain::rules::NOTE.end();

/// What an uploaded envelope must be: for this object, from this member with the signing key
/// the relay registered for them, sealed to exactly one recipient.
pub struct Sealed<'a> {
    pub binding: ObjectBinding,
    pub sender: &'a UserId,
    pub sender_key: &'a VerifyingKey,
    pub recipient: &'a PublicKey,
    /// Envelope bytes at most.
    pub max_len: usize,
    /// Plaintext bytes: exactly, or at most.
    pub plaintext: PlaintextLen,
}

#[derive(Debug, Clone, Copy)]
pub enum PlaintextLen {
    Exactly(usize),
    AtMost(usize),
}

/// Bytes the AEAD tag adds to the plaintext in `EnvelopeHeader::ciphertext_len`.
const TAG_LEN: usize = 16;

/// Checks an uploaded envelope against what it must be: the sender's signature over every byte
/// (by the key the header names), then that the header names the expected object, sender,
/// sender key and recipient, and a plausible plaintext length.
pub fn sealed(bytes: &[u8], expected: &Sealed<'_>) -> Result<()> {
    if bytes.len() > expected.max_len {
        return Err(ServerError::InvalidBody);
    }
    let header = envelope::verify_sender_signature(bytes).map_err(|_| ServerError::InvalidBody)?;
    let plaintext_len = header.ciphertext_len.checked_sub(TAG_LEN);
    let length_ok = match (expected.plaintext, plaintext_len) {
        (PlaintextLen::Exactly(n), Some(len)) => len == n,
        (PlaintextLen::AtMost(n), Some(len)) => len <= n,
        (_, None) => false,
    };
    let ok = length_ok
        && header.binding == expected.binding
        && header.sender == expected.sender.as_str()
        && header.sender_key == *expected.sender_key
        && header.recipients == [expected.recipient.key_id()];
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

/// A certificate (`domain::trust`) that must verify for `statement` under the identity of the
/// organisation that signs it; answers the 64 bytes to store.
pub fn certificate(
    certificate: &B64,
    statement: &Statement<'_>,
    organisation: &PublicIdentity,
) -> Result<[u8; SIGNATURE_LEN]> {
    let bytes: [u8; SIGNATURE_LEN] = certificate
        .0
        .as_slice()
        .try_into()
        .map_err(|_| ServerError::InvalidBody)?;
    statement
        .verify(organisation, &bytes)
        .map_err(|_| ServerError::InvalidBody)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_encoding_of_a_small_order_point_is_refused() {
        for point in SMALL_ORDER {
            for top in [0u8, 0x80] {
                let mut bytes = point;
                bytes[31] |= top;
                assert!(
                    public_key(&PublicKey::from_bytes(bytes)).is_err(),
                    "{bytes:?}"
                );
            }
        }
        assert_eq!(
            SMALL_ORDER[4][..2],
            [0xec, 0xff],
            "p - 1 = 2^255 - 20, little-endian"
        );
        for _ in 0..50 {
            let key = domain::keys::KeyPair::generate().unwrap().public();
            assert!(public_key(&key).is_ok());
        }
    }

    /// Each listed point really is of small order: X25519 with any scalar gives all zeros, which
    /// is why hpke refuses to seal to it.
    #[test]
    fn the_listed_points_give_an_all_zero_secret() {
        let sender = domain::identity::IdentitySeed::generate().unwrap();
        let signing = sender.identity().unwrap().signing;
        for point in SMALL_ORDER {
            let sealed = domain::envelope::seal(
                &ObjectBinding::new(domain::envelope::ObjectKind::Pins, "x", 1),
                &domain::envelope::Sender {
                    id: "x",
                    key: &signing,
                },
                &[PublicKey::from_bytes(point)],
                b"x",
            );
            assert!(sealed.is_err(), "{point:?}");
        }
    }
}
