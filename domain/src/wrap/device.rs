//! The volunteer's data key (DEK), wrapped so that neither the phone nor the relay alone can
//! unwrap it.
//!
//! ```text
//! pin_key   = PBKDF2-HMAC-SHA256(PIN, salt, iterations, 32)
//! KEK       = HKDF-SHA256(ikm = pin_key ‖ S, info = "yorisoi/v1/device-kek")
//! pin_proof = HKDF-SHA256(ikm = pin_key,     info = "yorisoi/v1/device-pin-proof")
//! blob      = 0x01 ‖ 0x01 ‖ iterations (u32 BE) ‖ salt (16) ‖ nonce (12) ‖ AES-256-GCM(KEK, DEK)
//! ```
//!
//! The phone keeps the blob; the relay keeps S and a verifier of `pin_proof`
//! ([`super::verifier`]) and releases S only for a matching proof, counting failures. The proof
//! does not involve S and the KEK cannot be computed from the proof, so the relay can check the
//! PIN without being able to unwrap. The salt never leaves the phone, so a copy of the relay's
//! database alone cannot even start guessing PINs.
//!
//! Unlocking runs PBKDF2 once: [`stretch_pin`] gives a [`StretchedPin`] that yields both the
//! proof to send and, once S comes back, the DEK.

use zeroize::Zeroizing;

use super::{
    Blob, NONCE_LEN, SALT_LEN, TAG_LEN, WRAP_VERSION, hkdf32, open_key, seal_key, secret32,
};
use crate::encoding::{self, Writer};
use crate::error::{Error, Result};
use crate::keys::DataKey;

/// OWASP Password Storage Cheat Sheet (2023+) figure for PBKDF2-HMAC-SHA256. A 6-digit PIN has
/// only 20 bits, so this cost matters only once both the phone and the relay's share are taken;
/// the relay's 10-attempt limit is the real defence.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Blobs asking for less are refused, so a tampered blob cannot lower the cost.
pub const MIN_PBKDF2_ITERATIONS: u32 = 600_000;
/// Blobs asking for more are refused as malformed: they would hang the phone.
pub const MAX_PBKDF2_ITERATIONS: u32 = 20_000_000;

const KIND_DEVICE_PBKDF2: u8 = 1;
const HEADER_LEN: usize = 2 + 4 + SALT_LEN + NONCE_LEN;
/// Total length of a wrapped DEK blob.
pub const WRAPPED_DEK_LEN: usize = HEADER_LEN + 32 + TAG_LEN;
const LABEL: &[u8] = b"yorisoi/v1/device-wrap";
const INFO_KEK: &[u8] = b"yorisoi/v1/device-kek";
const INFO_PIN_PROOF: &[u8] = b"yorisoi/v1/device-pin-proof";

secret32!(
    /// S: the 256-bit share the relay holds per device and destroys on revocation or after too
    /// many wrong PINs.
    ServerShare
);

impl ServerShare {
    pub fn generate() -> Result<Self> {
        Ok(Self(encoding::random_bytes()?))
    }
}

secret32!(
    /// Sent to the relay to prove the PIN; the relay stores only a verifier of it.
    PinProof
);

/// What enrolment (or a PIN change) produces: the blob for the phone and the proof whose
/// verifier the relay stores.
#[derive(Debug)]
pub struct Enrolment {
    pub wrapped_dek: Vec<u8>,
    pub pin_proof: PinProof,
}

/// The parameters recorded in a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceParams {
    pub iterations: u32,
    pub salt: [u8; SALT_LEN],
}

/// Wraps `dek` under a PIN and the relay's share with the current parameters.
pub fn wrap_dek(pin: &str, share: &ServerShare, dek: &DataKey) -> Result<Enrolment> {
    let salt = encoding::random_bytes::<SALT_LEN>()?;
    let nonce = encoding::random_bytes::<NONCE_LEN>()?;
    wrap_dek_for_test_vectors(pin, share, dek, PBKDF2_ITERATIONS, &salt, &nonce)
}

/// [`wrap_dek`] with chosen parameters, salt and nonce. Accepts iteration counts below the floor
/// so that test vectors stay fast in a debug browser build; blobs made that way only open
/// through [`stretch_pin_ignoring_floor_for_test_vectors`].
pub fn wrap_dek_for_test_vectors(
    pin: &str,
    share: &ServerShare,
    dek: &DataKey,
    iterations: u32,
    salt: &[u8; SALT_LEN],
    nonce: &[u8; NONCE_LEN],
) -> Result<Enrolment> {
    if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS {
        return Err(Error::InvalidInput);
    }
    let stretched = StretchedPin::new(pin, iterations, salt);
    Ok(Enrolment {
        wrapped_dek: stretched.wrap_dek_with_nonce(share, dek, nonce)?,
        pin_proof: stretched.pin_proof()?,
    })
}

