//! What the relay stores to check a PIN proof or a login secret without being able to replay it.
//!
//! `verifier = 0x01 ‖ salt (16) ‖ SHA-256(len ‖ "yorisoi/v1/secret-verifier" ‖ salt ‖ secret)`
//!
//! A single fast hash is enough because the secrets are 256-bit KDF outputs: the slow part
//! (PBKDF2 / Argon2id) already happened in the browser, and a PIN proof cannot even be guessed
//! without the salt that stays on the phone. The per-record salt keeps equal secrets from having
//! equal verifiers. A server-side pepper (HMAC under a key outside the database) was considered
//! and left out: it would need key management in every deployment for little gain over the
//! above; the version byte leaves room to add it.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::encoding::{self, Reader, Writer};
use crate::error::{Error, Result};

const VERIFIER_VERSION: u8 = 1;
const SALT_LEN: usize = 16;
/// Length of a stored verifier.
pub const VERIFIER_LEN: usize = 1 + SALT_LEN + 32;

/// Makes a verifier with a fresh salt.
pub fn hash_secret(secret: &[u8; 32]) -> Result<Vec<u8>> {
    let salt = encoding::random_bytes::<SALT_LEN>()?;
    Ok(hash_secret_with_salt(secret, &salt))
}

/// [`hash_secret`] with a chosen salt, for test vectors.
pub fn hash_secret_with_salt(secret: &[u8; 32], salt: &[u8; SALT_LEN]) -> Vec<u8> {
    let mut w = Writer::with_capacity(VERIFIER_LEN);
    w.u8(VERIFIER_VERSION)
        .fixed(salt)
        .fixed(&digest(salt, secret));
    w.into_vec()
}

/// Checks a presented secret in constant time. `Err` only for a stored value that is not a
/// verifier (a corrupt row), so the caller can tell that apart from a wrong PIN or password.
pub fn verify_secret(stored: &[u8], presented: &[u8; 32]) -> Result<bool> {
    let mut r = Reader::new(stored);
    let version = r.u8()?;
    if version != VERIFIER_VERSION {
        return Err(Error::UnsupportedVersion(version));
    }
    let salt: [u8; SALT_LEN] = r.array()?;
    let expected: [u8; 32] = r.array()?;
    r.finish()?;
    Ok(digest(&salt, presented).ct_eq(&expected).into())
}

fn digest(salt: &[u8; SALT_LEN], secret: &[u8; 32]) -> [u8; 32] {
    let mut w = Writer::with_capacity(96);
    w.lp32(b"yorisoi/v1/secret-verifier")
        .fixed(salt)
        .fixed(secret);
    let out = Sha256::digest(w.as_slice()).into();
    zeroize::Zeroize::zeroize(&mut w.into_vec());
    out
}
