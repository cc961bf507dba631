//! Ed25519 device signatures (RFC 8032), for statements a volunteer's phone makes on their
//! behalf, such as accepting the pledge: the relay stores the signature and the public key, and
//! anyone can later check that this device, not the relay, made the statement.
//!
//! X25519 keys only agree on secrets and cannot sign, so each device has a separate signing key.

use zeroize::Zeroizing;

use crate::encoding;
use crate::error::{Error, Result};

pub const PUBLIC_KEY_LEN: usize = 32;
pub const SIGNATURE_LEN: usize = 64;

/// A device's private signing key; zeroized on drop, never printed.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey([redacted])")
    }
}

impl SigningKey {
    pub fn generate() -> Result<Self> {
        let seed = encoding::random_bytes::<32>()?;
        Ok(Self(ed25519_dalek::SigningKey::from_bytes(&seed)))
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let seed: &[u8; 32] = bytes.try_into().map_err(|_| Error::Malformed)?;
        Ok(Self(ed25519_dalek::SigningKey::from_bytes(seed)))
    }

    /// The 32-byte seed, for storing encrypted on the phone.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    pub fn verifying_key_bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.verifying_key().to_bytes()
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(self.verifying_key_bytes())
    }

    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        use ed25519_dalek::Signer;
        self.0.sign(message).to_bytes()
    }
}

/// An Ed25519 public key that was checked to be a valid, not weak, curve point: the key a
/// recipient trusts a sender by.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VerifyingKey([u8; PUBLIC_KEY_LEN]);

impl VerifyingKey {
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        check_public_key(bytes)?;
        let bytes: [u8; PUBLIC_KEY_LEN] = bytes.try_into().map_err(|_| Error::Malformed)?;
        Ok(Self(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.0
    }

    /// Strict verification of `signature` over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        verify(&self.0, message, signature)
    }
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VerifyingKey({})", encoding::to_base64url(&self.0))
    }
}

impl serde::Serialize for VerifyingKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(&encoding::to_base64url(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for VerifyingKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        encoding::from_base64url::<PUBLIC_KEY_LEN>(&text)
            .and_then(|b| Self::from_slice(&b))
            .map_err(|_| serde::de::Error::custom("invalid signing key"))
    }
}

/// Checks that `public_key` is a usable Ed25519 key (a valid, not weak, curve point).
pub fn check_public_key(public_key: &[u8]) -> Result<()> {
    let bytes: &[u8; PUBLIC_KEY_LEN] = public_key.try_into().map_err(|_| Error::Malformed)?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidKey)?;
    if key.is_weak() {
        return Err(Error::InvalidKey);
    }
    Ok(())
}

/// Strict verification (no malleable signatures, no weak keys).
pub fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<()> {
    check_public_key(public_key)?;
    let bytes: &[u8; PUBLIC_KEY_LEN] = public_key.try_into().map_err(|_| Error::Malformed)?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidKey)?;
    let signature: &[u8; SIGNATURE_LEN] = signature.try_into().map_err(|_| Error::Malformed)?;
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature))
        .map_err(|_| Error::BadSignature)
}

/// The exact bytes a device signs to accept a pledge version:
/// `"yorisoi/v1/pledge\0" ‖ device_id ‖ "\0" ‖ version (decimal) ‖ "\0" ‖ hash ‖ "\0" ‖ typed_name`.
/// The relay rejects NUL in every field, so the separators are unambiguous.
pub fn pledge_message(device_id: &str, version: i64, hash: &str, typed_name: &str) -> Vec<u8> {
    let mut message = Vec::with_capacity(64 + device_id.len() + hash.len() + typed_name.len());
    message.extend_from_slice(b"yorisoi/v1/pledge\0");
    for (i, part) in [device_id, &version.to_string(), hash, typed_name]
        .iter()
        .enumerate()
    {
        if i > 0 {
            message.push(0);
        }
        message.extend_from_slice(part.as_bytes());
    }
    message
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn signs_and_verifies_and_refuses_changes() {
        let key = SigningKey::generate().unwrap();
        let public = key.verifying_key_bytes();
        let message = pledge_message("dev-1", 2, "ab12", "山田 花子（架空）");
        let signature = key.sign(&message);
        verify(&public, &message, &signature).unwrap();

        let other = pledge_message("dev-1", 3, "ab12", "山田 花子（架空）");
        assert_eq!(
            verify(&public, &other, &signature),
            Err(Error::BadSignature)
        );
        let mut bad = signature;
        bad[0] ^= 1;
        assert!(verify(&public, &message, &bad).is_err());
        let stranger = SigningKey::generate().unwrap().verifying_key_bytes();
        assert!(verify(&stranger, &message, &signature).is_err());
        assert_eq!(
            verify(&public[..31], &message, &signature),
            Err(Error::Malformed)
        );
    }

    #[test]
    fn round_trips_through_stored_bytes() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_slice(key.to_bytes().as_slice()).unwrap();
        assert_eq!(key.verifying_key_bytes(), again.verifying_key_bytes());
        assert_eq!(format!("{key:?}"), "SigningKey([redacted])");
    }

    #[test]
    fn pledge_message_layout_is_fixed() {
        assert_eq!(
            pledge_message("d", 1, "h", "n"),
            b"yorisoi/v1/pledge\0d\x001\0h\0n".to_vec()
        );
    }

    #[test]
    fn weak_and_malformed_keys_are_refused() {
        assert!(check_public_key(&[0u8; 32]).is_err());
        assert!(check_public_key(&[1u8; 5]).is_err());
    }
}
