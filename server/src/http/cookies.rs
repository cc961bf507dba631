//! The session cookie, `__Host-yorisoi_session`: read from the request's `Cookie` header and
//! written with exactly `Path=/; Secure; HttpOnly; SameSite=Strict` (the `__Host-` prefix
//! requires the first two and forbids a `Domain`; scripts never see it; no cross-site request
//! carries it). Clearing sends the same attributes with `Max-Age=0`.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

pub const SESSION_COOKIE: &str = "__Host-yorisoi_session";

/// Real tokens are 43 characters; anything empty or absurdly long is no token.
const MAX_TOKEN_LEN: usize = 128;

/// The session token the request presented, if any.
pub fn session_token(jar: &CookieJar) -> Option<&str> {
    jar.get(SESSION_COOKIE)
        .map(Cookie::value)
        .filter(|v| !v.is_empty() && v.len() <= MAX_TOKEN_LEN)
}

fn session_cookie(token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .build()
}

/// Sets the cookie to a new session's token.
pub fn set_session(jar: CookieJar, token: &str) -> CookieJar {
    jar.add(session_cookie(token.to_owned()))
}

/// Tells the browser to drop the cookie.
pub fn clear_session(jar: CookieJar) -> CookieJar {
    let mut cookie = session_cookie(String::new());
    cookie.make_removal();
    // `make_removal` also sets an Expires date in the past; Max-Age=0 alone says the same to
    // every browser the app supports, and keeps the header's attributes the documented ones.
    cookie.unset_expires();
    jar.add(cookie)
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, header};
    use axum::response::IntoResponse;

    use super::*;

    fn set_cookie_of(jar: CookieJar) -> String {
        let response = jar.into_response();
        // Not ASCII would come back empty and fail every comparison below.
        response.headers()[header::SET_COOKIE]
            .to_str()
            .map(str::to_owned)
            .unwrap_or_default()
    }

    fn attributes(header: &str) -> Vec<String> {
        let mut parts: Vec<String> = header.split(';').map(|p| p.trim().to_owned()).collect();
        parts.sort();
        parts
    }

    #[test]
    fn finds_our_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-yorisoi_session=tok; b=2"),
        );
        assert_eq!(
            session_token(&CookieJar::from_headers(&headers)),
            Some("tok")
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("yorisoi_session=x"),
        );
        assert_eq!(session_token(&CookieJar::from_headers(&headers)), None);
    }

    #[test]
    fn set_and_clear_carry_exactly_the_documented_attributes() {
        let set = set_cookie_of(set_session(CookieJar::new(), "tok"));
        assert_eq!(
            attributes(&set),
            attributes("__Host-yorisoi_session=tok; Path=/; Secure; HttpOnly; SameSite=Strict")
        );
        let cleared = set_cookie_of(clear_session(CookieJar::new()));
        assert_eq!(
            attributes(&cleared),
            attributes(
                "__Host-yorisoi_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"
            )
        );
    }
}
