//! TOTP (RFC 6238 over RFC 4226 HOTP), through `totp-rs`: HMAC-SHA-1, 6 digits, 30-second
//! steps, ±1 step of clock skew. Those are the parameters every authenticator app supports
//! without configuration.
//!
//! Each code is accepted at most once: the caller stores the step of the last accepted code and
//! [`verify`] refuses that step and every earlier one, so a code read over a shoulder or replayed
//! from a proxy log is useless. (`totp-rs` leaves that to its caller, by design.)
//!
//! Guessing is bounded durably: wrong codes are counted per account in the database, and from
//! the [`LOCK_AFTER_FAILURES`]th in a row the account takes no code at all for [`lockout_ms`], a
//! wait that doubles with each further wrong code up to an hour. Someone holding a stolen
//! password then gets about 30 guesses in the first day and 24 a day after that, against three
//! right codes in a million: a restart, a second relay instance or a new IP address changes
//! nothing. The answer stays the generic `invalid_credentials` while locked (a locked account
//! looks like a wrong code, so the lock tells a guesser nothing), and a right code resets the
//! count.
//!
//! Secrets are stored only sealed ([`seal_secret`]) under a key from the key file, bound to
//! their account: a copy of the database alone gives no one a second factor.

use totp_rs::{Algorithm, Builder, Secret, Totp};
use zeroize::Zeroizing;

use super::tokens;
use crate::http::{Result, ServerError};
use crate::keyfile::RelayKeys;
use crate::store::{self, Pool};

pub const SECRET_LEN: usize = 20;
pub const DIGITS: u8 = 6;
pub const PERIOD_SECS: u64 = 30;
/// Steps of clock skew tolerated on each side.
pub const SKEW_STEPS: u16 = 1;
pub const ISSUER: &str = "Yorisoi";

/// Wrong codes in a row after which an account takes no code for a while.
pub const LOCK_AFTER_FAILURES: i64 = 5;
/// The first lockout; each further wrong code doubles it.
const FIRST_LOCK_MS: i64 = 60 * 1000;
/// The longest lockout: the legitimate person waits at most an hour after a guesser's run.
const MAX_LOCK_MS: i64 = 60 * 60 * 1000;

/// How long an account refuses codes after `failures` wrong ones in a row, if at all.
pub fn lockout_ms(failures: i64) -> Option<i64> {
    let beyond = failures.checked_sub(LOCK_AFTER_FAILURES)?;
    if beyond < 0 {
        return None;
    }
    let doublings = u32::try_from(beyond.min(16)).unwrap_or(16);
    Some((FIRST_LOCK_MS << doublings).min(MAX_LOCK_MS))
}

pub fn generate_secret() -> Result<Zeroizing<[u8; SECRET_LEN]>> {
    Ok(Zeroizing::new(tokens::random_bytes()?))
}

/// The record "store" a sealed secret is bound to, with the user id as its key.
const SEALED_AS: &str = "users.totp_sealed";

/// Seals a secret for storage: AES-256-GCM under the key file's TOTP key, bound to `user_id`
/// (a sealed secret copied to another account's row does not open).
pub fn seal_secret(keys: &RelayKeys, user_id: &str, secret: &[u8]) -> Result<Vec<u8>> {
    Ok(domain::record::seal_record(
        keys.totp(),
        SEALED_AS,
        user_id,
        secret,
    )?)
}

/// Seals every secret that migration 0003 set aside in the clear (`totp_unsealed`) and deletes
/// the clear copy; with `secure_delete` its bytes are zeroed, and the WAL is checkpointed after.
/// Answers how many there were.
pub async fn seal_unsealed(pool: &Pool, keys: &RelayKeys) -> Result<usize> {
    let mut tx = store::begin_write(pool).await?;
    let waiting = store::users::unsealed_totp(&mut tx).await?;
    for (user, secret) in &waiting {
        let sealed = seal_secret(keys, user.as_str(), secret)?;
        store::users::replace_unsealed_totp(&mut tx, user, &sealed).await?;
    }
    tx.commit().await?;
    if !waiting.is_empty() {
        store::db::purge_wal_soon(pool).await;
    }
    Ok(waiting.len())
}