/// Stretches a newly chosen PIN with a fresh salt and the current parameters. Enrolment needs
/// the PIN proof *before* the relay hands out S (the relay stores the proof's verifier when it
/// creates S), so the proof comes from here and the DEK is wrapped once S arrives
/// ([`StretchedPin::wrap_dek`]), with one PBKDF2 run in all.
pub fn new_pin(pin: &str) -> Result<StretchedPin> {
    let salt = encoding::random_bytes::<SALT_LEN>()?;
    Ok(StretchedPin::new(pin, PBKDF2_ITERATIONS, &salt))
}

/// Reads the parameters without checking the floor.
pub fn params(wrapped_dek: &[u8]) -> Result<DeviceParams> {
    Ok(parse_blob(wrapped_dek)?.params)
}

/// Runs PBKDF2 with the blob's parameters, refusing parameters below the floor.
pub fn stretch_pin(pin: &str, wrapped_dek: &[u8]) -> Result<StretchedPin> {
    let blob = parse_blob(wrapped_dek)?;
    if blob.params.iterations < MIN_PBKDF2_ITERATIONS {
        return Err(Error::WeakParams);
    }
    Ok(StretchedPin::new(
        pin,
        blob.params.iterations,
        &blob.params.salt,
    ))
}

/// [`stretch_pin`] without the floor; only for test vectors made with
/// [`wrap_dek_for_test_vectors`].
pub fn stretch_pin_ignoring_floor_for_test_vectors(
    pin: &str,
    wrapped_dek: &[u8],
) -> Result<StretchedPin> {
    let blob = parse_blob(wrapped_dek)?;
    Ok(StretchedPin::new(
        pin,
        blob.params.iterations,
        &blob.params.salt,
    ))
}

/// Convenience for callers that already hold S: stretch and unwrap in one go.
pub fn unwrap_dek(pin: &str, share: &ServerShare, wrapped_dek: &[u8]) -> Result<DataKey> {
    stretch_pin(pin, wrapped_dek)?.unwrap_dek(share, wrapped_dek)
}

/// The PBKDF2 output for one blob's parameters; zeroized on drop.
pub struct StretchedPin {
    pin_key: Zeroizing<[u8; 32]>,
    params: DeviceParams,
}

impl StretchedPin {
    fn new(pin: &str, iterations: u32, salt: &[u8; SALT_LEN]) -> Self {
        let mut pin_key = Zeroizing::new([0u8; 32]);
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
            pin.as_bytes(),
            salt,
            iterations,
            pin_key.as_mut_slice(),
        );
        Self {
            pin_key,
            params: DeviceParams {
                iterations,
                salt: *salt,
            },
        }
    }

    pub fn pin_proof(&self) -> Result<PinProof> {
        Ok(PinProof(hkdf32(self.pin_key.as_slice(), INFO_PIN_PROOF)?))
    }

    fn kek(&self, share: &ServerShare) -> Result<Zeroizing<[u8; 32]>> {
        let mut ikm = Zeroizing::new([0u8; 64]);
        ikm[..32].copy_from_slice(self.pin_key.as_slice());
        ikm[32..].copy_from_slice(share.as_bytes());
        hkdf32(ikm.as_slice(), INFO_KEK)
    }

    /// Wraps `dek` under this PIN and S, producing the blob the phone keeps.
    pub fn wrap_dek(&self, share: &ServerShare, dek: &DataKey) -> Result<Vec<u8>> {
        let nonce = encoding::random_bytes::<NONCE_LEN>()?;
        self.wrap_dek_with_nonce(share, dek, &nonce)
    }

    fn wrap_dek_with_nonce(
        &self,
        share: &ServerShare,
        dek: &DataKey,
        nonce: &[u8; NONCE_LEN],
    ) -> Result<Vec<u8>> {
        let mut header = Writer::with_capacity(HEADER_LEN);
        header
            .u8(WRAP_VERSION)
            .u8(KIND_DEVICE_PBKDF2)
            .u32(self.params.iterations)
            .fixed(&self.params.salt)
            .fixed(nonce);
        let kek = self.kek(share)?;
        let sealed = seal_key(&kek, LABEL, header.as_slice(), nonce, dek.as_bytes())?;
        let mut out = header.into_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Unwraps the DEK once the relay has released S. A wrong PIN or a wrong share both end in
    /// [`Error::Decrypt`].
    pub fn unwrap_dek(&self, share: &ServerShare, wrapped_dek: &[u8]) -> Result<DataKey> {
        let blob = parse_blob(wrapped_dek)?;
        if blob.params != self.params {
            return Err(Error::Decrypt);
        }
        let kek = self.kek(share)?;
        let dek = open_key(&kek, LABEL, blob.header, &blob.nonce, blob.sealed)?;
        Ok(DataKey::from_bytes(&dek))
    }
}

impl core::fmt::Debug for StretchedPin {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("StretchedPin([redacted])")
    }
}

/// Reads a device blob; the iteration count's floor is checked by the callers that derive.
fn parse_blob(bytes: &[u8]) -> Result<Blob<'_, DeviceParams>> {
    Blob::parse(bytes, KIND_DEVICE_PBKDF2, |r| {
        let iterations = r.u32()?;
        if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS {
            return Err(Error::Malformed);
        }
        Ok(DeviceParams {
            iterations,
            salt: r.array()?,
        })
    })
}
