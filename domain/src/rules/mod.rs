//! The rules input must follow, shared by the app's forms (which explain a problem before asking
//! the relay) and the relay (which refuses what breaks them with a generic `invalid_body`).
//!
//! Each check answers a [`Problem`] that says what kind of rule was broken, never which value:
//! values may be personal data.

pub mod code;
pub mod pin;

use std::ops::RangeInclusive;

use crate::api::NewProgramme;

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Empty, or only spaces, where something is required.
    Blank,
    TooShort,
    TooLong,
    /// A character that may not appear (a control character, a letter where only digits go).
    BadCharacter,
    /// A number outside the allowed range.
    OutOfRange,
}

pub type Checked = Result<(), Problem>;

// --- lengths (in characters, as people count them) --------------------------------------------

/// Organisation names: a centre or NPO name as printed on its letterhead.
pub const ORG_NAME: RangeInclusive<usize> = 1..=100;
pub const PROGRAMME_NAME: RangeInclusive<usize> = 1..=100;
/// Display names of staff and volunteers ("佐藤 花子").
pub const DISPLAY_NAME: RangeInclusive<usize> = 1..=100;
/// The name typed to sign the pledge.
pub const TYPED_NAME: RangeInclusive<usize> = 1..=100;
/// Pledge texts: long enough for any real 誓約書, short enough to read on a phone.
pub const PLEDGE_TEXT: RangeInclusive<usize> = 1..=20_000;
/// Staff-written notes (an incident note). Kept short: they must not name a family.
pub const NOTE: RangeInclusive<usize> = 0..=1000;
/// Login names: `[a-z0-9._@-]`, bytes.
pub const LOGIN_NAME: RangeInclusive<usize> = 3..=64;

// --- lifetimes ---------------------------------------------------------------------------------

const HOUR_MS: i64 = 60 * 60 * 1000;
/// A staff invitation link is valid for three days and one registration.
pub const STAFF_INVITE_TTL_MS: i64 = 72 * HOUR_MS;
/// A volunteer's invitation code is valid for three days and one enrolment.
pub const VOLUNTEER_INVITE_TTL_MS: i64 = 72 * HOUR_MS;
/// Wrong PINs before the relay destroys the device's share (DESIGN §5): with a 6-digit PIN that
/// leaves a guesser a 1-in-100,000 chance.
pub const MAX_FAILED_PINS: u32 = 10;

// --- programme settings ------------------------------------------------------------------------

pub const RETENTION_DAYS: RangeInclusive<i64> = 1..=3650;
/// Idle lock: one minute to half an hour (the design's default is five minutes).
pub const IDLE_LOCK_SECS: RangeInclusive<i64> = 60..=1800;
/// PIN-only offline unlock after an online one: none, up to twelve hours.
pub const OFFLINE_WINDOW_SECS: RangeInclusive<i64> = 0..=43_200;

fn count_in(text: &str, range: &RangeInclusive<usize>) -> Checked {
    let n = text.chars().count();
    if n < *range.start() {
        Err(if text.is_empty() {
            Problem::Blank
        } else {
            Problem::TooShort
        })
    } else if n > *range.end() {
        Err(Problem::TooLong)
    } else {
        Ok(())
    }
}

/// Human text on one line: within `range` characters, not blank when required, no control
/// characters.
pub fn line(text: &str, range: RangeInclusive<usize>) -> Checked {
    if *range.start() > 0 && text.trim().is_empty() {
        return Err(Problem::Blank);
    }
    count_in(text, &range)?;
    if text.chars().any(char::is_control) {
        return Err(Problem::BadCharacter);
    }
    Ok(())
}

/// Multi-line text (pledges, notes): newlines and tabs allowed, other control characters not.
pub fn text(text: &str, range: RangeInclusive<usize>) -> Checked {
    if *range.start() > 0 && text.trim().is_empty() {
        return Err(Problem::Blank);
    }
    count_in(text, &range)?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Problem::BadCharacter);
    }
    Ok(())
}

