//! The links a brief offers: the address for the phone's own map app and the phone numbers to
//! call. Shared by the phone's brief screen and the coordinator's preview of it, so the preview
//! links exactly as the phone will.

/// A `geo:` link that hands the address to the phone's map app; the app itself asks no map
/// service for anything. Everything but unreserved ASCII is percent-encoded.
pub fn geo_link(address: &str) -> String {
    let mut out = String::from("geo:0,0?q=");
    for byte in address.trim().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A `tel:` link: digits and a leading plus only.
pub fn tel_link(number: &str) -> String {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_only_what_they_must() {
        assert_eq!(
            geo_link(" 東京都 1-2 "),
            "geo:0,0?q=%E6%9D%B1%E4%BA%AC%E9%83%BD%201-2"
        );
        assert_eq!(geo_link("a&b=c#d"), "geo:0,0?q=a%26b%3Dc%23d");
        assert_eq!(tel_link("03-1234-5678"), "tel:0312345678");
        assert_eq!(tel_link("+81 90 (1234) 5678"), "tel:+819012345678");
        assert_eq!(tel_link("+81 3 1234 5678"), "tel:+81312345678");
    }
}
