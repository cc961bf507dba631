//! Input rules shared by the handlers. Every failure is a plain `invalid_body` 400: the message
//! never says which value was wrong, because values may be personal data.

use domain::keys::PublicKey;
use domain::wire::B64;

use crate::error::{Result, ServerError};

/// Login names: 3–64 of `[a-z0-9._@-]`. Lower case only, so two names that look the same are
/// the same name.
pub fn login_name(name: &str) -> Result<()> {
    let ok = (3..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b));
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

/// Human text on one line: `min..=max` characters, not blank, no control characters.
pub fn line(text: &str, min: usize, max: usize) -> Result<()> {
    let count = text.chars().count();
    let ok = (min..=max).contains(&count)
        && (min == 0 || !text.trim().is_empty())
        && !text.chars().any(char::is_control);
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

/// Multi-line text (pledges, notes): newlines and tabs allowed, other control characters not.
pub fn text(text: &str, min: usize, max: usize) -> Result<()> {
    let count = text.chars().count();
    let ok = (min..=max).contains(&count)
        && (min == 0 || !text.trim().is_empty())
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

/// Ids arrive as strings; real ones are 36-character UUIDs. Bounding them keeps junk out of
/// queries and logs.
pub fn id(id: &str) -> Result<()> {
    let ok =
        (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

/// A 32-byte value from the browser (login secret, PIN proof, signing key).
pub fn bytes32(value: &B64) -> Result<[u8; 32]> {
    value
        .0
        .as_slice()
        .try_into()
        .map_err(|_| ServerError::InvalidBody)
}

/// An X25519 public key that can be used: not all zeros (the low-order point every sealing to
/// would fail on).
pub fn public_key(key: &PublicKey) -> Result<()> {
    (key.as_bytes() != &[0u8; 32])
        .then_some(())
        .ok_or(ServerError::InvalidBody)
}

/// Phone numbers as printed: digits, `+`, `-`, spaces and parentheses.
pub fn phone(text: &str) -> Result<()> {
    let ok = (1..=30).contains(&text.len())
        && text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+- ()".contains(&b));
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

/// The largest sealed org key we accept: one recipient's envelope of a 32-byte key is a few
/// hundred bytes.
pub const MAX_SEALED_ORG_KEY: usize = 4096;

/// A sealed org key must be an envelope under [`domain::wire::org_key_binding`] for `org_key`,
/// from `sender`, to exactly `holder`. The relay cannot open it, but it can refuse one that its
/// holder could never open (sealed to someone else, or claiming to be another key).
pub fn sealed_org_key(
    sealed: &[u8],
    org_key: &PublicKey,
    sender: &str,
    holder: &PublicKey,
) -> Result<()> {
    if sealed.len() > MAX_SEALED_ORG_KEY {
        return Err(ServerError::InvalidBody);
    }
    let header = domain::envelope::inspect(sealed).map_err(|_| ServerError::InvalidBody)?;
    let ok = header.binding == domain::wire::org_key_binding(org_key)
        && header.sender == sender
        && header.recipients == [holder.key_id()];
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names() {
        for ok in ["abc", "sato.h@centre-1", "a_b"] {
            assert!(login_name(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "Sato", "sa to", "さとう", &"a".repeat(65)] {
            assert!(login_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lines_and_texts() {
        assert!(line("佐藤 花子", 1, 100).is_ok());
        assert!(line(" ", 1, 100).is_err());
        assert!(line("a\u{0}b", 1, 100).is_err());
        assert!(line(&"あ".repeat(101), 1, 100).is_err());
        assert!(text("一\n二", 1, 10).is_ok());
        assert!(text("\u{7}", 1, 10).is_err());
    }
}
