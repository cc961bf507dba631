//! The one error shape of the relay and its codes.

use serde::{Deserialize, Serialize};

/// What went wrong, as a stable machine-readable code. Serialised as the snake-case strings the
/// relay has always sent (`"invalid_body"`, `"device_gone"`, ...); the app matches on this enum,
/// never on strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid for the endpoint (syntax, types, a rule, a malformed id).
    InvalidBody,
    /// A 4xx without a more specific code (a malformed path, say).
    BadRequest,
    UnsupportedMediaType,
    PayloadTooLarge,
    NotFound,
    MethodNotAllowed,
    /// No session, or the wrong kind of session, for this endpoint.
    Unauthorized,
    /// Wrong login name, login secret or TOTP code: deliberately one code for all three.
    InvalidCredentials,
    /// A state-changing request whose `X-CSRF-Token` is missing or wrong.
    Csrf,
    Forbidden,
    /// This phone was revoked, reported lost or locked: it wipes everything it holds.
    DeviceGone,
    /// The PIN proof was wrong; [`ApiError::remaining`] says how many tries are left.
    WrongPin,
    /// The current pledge version must be accepted first.
    PledgeRequired,
    /// Well-formed, but clashes with what exists (a login name in use, an old pledge version).
    Conflict,
    /// Too many attempts; the `Retry-After` header says when to try again.
    RateLimited,
    /// The relay's own failure; nothing was stored.
    Internal,
    /// A code this build does not know (a newer relay): treated as a generic failure.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The wire string, for logs and the relay's framework-error mapping.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Csrf => "csrf",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::DeviceGone => "device_gone",
            ErrorCode::WrongPin => "wrong_pin",
            ErrorCode::PledgeRequired => "pledge_required",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::Unknown => "unknown",
        }
    }

    /// The code for an HTTP status when nothing more specific is known (errors produced by the
    /// HTTP framework itself: 405, 413, ...).
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            400 | 422 => ErrorCode::InvalidBody,
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            409 => ErrorCode::Conflict,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            429 => ErrorCode::RateLimited,
            400..=499 => ErrorCode::BadRequest,
            _ => ErrorCode::Internal,
        }
    }
}

/// Every error the relay answers with: `{"error": code, "message": text}`, plus `remaining` for
/// a wrong PIN. `message` is generic and never contains request content or personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorCode,
    pub message: String,
    /// PIN tries left before the device's share is destroyed (only with [`ErrorCode::WrongPin`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn codes_keep_their_wire_strings() {
        for code in [
            ErrorCode::InvalidBody,
            ErrorCode::BadRequest,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::PayloadTooLarge,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Unauthorized,
            ErrorCode::InvalidCredentials,
            ErrorCode::Csrf,
            ErrorCode::Forbidden,
            ErrorCode::DeviceGone,
            ErrorCode::WrongPin,
            ErrorCode::PledgeRequired,
            ErrorCode::Conflict,
            ErrorCode::RateLimited,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"from_the_future\"").unwrap(),
            ErrorCode::Unknown
        );
    }

    #[test]
    fn wrong_pin_carries_the_remaining_tries_and_others_do_not() {
        let wrong = ApiError {
            error: ErrorCode::WrongPin,
            message: "wrong PIN".into(),
            remaining: Some(3),
        };
        assert_eq!(
            serde_json::to_value(&wrong).unwrap(),
            serde_json::json!({"error": "wrong_pin", "message": "wrong PIN", "remaining": 3})
        );
        let plain = ApiError {
            error: ErrorCode::NotFound,
            message: "not found".into(),
            remaining: None,
        };
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            serde_json::json!({"error": "not_found", "message": "not found"})
        );
    }
}
