//! Volunteer invitation codes: 8 characters of Crockford's base32, read off a coordinator's
//! screen and typed on a phone by people in their sixties too.

/// Crockford's base32 without I, L, O, U.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const LEN: usize = 8;

/// Accepts what people actually type: lower case, spaces and hyphens, and the letters Crockford
/// maps to digits (I and L to 1, O to 0). `None` if it cannot be a code.
pub fn normalise(typed: &str) -> Option<String> {
    if typed.len() > 64 {
        return None;
    }
    let mut out = String::with_capacity(LEN);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        out.push(c);
    }
    (out.len() == LEN).then_some(out)
}

/// A code from 8 random bytes (the caller supplies them: the relay's CSPRNG).
pub fn from_random(bytes: [u8; LEN]) -> String {
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_normalise() {
        let code = from_random([0, 8, 18, 21, 24, 27, 31, 255]);
        assert_eq!(code.len(), LEN);
        assert!(!code.contains(['I', 'L', 'O', 'U']));
        assert_eq!(normalise(&code).as_deref(), Some(code.as_str()));
        assert_eq!(normalise("ab1o-il 9z").as_deref(), Some("AB10119Z"));
        assert_eq!(normalise("ABCDEFGU"), None);
        assert_eq!(normalise("ABC"), None);
        assert_eq!(normalise("ＡＢＣＤＥＦＧＨ"), None);
    }
}