/// Opens a stored secret. A failure means the row was moved or altered, or the key file is not
/// this database's: the relay's problem, never the caller's.
pub fn open_secret(keys: &RelayKeys, user_id: &str, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    domain::record::open_record(keys.totp(), SEALED_AS, user_id, sealed)
        .map_err(|_| ServerError::Internal("a stored TOTP secret does not open"))
}

fn totp(secret: &[u8], digits: u8) -> Totp {
    // Our parameters are RFC-compliant and our secrets 160 bits, so `build` would accept them;
    // the unchecked form only spares a Result whose error could never happen.
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(SKEW_STEPS)
        .with_step_duration(PERIOD_SECS)
        .with_secret(secret)
        .build_noncompliant()
}

/// Whole seconds since the epoch; the relay's clock never reads before 1970.
fn unix_secs(unix_ms: i64) -> u64 {
    u64::try_from(unix_ms.div_euclid(1000)).unwrap_or(0)
}

/// The time step containing `unix_ms`.
pub fn step_at(unix_ms: i64) -> i64 {
    unix_ms.div_euclid(1000).div_euclid(PERIOD_SECS as i64)
}

/// The 6-digit code for one step, zero-padded: what the authenticator app shows.
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    let start = u64::try_from(step).unwrap_or(0) * PERIOD_SECS;
    totp(secret, DIGITS).generate(start).to_string()
}

pub fn code_at(secret: &[u8], unix_ms: i64) -> String {
    totp(secret, DIGITS)
        .generate(unix_secs(unix_ms))
        .to_string()
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    /// Valid, and newer than any code accepted before: store this step.
    Accepted {
        step: i64,
    },
    /// A valid code that was already used (or is older than one that was).
    Reused,
    Invalid,
}

/// Checks `code` against the steps around `now_ms`, refusing steps at or before `last_step`.
/// Spaces are ignored, as people type codes the way apps show them ("123 456").
pub fn verify(secret: &[u8], code: &str, now_ms: i64, last_step: Option<i64>) -> Verified {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    // Each candidate is compared in constant time; which step matched is no secret (it says
    // only how far the authenticator's clock is off), so stopping at the first is fine.
    let Some(step) = totp(secret, DIGITS).check(&code, unix_secs(now_ms)) else {
        return Verified::Invalid;
    };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    if last_step.is_some_and(|last| step <= last) {
        Verified::Reused
    } else {
        Verified::Accepted { step }
    }
}

/// RFC 4648 base32, upper case, no padding: the form authenticator apps take a secret in.
pub fn base32(secret: &[u8]) -> String {
    Secret::from(secret).to_base32()
}

/// Parses RFC 4648 base32 (case-insensitive, padding and spaces ignored): what a person or a
/// test reads off the enrolment screen, back into the secret.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '=' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Secret::try_from_base32(cleaned)
        .ok()
        .map(|s| s.as_ref().to_vec())
}

