//! Extractors whose rejections are our own 4xx in the one error shape, never axum's plain-text
//! ones, and never with a message that quotes the request.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;

use super::ServerError;

/// `Json<T>`: a body that does not parse as `T` (a malformed id included) is `invalid_body`.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ServerError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for ServerError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ServerError::UnsupportedMediaType,
            JsonRejection::BytesRejection(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ServerError::PayloadTooLarge
            }
            // Serde's messages can quote the offending value; never pass them on.
            _ => ServerError::InvalidBody,
        }
    }
}

/// The typed id in the path (`/api/partner/devices/{device_id}/revoke`). A segment that is not
/// a canonical id is `bad_request` here, before any query runs or any log line names it; take
/// this extractor before the caller so a denial only ever logs a validated id.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ServerError))]
pub struct IdPath<T>(pub T);

impl From<PathRejection> for ServerError {
    fn from(_: PathRejection) -> Self {
        ServerError::BadRequest
    }
}
