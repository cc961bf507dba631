//! TOTP (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 6 digits, 30-second steps, ±1 step of clock
//! skew. Those are the parameters every authenticator app supports without configuration.
//!
//! Each code is accepted at most once: the caller stores the step of the last accepted code and
//! [`verify`] refuses that step and every earlier one, so a code read over a shoulder or replayed
//! from a proxy log is useless.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::tokens;

pub const SECRET_LEN: usize = 20;
pub const DIGITS: u32 = 6;
pub const PERIOD_SECS: i64 = 30;
/// Steps of clock skew tolerated on each side.
pub const SKEW_STEPS: i64 = 1;
pub const ISSUER: &str = "Yorisoi";

pub fn generate_secret() -> crate::error::Result<[u8; SECRET_LEN]> {
    tokens::random_bytes()
}

/// RFC 4226 HOTP with dynamic truncation, `digits` decimal digits.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC accepts keys of any length, so this cannot fail; the fallback is unreachable.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(secret) else {
        return 0;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The time step containing `unix_ms`.
pub fn step_at(unix_ms: i64) -> i64 {
    unix_ms.div_euclid(1000).div_euclid(PERIOD_SECS)
}

/// The 6-digit code for one step, zero-padded: what the authenticator app shows.
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    let counter = u64::try_from(step).unwrap_or(0);
    format!(
        "{:0width$}",
        hotp(secret, counter, DIGITS),
        width = DIGITS as usize
    )
}

pub fn code_at(secret: &[u8], unix_ms: i64) -> String {
    code_at_step(secret, step_at(unix_ms))
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
pub fn verify(secret: &[u8], code: &str, now_ms: i64, last_step: Option<i64>) -> Verified {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Verified::Invalid;
    }
    let now = step_at(now_ms);
    let mut result = Verified::Invalid;
    // Every candidate is computed and compared in constant time, so timing does not tell which
    // step matched.
    for step in (now - SKEW_STEPS)..=(now + SKEW_STEPS) {
        let matches = tokens::ct_eq(code_at_step(secret, step).as_bytes(), code.as_bytes());
        if matches && result == Verified::Invalid {
            result = if last_step.is_some_and(|last| step <= last) {
                Verified::Reused
            } else {
                Verified::Accepted { step }
            };
        }
    }
    result
}

/// RFC 4648 base32, upper case, no padding: the form authenticator apps take a secret in.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Parses RFC 4648 base32 (case-insensitive, padding and spaces ignored), for demo secrets and
/// tests that start from the text form.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in text.bytes() {
        let v = match c.to_ascii_uppercase() {
            b'A'..=b'Z' => c.to_ascii_uppercase() - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            b'=' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    Some(out)
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
        let vectors: [(i64, u32); 6] = [
            (59, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ];
        for (t, expected) in vectors {
            let step = step_at(t * 1000);
            let counter = u64::try_from(step).unwrap_or(0);
            assert_eq!(hotp(RFC_SECRET, counter, 8), expected, "T={t}");
            assert_eq!(
                code_at(RFC_SECRET, t * 1000),
                format!("{:06}", expected % 1_000_000)
            );
        }
        assert_eq!(code_at(RFC_SECRET, 59_000), "287082");
    }

    /// RFC 4226 Appendix D.
    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [
            755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871,
            520_489,
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, counter as u64, 6), *code);
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
        let next = code_at_step(RFC_SECRET, step + 1);
        assert_eq!(
            verify(RFC_SECRET, &next, now, Some(step)),
            Verified::Accepted { step: step + 1 }
        );
        let far = code_at_step(RFC_SECRET, step + 2);
        assert_eq!(verify(RFC_SECRET, &far, now, None), Verified::Invalid);
        assert_eq!(verify(RFC_SECRET, "12345", now, None), Verified::Invalid);
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
    fn otpauth_uri_shape() {
        let uri = otpauth_uri("sato@centre", RFC_SECRET);
        assert_eq!(
            uri,
            "otpauth://totp/Yorisoi:sato%40centre?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Yorisoi&algorithm=SHA1&digits=6&period=30"
        );
    }
}
