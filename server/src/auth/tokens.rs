//! Random bearer tokens and codes, and the hashes under which they are stored.
//!
//! Tokens (session cookies, invite links, device credentials) are stored only as SHA-256: a copy
//! of the database must not let anyone sign in. A plain hash is enough because every such token
//! has 256 bits of entropy. The 8-character volunteer code has only 40 bits, which a plain hash
//! would give away to anyone with a copy of the database in minutes; it is stored as an HMAC
//! under a key from the key file instead ([`volunteer_code_hash`]), and online guessing is
//! bounded by its 72-hour, one-time life and the rate limits (see `routes::device`).

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::http::{Result, ServerError};
use crate::keyfile::{self, RelayKeys};

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

pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// Real tokens are 43 characters; the bound keeps absurd input away from the hash and the rate
/// limiter's keys.
const MAX_TOKEN_LEN: usize = 128;

/// The stored form of a token a client sent (an invite link's).
pub fn token_hash(token: &str) -> Result<[u8; 32]> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(ServerError::InvalidBody);
    }
    Ok(sha256(token.as_bytes()))
}

/// A fresh volunteer invitation code (`domain::rules::code`).
pub fn volunteer_code() -> Result<String> {
    Ok(domain::rules::code::from_random(random_bytes()?))
}

/// The stored form of a volunteer code: HMAC-SHA256 under the key file's code key. Without the
/// key file, a copy of the database cannot test a single guess, let alone all 2^40.
pub fn volunteer_code_hash(keys: &RelayKeys, code: &str) -> [u8; 32] {
    keyfile::hmac(
        keys.invite_codes(),
        "yorisoi/v1/volunteer-code",
        &[code.as_bytes()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_normalise() -> Result<(), Box<dyn std::error::Error>>
    {
        for _ in 0..50 {
            let code = volunteer_code()?;
            assert_eq!(code.len(), domain::rules::code::LEN);
            assert!(!code.contains(['I', 'L', 'O', 'U']));
            assert_eq!(
                domain::rules::code::normalise(&code).as_deref(),
                Some(code.as_str())
            );
        }
        assert_eq!(
            domain::rules::code::normalise("ab1o-il 9z").as_deref(),
            Some("AB10119Z")
        );
        assert_eq!(domain::rules::code::normalise("ABCDEFGU"), None);
        assert_eq!(domain::rules::code::normalise("ABC"), None);
        assert_eq!(domain::rules::code::normalise("ＡＢＣＤＥＦＧＨ"), None);
        Ok(())
    }

    #[test]
    fn ids_are_v4_uuids() -> Result<(), Box<dyn std::error::Error>> {
        let id = domain::ids::DeviceId::random()?;
        assert_eq!(id.as_str().len(), 36);
        assert_eq!(id.as_str().as_bytes()[14], b'4');
        Ok(())
    }

    #[test]
    fn token_hashes_refuse_absurd_tokens() -> Result<(), Box<dyn std::error::Error>> {
        assert!(token_hash("").is_err());
        assert!(token_hash(&"x".repeat(129)).is_err());
        assert_eq!(token_hash("abc")?, sha256(b"abc"));
        let keys = RelayKeys::from_secret(&[1; 32]);
        assert_ne!(volunteer_code_hash(&keys, "ABC"), sha256(b"ABC"));
        Ok(())
    }
}
