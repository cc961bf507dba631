//! Local records: every IndexedDB value, sealed under the device's data key.
//!
//! Layout: `version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`, with associated data binding the
//! value to its store and key, so the page cannot be tricked into reading a value copied from
//! another key or store.
//!
//! Nonces are random 96-bit values. Under one data key that is safe for well over 2^32 writes
//! (NIST SP 800-38D), far beyond what a phone writes in a device's lifetime, and it needs no
//! counter that could roll back with IndexedDB.

use aes_gcm::{Aes256Gcm, KeyInit, aead::Aead, aead::Payload};
use zeroize::Zeroizing;

use crate::encoding::{self, Reader, Writer};
use crate::error::{Error, Result};
use crate::keys::DataKey;

pub const RECORD_VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// Matches the envelope's bound; a draft is a few KB.
pub const MAX_RECORD_LEN: usize = 16 * 1024 * 1024;

/// Seals one IndexedDB value with a fresh nonce.
pub fn seal_record(dek: &DataKey, store: &str, key: &str, plaintext: &[u8]) -> Result<Vec<u8>> {
    let nonce = encoding::random_bytes::<NONCE_LEN>()?;
    seal_record_deterministic(dek, store, key, &nonce, plaintext)
}

/// [`seal_record`] with a caller-chosen nonce; for test vectors only (a repeated nonce under one
/// key destroys AES-GCM's confidentiality and integrity).
pub fn seal_record_deterministic(
    dek: &DataKey,
    store: &str,
    key: &str,
    nonce: &[u8; NONCE_LEN],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    if plaintext.len() > MAX_RECORD_LEN {
        return Err(Error::InvalidInput);
    }
    let ct = cipher(dek)?
        .encrypt(
            nonce.into(),
            Payload {
                msg: plaintext,
                aad: &record_ad(store, key),
            },
        )
        .map_err(|_| Error::InvalidInput)?;
    let mut out = Writer::with_capacity(1 + NONCE_LEN + ct.len());
    out.u8(RECORD_VERSION).fixed(nonce).fixed(&ct);
    Ok(out.into_vec())
}

/// Opens a value read back from `store` under `key`.
pub fn open_record(
    dek: &DataKey,
    store: &str,
    key: &str,
    bytes: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let mut r = Reader::new(bytes);
    let version = r.u8()?;
    if version != RECORD_VERSION {
        return Err(Error::UnsupportedVersion(version));
    }
    let nonce: [u8; NONCE_LEN] = r.array()?;
    let ct = r.rest();
    if ct.len() < TAG_LEN {
        return Err(Error::Malformed);
    }
    if ct.len() > MAX_RECORD_LEN + TAG_LEN {
        return Err(Error::InvalidInput);
    }
    cipher(dek)?
        .decrypt(
            (&nonce).into(),
            Payload {
                msg: ct,
                aad: &record_ad(store, key),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::Decrypt)
}

fn record_ad(store: &str, key: &str) -> Vec<u8> {
    let mut w = Writer::with_capacity(32 + store.len() + key.len());
    w.lp32(b"yorisoi/v1/record")
        .u8(RECORD_VERSION)
        .lp32(store.as_bytes())
        .lp32(key.as_bytes());
    w.into_vec()
}

fn cipher(dek: &DataKey) -> Result<Aes256Gcm> {
    Aes256Gcm::new_from_slice(dek.as_bytes()).map_err(|_| Error::InvalidInput)
}
