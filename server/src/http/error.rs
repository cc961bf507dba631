//! The relay's one error type. Every 4xx/5xx leaves as `{"error": code, "message": text}`
//! (`domain::api::ApiError`) with a generic message: errors never echo request content, which
//! may be personal data.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::api::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("the request body is not valid for this endpoint")]
    InvalidBody,
    /// A malformed request outside the body: an id in the path that cannot be one.
    #[error("the request is not valid")]
    BadRequest,
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("authentication required")]
    Unauthorized,
    /// Wrong login name, login secret or TOTP code: deliberately one answer for all three.
    #[error("the login name, password or code is not correct")]
    InvalidCredentials,
    /// A state-changing request with a session cookie but without its `X-CSRF-Token`.
    #[error("missing or wrong X-CSRF-Token header")]
    Csrf,
    /// The device was revoked, reported lost or locked: the phone wipes what it holds.
    #[error("this device is no longer enrolled")]
    DeviceGone,
    #[error("wrong PIN")]
    WrongPin { remaining: u32 },
    /// The current pledge version has not been accepted yet.
    #[error("the pledge must be accepted first")]
    PledgeRequired,
    /// The request is well-formed but clashes with existing state (a login name in use, ...).
    #[error("conflict with existing data")]
    Conflict,
    #[error("too many requests; try again later")]
    RateLimited { retry_after_secs: u64 },
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("i/o error")]
    Io(#[from] std::io::Error),
    /// A CLI command that refuses to run (never an HTTP answer).
    #[error("{0}")]
    Refused(&'static str),
    /// A crypto-core failure that is not the caller's fault (no randomness, a corrupt stored row).
    #[error("internal error")]
    Internal(&'static str),
}

impl ServerError {
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::InvalidBody | ServerError::BadRequest => StatusCode::BAD_REQUEST,
            ServerError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ServerError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::NotFound => StatusCode::NOT_FOUND,
            ServerError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ServerError::Unauthorized
            | ServerError::InvalidCredentials
            | ServerError::DeviceGone
            | ServerError::WrongPin { .. } => StatusCode::UNAUTHORIZED,
            ServerError::Csrf | ServerError::PledgeRequired => StatusCode::FORBIDDEN,
            ServerError::Conflict => StatusCode::CONFLICT,
            ServerError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ServerError::Database(_)
            | ServerError::Migration(_)
            | ServerError::Io(_)
            | ServerError::Internal(_)
            | ServerError::Refused(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code the answer carries.
    pub fn code(&self) -> ErrorCode {
        match self {
            ServerError::InvalidBody => ErrorCode::InvalidBody,
            ServerError::BadRequest => ErrorCode::BadRequest,
            ServerError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ServerError::Csrf => ErrorCode::Csrf,
            ServerError::DeviceGone => ErrorCode::DeviceGone,
            ServerError::WrongPin { .. } => ErrorCode::WrongPin,
            ServerError::PledgeRequired => ErrorCode::PledgeRequired,
            _ => ErrorCode::for_status(self.status().as_u16()),
        }
    }
}

/// Generic text for a status, for errors the framework produces itself (405, 413, ...): their
/// own texts may quote the request.
pub fn message_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not found",
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported media type",
        StatusCode::TOO_MANY_REQUESTS => "too many requests; try again later",
        s if s.is_client_error() => "the request is not valid",
        _ => "internal error; nothing was stored",
    }
}

/// The one error shape, for a status without a more specific error.
pub fn error_response(status: StatusCode) -> Response {
    let body = ApiError {
        error: ErrorCode::for_status(status.as_u16()),
        message: message_for_status(status).to_owned(),
        remaining: None,
    };
    (status, axum::Json(body)).into_response()
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // The variant's source may name tables or paths, never request content; still keep it
            // out of the response and in the log only.
            tracing::error!(error = ?self, "request failed");
        }
        let message = if status.is_server_error() {
            message_for_status(status).to_owned()
        } else {
            self.to_string()
        };
        let remaining = match self {
            ServerError::WrongPin { remaining } => Some(remaining),
            _ => None,
        };
        let body = ApiError {
            error: self.code(),
            message,
            remaining,
        };
        let mut response = (status, axum::Json(body)).into_response();
        if let ServerError::RateLimited { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

impl From<domain::Error> for ServerError {
    /// Domain errors reaching a handler unmapped are the server's own fault (randomness, a
    /// corrupt stored row); input the caller sent is validated, and mapped to 4xx, before that.
    fn from(err: domain::Error) -> Self {
        match err {
            domain::Error::Randomness => ServerError::Internal("randomness unavailable"),
            _ => ServerError::Internal("crypto core refused a stored value"),
        }
    }
}

impl From<domain::rules::Problem> for ServerError {
    /// Which rule a value broke is not said: the value may be personal data.
    fn from(_: domain::rules::Problem) -> Self {
        ServerError::InvalidBody
    }
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_variant_then_the_status() {
        assert_eq!(ServerError::InvalidBody.code(), ErrorCode::InvalidBody);
        assert_eq!(ServerError::BadRequest.code(), ErrorCode::BadRequest);
        assert_eq!(ServerError::NotFound.code(), ErrorCode::NotFound);
        assert_eq!(ServerError::Conflict.code(), ErrorCode::Conflict);
        assert_eq!(
            ServerError::RateLimited {
                retry_after_secs: 1
            }
            .code(),
            ErrorCode::RateLimited
        );
        assert_eq!(ServerError::Internal("x").code(), ErrorCode::Internal);
        assert_eq!(
            ServerError::WrongPin { remaining: 2 }.status(),
            StatusCode::UNAUTHORIZED
        );
    }
}
