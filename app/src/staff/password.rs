//! The password rules, checked in the browser before the (slow) key derivation. The password
//! never leaves the browser, so the relay cannot check it: these rules are the only place a weak
//! one can be stopped. Login names follow the relay's rule (`domain::rules::login_name`).

use domain::rules::{self, Problem};

/// At least this many characters (not bytes: a Japanese passphrase counts per character).
pub const MIN_PASSWORD_CHARS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooCommon,
    ContainsLoginName,
    ContainsDisplayName,
    Mismatch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginNameProblem {
    Length,
    Spaces,
    Characters,
}

/// Very common passwords (and their 12-character stretchings) from public breach lists; compared
/// in lower case with spaces removed.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789012345",
    "1234567890123456",
    "123123123123",
    "123412341234",
    "111111111111",
    "000000000000",
    "999999999999",
    "121212121212",
    "987654321098",
    "098765432109",
    "012345678901",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "password!234",
    "password1234!",
    "p@ssw0rd1234",
    "p@ssword1234",
    "passw0rd1234",
    "mypassword12",
    "mypassword123",
    "newpassword1",
    "newpassword12",
    "changeme1234",
    "changeme12345",
    "welcome12345",
    "welcome123456",
    "welcome2024!",
    "welcome2025!",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiopas",
    "qwertyuiopasdf",
    "1qaz2wsx3edc",
    "1qaz2wsx3edc4rfv",
    "qazwsxedcrfv",
    "zaq12wsxcde3",
    "asdfghjkl123",
    "asdfghjkl;'",
    "asdfasdfasdf",
    "qwerqwerqwer",
    "zxcvbnm12345",
    "zxcvbnm123456",
    "abcdefghijkl",
    "abcdefg12345",
    "abc123abc123",
    "abcd1234abcd",
    "abcd12345678",
    "aaaaaaaaaaaa",
    "iloveyou1234",
    "iloveyou12345",
    "letmein12345",
    "letmein123456",
    "administrator",
    "administrator1",
    "admin1234567",
    "admin12345678",
    "adminadmin12",
    "adminpassword",
    "rootpassword",
    "superman1234",
    "batman123456",
    "sunshine1234",
    "princess1234",
    "football1234",
    "baseball1234",
    "dragon123456",
    "monkey123456",
    "shadow123456",
    "master123456",
    "michael12345",
    "trustno11234",
    "starwars1234",
    "pokemon12345",
    "doraemon1234",
    "sakura123456",
    "tokyo1234567",
    "japan1234567",
    "nippon123456",
    "yorisoi12345",
    "yorisoi123456",
    "yorisoiyorisoi",
    "hello1234567",
    "helloworld12",
    "helloworld123",
    "computer1234",
    "internet1234",
    "secret123456",
    "security1234",
    "qwerty123456",
    "qwerty1234567",
    "qwertyqwerty",
    "1q2w3e4r5t6y",
    "1q2w3e4r5t6y7u",
    "q1w2e3r4t5y6",
    "a1b2c3d4e5f6",
    "11223344556677",
    "112233445566",
    "147258369147",
    "159753159753",
    "789456123789",
];

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The relay's rule, with spaces named separately: they are the mistake people make most.
pub fn check_login_name(name: &str) -> Result<(), LoginNameProblem> {
    if name.chars().any(char::is_whitespace) {
        return Err(LoginNameProblem::Spaces);
    }
    rules::login_name(name).map_err(|problem| match problem {
        Problem::BadCharacter => LoginNameProblem::Characters,
        Problem::Blank | Problem::TooShort | Problem::TooLong | Problem::OutOfRange => {
            LoginNameProblem::Length
        }
    })
}

/// What people type, as the relay stores it: trimmed and lower case ("Sato.H" → "sato.h").
pub fn normalise_login_name(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The rules in the order a person fixes them.
pub fn check_password(
    password: &str,
    again: &str,
    login_name: &str,
    display_name: &str,
) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let pw = normalise(password);
    if COMMON.contains(&pw.as_str()) {
        return Err(PasswordProblem::TooCommon);
    }
    let login = normalise(login_name);
    if login.chars().count() >= *rules::LOGIN_NAME.start() && pw.contains(&login) {
        return Err(PasswordProblem::ContainsLoginName);
    }
    // The whole name and each part of it ("山田 花子" → 山田花子, 山田, 花子).
    let whole = normalise(display_name);
    let parts = std::iter::once(whole).chain(display_name.split_whitespace().map(normalise));
    for part in parts {
        if part.chars().count() >= 2 && pw.contains(&part) {
            return Err(PasswordProblem::ContainsDisplayName);
        }
    }
    if password != again {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pw: &str) -> Result<(), PasswordProblem> {
        check_password(pw, pw, "hanako.y", "山田 花子")
    }

    #[test]
    fn every_rule_is_enforced() {
        assert_eq!(check("short pass"), Err(PasswordProblem::TooShort));
        assert_eq!(check("Password1234"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("123456789012"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("QWERTYUIOP12"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("qwerty uiop 12"), Err(PasswordProblem::TooCommon));
        assert_eq!(
            check("my HANAKO.Y password"),
            Err(PasswordProblem::ContainsLoginName)
        );
        assert_eq!(
            check("はなこ山田花子のひみつの合言葉"),
            Err(PasswordProblem::ContainsDisplayName)
        );
        assert_eq!(
            check("花子さんの長い合言葉です"),
            Err(PasswordProblem::ContainsDisplayName)
        );
        assert_eq!(
            check_password("green tea at three", "green tea at 3", "x1y2z", "A"),
            Err(PasswordProblem::Mismatch)
        );
        assert_eq!(check("green tea at three o'clock"), Ok(()));
        // Counted in characters, not bytes.
        assert_eq!(
            check("みどりのおちゃをのむ"),
            Err(PasswordProblem::TooShort)
        );
    }

    #[test]
    fn the_common_list_is_lower_case_and_long_enough() {
        assert!(COMMON.len() >= 100);
        for pw in COMMON {
            assert_eq!(*pw, normalise(pw));
        }
    }

    #[test]
    fn login_names() {
        assert_eq!(check_login_name("ab"), Err(LoginNameProblem::Length));
        assert_eq!(check_login_name(""), Err(LoginNameProblem::Length));
        assert_eq!(
            check_login_name(&"a".repeat(65)),
            Err(LoginNameProblem::Length)
        );
        assert_eq!(check_login_name("a b c"), Err(LoginNameProblem::Spaces));
        assert_eq!(check_login_name("hanako.y"), Ok(()));
        assert_eq!(
            check_login_name("はなこ"),
            Err(LoginNameProblem::Characters)
        );
        assert_eq!(
            check_login_name(&normalise_login_name(" Sato.H@c-1 ")),
            Ok(())
        );
    }
}