/// Login names: 3–64 of `[a-z0-9._@-]`. Lower case only, so two names that look the same are
/// the same name.
pub fn login_name(name: &str) -> Checked {
    if name.is_empty() {
        return Err(Problem::Blank);
    }
    if name.len() < *LOGIN_NAME.start() {
        return Err(Problem::TooShort);
    }
    if name.len() > *LOGIN_NAME.end() {
        return Err(Problem::TooLong);
    }
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b);
    if !name.bytes().all(allowed) {
        return Err(Problem::BadCharacter);
    }
    Ok(())
}

/// Phone numbers as printed: digits, `+`, `-`, spaces and parentheses, at least one digit.
pub fn phone(text: &str) -> Checked {
    if text.trim().is_empty() {
        return Err(Problem::Blank);
    }
    if text.len() > 30 {
        return Err(Problem::TooLong);
    }
    let allowed = |b: u8| b.is_ascii_digit() || b"+- ()".contains(&b);
    if !text.bytes().all(allowed) || !text.bytes().any(|b| b.is_ascii_digit()) {
        return Err(Problem::BadCharacter);
    }
    Ok(())
}

/// A number within `range`.
pub fn within(value: i64, range: RangeInclusive<i64>) -> Checked {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(Problem::OutOfRange)
    }
}

/// A programme's settings (the partner and centre ids are checked against the database by the
/// relay).
pub fn programme(p: &NewProgramme) -> Checked {
    line(&p.name, PROGRAMME_NAME)?;
    phone(&p.emergency_phone)?;
    within(p.retention_days, RETENTION_DAYS)?;
    within(p.idle_lock_secs, IDLE_LOCK_SECS)?;
    within(p.offline_window_secs, OFFLINE_WINDOW_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names() {
        for ok in ["abc", "sato.h@centre-1", "a_b"] {
            assert_eq!(login_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(login_name(""), Err(Problem::Blank));
        assert_eq!(login_name("ab"), Err(Problem::TooShort));
        assert_eq!(login_name(&"a".repeat(65)), Err(Problem::TooLong));
        for bad in ["Sato", "sa to", "さとう"] {
            assert_eq!(login_name(bad), Err(Problem::BadCharacter), "{bad}");
        }
    }

    #[test]
    fn lines_and_texts() {
        assert_eq!(line("佐藤 花子", DISPLAY_NAME), Ok(()));
        assert_eq!(line(" ", DISPLAY_NAME), Err(Problem::Blank));
        assert_eq!(line("a\u{0}b", DISPLAY_NAME), Err(Problem::BadCharacter));
        assert_eq!(line(&"あ".repeat(101), DISPLAY_NAME), Err(Problem::TooLong));
        assert_eq!(line(&"あ".repeat(100), DISPLAY_NAME), Ok(()));
        assert_eq!(text("一\n二", 1..=10), Ok(()));
        assert_eq!(text("\u{7}", 1..=10), Err(Problem::BadCharacter));
        assert_eq!(text("", NOTE), Ok(()));
    }

    #[test]
    fn phones() {
        assert_eq!(phone("03-1234-5678"), Ok(()));
        assert_eq!(phone("+81 (3) 1234 5678"), Ok(()));
        assert_eq!(phone("189"), Ok(()));
        assert_eq!(phone(""), Err(Problem::Blank));
        assert_eq!(phone("---"), Err(Problem::BadCharacter));
        assert_eq!(phone("０３"), Err(Problem::BadCharacter));
        assert_eq!(phone(&"1".repeat(31)), Err(Problem::TooLong));
    }

    #[test]
    fn programme_ranges() {
        assert_eq!(within(60, IDLE_LOCK_SECS), Ok(()));
        assert_eq!(within(59, IDLE_LOCK_SECS), Err(Problem::OutOfRange));
        assert_eq!(
            within(43_201, OFFLINE_WINDOW_SECS),
            Err(Problem::OutOfRange)
        );
    }
}
