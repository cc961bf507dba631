//! Rules for a volunteer's PIN. The PIN never leaves the phone, so only the phone can check it;
//! the rules live here with the other rules so they are tested natively.
//!
//! Six digits give 20 bits; the relay's 10-attempt limit is the real defence, so the rules only
//! remove the PINs a thief would try first (DESIGN §5).

pub const MIN_LEN: usize = 6;
pub const MAX_LEN: usize = 12;

/// Why a PIN was refused; the app turns each into a plain Japanese sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    TooShort,
    TooLong,
    NotDigits,
    /// 000000, 111111, ...
    AllSame,
    /// 123456, 987654, 0123456, ...
    Sequence,
    /// 121212, 123123, ...
    Repeating,
    /// Other PINs on every published most-common list.
    Common,
}

const COMMON: [&str; 12] = [
    "112233", "159753", "147258", "258369", "789456", "456123", "654321", "101010", "696969",
    "520520", "131313", "102030",
];

pub fn check(pin: &str) -> Result<(), PinProblem> {
    let digits = pin.as_bytes();
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(PinProblem::NotDigits);
    }
    if digits.len() < MIN_LEN {
        return Err(PinProblem::TooShort);
    }
    if digits.len() > MAX_LEN {
        return Err(PinProblem::TooLong);
    }
    if digits.iter().all(|d| *d == digits[0]) {
        return Err(PinProblem::AllSame);
    }
    let steps: Vec<i16> = digits
        .windows(2)
        .map(|w| i16::from(w[1]) - i16::from(w[0]))
        .collect();
    if steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
        return Err(PinProblem::Sequence);
    }
    for period in 2..=digits.len() / 2 {
        if digits.len().is_multiple_of(period)
            && digits.chunks(period).all(|c| c == &digits[..period])
        {
            return Err(PinProblem::Repeating);
        }
    }
    if COMMON.contains(&pin) {
        return Err(PinProblem::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_trivial_pins() {
        for (pin, problem) in [
            ("12345", PinProblem::TooShort),
            ("1234567890123", PinProblem::TooLong),
            ("12a456", PinProblem::NotDigits),
            ("", PinProblem::TooShort),
            ("000000", PinProblem::AllSame),
            ("999999999", PinProblem::AllSame),
            ("123456", PinProblem::Sequence),
            ("012345", PinProblem::Sequence),
            ("987654", PinProblem::Sequence),
            ("121212", PinProblem::Repeating),
            ("123123", PinProblem::Repeating),
            ("112233", PinProblem::Common),
        ] {
            assert_eq!(check(pin).err(), Some(problem), "{pin}");
        }
    }

    #[test]
    fn accepts_ordinary_pins() {
        for pin in ["258014", "730591", "4418027", "860213974"] {
            assert_eq!(check(pin), Ok(()), "{pin}");
        }
    }

    #[test]
    fn full_width_digits_are_not_digits() {
        assert_eq!(check("１２３４５６"), Err(PinProblem::NotDigits));
    }
}
