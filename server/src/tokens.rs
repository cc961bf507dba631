//! Random identifiers and bearer tokens, and the hashes under which tokens are stored.
//!
//! Tokens (session cookies, invite links, volunteer codes) are stored only as SHA-256: a copy of
//! the database must not let anyone sign in. A plain hash is enough because every token has at
//! least 128 bits of entropy, except the 8-character volunteer code, whose 40 bits are guarded by
//! its 72-hour, one-time life and the rate limits (see `routes::device`).

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::{Result, ServerError};

pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| ServerError::Internal("randomness unavailable"))?;
    Ok(out)
}

/// A fresh 256-bit token as unpadded base64url (43 characters).
pub fn random_token() -> Result<String> {
    Ok(domain::encoding::to_base64url(&random_bytes::<32>()?))
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub fn hex_sha256(bytes: &[u8]) -> String {
    domain::encoding::to_hex(&sha256(bytes))
}

/// A v4 UUID from the OS CSPRNG: ids are not secrets, but unguessable ids cost nothing and make
/// enumeration pointless.
pub fn new_id() -> Result<String> {
    let bytes = random_bytes::<16>()?;
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string())
}

pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// Crockford's base32 without I, L, O, U: volunteer codes are read off a screen and typed on a
/// phone by people in their sixties too.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const VOLUNTEER_CODE_LEN: usize = 8;

pub fn volunteer_code() -> Result<String> {
    let bytes = random_bytes::<VOLUNTEER_CODE_LEN>()?;
    Ok(bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect())
}

/// Accepts what people actually type: lower case, spaces and hyphens, and the letters Crockford
/// maps to digits (I and L to 1, O to 0). `None` if it cannot be a code.
pub fn normalise_volunteer_code(typed: &str) -> Option<String> {
    if typed.len() > 64 {
        return None;
    }
    let mut out = String::with_capacity(VOLUNTEER_CODE_LEN);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c if c.is_ascii() && CODE_ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        out.push(c);
    }
    (out.len() == VOLUNTEER_CODE_LEN).then_some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_normalise() {
        for _ in 0..50 {
            let code = volunteer_code().unwrap();
            assert_eq!(code.len(), 8);
            assert!(!code.contains(['I', 'L', 'O', 'U']));
            assert_eq!(
                normalise_volunteer_code(&code).as_deref(),
                Some(code.as_str())
            );
        }
        assert_eq!(
            normalise_volunteer_code("ab1o-il 9z").as_deref(),
            Some("AB10119Z")
        );
        assert_eq!(normalise_volunteer_code("ABCDEFGU"), None);
        assert_eq!(normalise_volunteer_code("ABC"), None);
        assert_eq!(normalise_volunteer_code("ＡＢＣＤＥＦＧＨ"), None);
    }

    #[test]
    fn ids_are_v4_uuids() {
        let id = new_id().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
    }
}