/// The `otpauth://` URI shown as a QR code. Login names are `[a-z0-9._@-]`, of which only `@`
/// needs escaping in a label.
pub fn otpauth_uri(login_name: &str, secret: &[u8]) -> String {
    let label = login_name.replace('@', "%40");
    format!(
        "otpauth://totp/{ISSUER}:{label}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits={DIGITS}&period={PERIOD_SECS}",
        base32(secret)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    /// RFC 6238 Appendix B, SHA-1 column (8 digits); the 6-digit code is its last six.
    #[test]
    fn rfc6238_sha1_vectors() {
        let vectors: [(u64, u32); 6] = [
            (59, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ];
        for (t, expected) in vectors {
            assert_eq!(
                totp(RFC_SECRET, 8).generate(t).to_string(),
                format!("{expected:08}"),
                "T={t}"
            );
            let ms = i64::try_from(t).unwrap_or(0) * 1000;
            assert_eq!(
                code_at(RFC_SECRET, ms),
                format!("{:06}", expected % 1_000_000)
            );
        }
        assert_eq!(code_at(RFC_SECRET, 59_000), "287082");
    }

    /// RFC 4226 Appendix D: HOTP counter c is the TOTP step c.
    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [
            755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871,
            520_489,
        ];
        for (counter, code) in expected.iter().enumerate() {
            let step = i64::try_from(counter).unwrap_or(0);
            assert_eq!(code_at_step(RFC_SECRET, step), format!("{code:06}"));
        }
    }

    #[test]
    fn a_code_is_accepted_once_and_skew_is_bounded() {
        let now = 1_700_000_000_000;
        let step = step_at(now);
        let code = code_at(RFC_SECRET, now);
        assert_eq!(
            verify(RFC_SECRET, &code, now, None),
            Verified::Accepted { step }
        );
        assert_eq!(verify(RFC_SECRET, &code, now, Some(step)), Verified::Reused);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(
            verify(RFC_SECRET, &spaced, now, None),
            Verified::Accepted { step }
        );
        let next = code_at_step(RFC_SECRET, step + 1);
        assert_eq!(
            verify(RFC_SECRET, &next, now, Some(step)),
            Verified::Accepted { step: step + 1 }
        );
        let previous = code_at_step(RFC_SECRET, step - 1);
        assert_eq!(
            verify(RFC_SECRET, &previous, now, None),
            Verified::Accepted { step: step - 1 }
        );
        let far = code_at_step(RFC_SECRET, step + 2);
        assert_eq!(verify(RFC_SECRET, &far, now, None), Verified::Invalid);
        assert_eq!(verify(RFC_SECRET, "12345", now, None), Verified::Invalid);
        assert_eq!(verify(RFC_SECRET, "+12345", now, None), Verified::Invalid);
        assert_eq!(
            verify(RFC_SECRET, "１２３４５６", now, None),
            Verified::Invalid
        );
    }

    #[test]
    fn base32_matches_rfc4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            from_base32("MZXW6YTBOI======").as_deref(),
            Some(&b"foobar"[..])
        );
        assert_eq!(from_base32("mzxw6ytboi").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(from_base32("M1"), None);
    }

    #[test]
    fn lockout_starts_at_the_fifth_wrong_code_and_doubles_up_to_an_hour() {
        assert_eq!(lockout_ms(0), None);
        assert_eq!(lockout_ms(4), None);
        assert_eq!(lockout_ms(5), Some(60_000));
        assert_eq!(lockout_ms(6), Some(120_000));
        assert_eq!(lockout_ms(7), Some(240_000));
        assert_eq!(lockout_ms(11), Some(3_600_000));
        assert_eq!(lockout_ms(1_000), Some(3_600_000));
        assert_eq!(lockout_ms(i64::MAX), Some(3_600_000));
    }

    #[test]
    fn sealed_secrets_open_only_for_their_account_and_key() -> Result<(), Box<dyn std::error::Error>>
    {
        let keys = RelayKeys::from_secret(&[3; 32]);
        let sealed = seal_secret(&keys, "user-a", RFC_SECRET)?;
        assert_eq!(sealed.len(), 49);
        assert!(!sealed.windows(RFC_SECRET.len()).any(|w| w == RFC_SECRET));
        assert_eq!(
            open_secret(&keys, "user-a", &sealed)?.as_slice(),
            RFC_SECRET
        );
        assert!(open_secret(&keys, "user-b", &sealed).is_err());
        let other = RelayKeys::from_secret(&[4; 32]);
        assert!(open_secret(&other, "user-a", &sealed).is_err());
        Ok(())
    }

    #[test]
    fn otpauth_uri_shape() {
        let uri = otpauth_uri("sato@centre", RFC_SECRET);
        assert_eq!(
            uri,
            "otpauth://totp/Yorisoi:sato%40centre?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Yorisoi&algorithm=SHA1&digits=6&period=30"
        );
    }
}
