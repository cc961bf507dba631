//! Key wrapping: the volunteer's data key under PIN + server share, the staff member's private key
//! under a password, and the relay-side verifiers for the proofs those derivations produce.
//!
//! Both blob formats record their KDF parameters, so the constants can be raised later without
//! breaking existing blobs; unwrapping reads them from the blob and refuses anything below the
//! floor this build accepts, so a tampered blob cannot downgrade the work factor.

pub mod device;
pub mod staff;
pub mod verifier;

use aes_gcm::{Aes256Gcm, KeyInit, aead::Aead, aead::Payload};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::encoding::{Reader, Writer};
use crate::error::{Error, Result};

pub(crate) const SALT_LEN: usize = 16;
pub(crate) const NONCE_LEN: usize = 12;
pub(crate) const TAG_LEN: usize = 16;
pub(crate) const WRAP_VERSION: u8 = 1;

/// A 32-byte secret that travels between app and relay (base64url in JSON) and must not linger
/// in memory or logs.
macro_rules! secret32 {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(zeroize::Zeroizing<[u8; 32]>);

        impl $name {
            pub fn from_bytes(bytes: &[u8; 32]) -> Self {
                Self(zeroize::Zeroizing::new(*bytes))
            }

            pub fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }

            pub fn to_base64url(&self) -> String {
                crate::encoding::to_base64url(self.0.as_slice())
            }

            pub fn from_base64url(s: &str) -> crate::error::Result<Self> {
                let bytes = zeroize::Zeroizing::new(crate::encoding::from_base64url::<32>(s)?);
                Ok(Self::from_bytes(&bytes))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                subtle::ConstantTimeEq::ct_eq(self.0.as_slice(), other.0.as_slice()).into()
            }
        }

        impl Eq for $name {}

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_base64url())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
                let s = zeroize::Zeroizing::new(String::deserialize(d)?);
                Self::from_base64url(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use secret32;

/// A parsed wrapped-key blob: `version ‖ kind ‖ params (with salt) ‖ nonce ‖ sealed key`. Both
/// formats share this framing; only the parameters differ, read by the caller's `read_params`.
pub(crate) struct Blob<'a, P> {
    pub(crate) params: P,
    /// Every byte before the sealed key: bound as associated data.
    pub(crate) header: &'a [u8],
    pub(crate) nonce: [u8; NONCE_LEN],
    pub(crate) sealed: &'a [u8],
}

impl<'a, P> Blob<'a, P> {
    pub(crate) fn parse(
        bytes: &'a [u8],
        kind: u8,
        read_params: impl FnOnce(&mut Reader<'a>) -> Result<P>,
    ) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version != WRAP_VERSION {
            return Err(Error::UnsupportedVersion(version));
        }
        if r.u8()? != kind {
            return Err(Error::UnsupportedAlgorithm);
        }
        let params = read_params(&mut r)?;
        let nonce = r.array()?;
        let header = bytes.get(..r.position()).ok_or(Error::Malformed)?;
        let sealed = r.take(32 + TAG_LEN)?;
        r.finish()?;
        Ok(Self {
            params,
            header,
            nonce,
            sealed,
        })
    }
}

/// HKDF-SHA256 with an empty salt: every input here is already a uniformly random or stretched
/// key, so extract needs no salt; the distinct `info` strings keep the outputs independent.
pub(crate) fn hkdf32(ikm: &[u8], info: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, ikm)
        .expand(info, out.as_mut_slice())
        .map_err(|_| Error::InvalidInput)?;
    Ok(out)
}

/// The wrapped key is bound to every header byte (label, version, kind, parameters, salt, nonce),
/// so editing the recorded parameters breaks the tag instead of quietly changing the derivation.
fn header_ad(label: &[u8], header: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_capacity(8 + label.len() + header.len());
    w.lp32(label).lp32(header);
    w.into_vec()
}

pub(crate) fn seal_key(
    kek: &[u8; 32],
    label: &[u8],
    header: &[u8],
    nonce: &[u8; NONCE_LEN],
    key: &[u8; 32],
) -> Result<Vec<u8>> {
    Aes256Gcm::new_from_slice(kek)
        .map_err(|_| Error::InvalidInput)?
        .encrypt(
            nonce.into(),
            Payload {
                msg: key,
                aad: &header_ad(label, header),
            },
        )
        .map_err(|_| Error::InvalidInput)
}

pub(crate) fn open_key(
    kek: &[u8; 32],
    label: &[u8],
    header: &[u8],
    nonce: &[u8; NONCE_LEN],
    sealed: &[u8],
) -> Result<Zeroizing<[u8; 32]>> {
    let plain = Zeroizing::new(
        Aes256Gcm::new_from_slice(kek)
            .map_err(|_| Error::InvalidInput)?
            .decrypt(
                nonce.into(),
                Payload {
                    msg: sealed,
                    aad: &header_ad(label, header),
                },
            )
            .map_err(|_| Error::Decrypt)?,
    );
    let mut out = Zeroizing::new([0u8; 32]);
    if plain.len() != out.len() {
        return Err(Error::Decrypt);
    }
    out.copy_from_slice(&plain);
    Ok(out)
}
