//! The relay's JSON API: one typed function per endpoint, grouped by resource like the relay's
//! routes. Method and path come from `domain::api::endpoints`, the table the relay's router and
//! its authorization tests are built from, so nothing here (and nothing outside this folder)
//! spells an `/api/` path. `/api/health` has no function: it is for monitoring, not the app.
//!
//! Cookies carry the session (HttpOnly, so scripts never see it); the CSRF token from the last
//! sign-in or unlock is echoed on every state-changing request. Refusals are read by their
//! [`ErrorCode`], never by their text.

pub mod admin;
pub mod centre;
pub mod device;
pub mod keys;
pub mod org;
pub mod partner;
pub mod pledge;
pub mod session;
pub mod staff;

use std::cell::RefCell;

use domain::api::endpoints::{Endpoint, Method};
use domain::api::{ApiError, ErrorCode};
use gloo_net::http::{RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

thread_local! {
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub fn set_csrf(token: Option<String>) {
    CSRF.with(|c| *c.borrow_mut() = token);
}

fn with_csrf(builder: RequestBuilder) -> RequestBuilder {
    match CSRF.with(|c| c.borrow().clone()) {
        Some(token) => builder.header("X-CSRF-Token", &token),
        None => builder,
    }
}

/// `GET` an endpoint without an id segment.
async fn fetch<T: DeserializeOwned>(endpoint: Endpoint) -> Result<T, AppError> {
    call::<(), T>(endpoint, endpoint.path, None).await
}

/// `GET` an endpoint whose path names one object.
async fn fetch_one<T: DeserializeOwned>(endpoint: Endpoint, id: &str) -> Result<T, AppError> {
    call::<(), T>(endpoint, &endpoint.path_with(id), None).await
}

/// Sends `body` to an endpoint without an id segment.
async fn send<B: Serialize, T: DeserializeOwned>(
    endpoint: Endpoint,
    body: &B,
) -> Result<T, AppError> {
    call(endpoint, endpoint.path, Some(body)).await
}

/// Sends `body` to an endpoint whose path names one object (`{device_id}`, ...).
async fn send_to<B: Serialize, T: DeserializeOwned>(
    endpoint: Endpoint,
    id: &str,
    body: &B,
) -> Result<T, AppError> {
    call(endpoint, &endpoint.path_with(id), Some(body)).await
}

async fn call<B: Serialize, T: DeserializeOwned>(
    endpoint: Endpoint,
    path: &str,
    body: Option<&B>,
) -> Result<T, AppError> {
    let builder = match endpoint.method {
        Method::Get => RequestBuilder::new(path).method(gloo_net::http::Method::GET),
        Method::Post => with_csrf(RequestBuilder::new(path).method(gloo_net::http::Method::POST)),
        Method::Put => with_csrf(RequestBuilder::new(path).method(gloo_net::http::Method::PUT)),
    };
    let sent = match body {
        Some(body) => {
            let request = builder.json(body).map_err(|_| AppError::Unexpected)?;
            request.send().await
        }
        None => builder.send().await,
    };
    read(sent.map_err(|_| AppError::Offline)?).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, AppError> {
    let status = response.status();
    let text = response.text().await.map_err(|_| AppError::Offline)?;
    if (200..300).contains(&status) {
        // Endpoints that answer nothing (204) are read as `()`.
        let text = if text.trim().is_empty() {
            "null"
        } else {
            &text
        };
        return serde_json::from_str(text).map_err(|_| AppError::Unexpected);
    }
    Err(refusal(status, &text))
}

/// The relay's one error shape; anything else (a proxy's HTML page, say) is read by its status.
fn refusal(status: u16, body: &str) -> AppError {
    let (code, remaining) = match serde_json::from_str::<ApiError>(body) {
        Ok(error) => (error.error, error.remaining),
        Err(_) => (ErrorCode::for_status(status), None),
    };
    match code {
        ErrorCode::DeviceGone => AppError::DeviceGone,
        ErrorCode::WrongPin => AppError::WrongPin {
            remaining: remaining.unwrap_or(0),
        },
        ErrorCode::Unauthorized => AppError::Unauthorized,
        code => AppError::Api(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_keep_their_code_and_the_tries_left() {
        assert_eq!(
            refusal(
                401,
                r#"{"error":"wrong_pin","message":"wrong PIN","remaining":3}"#
            ),
            AppError::WrongPin { remaining: 3 }
        );
        assert_eq!(
            refusal(401, r#"{"error":"device_gone","message":"gone"}"#),
            AppError::DeviceGone
        );
        assert_eq!(
            refusal(409, r#"{"error":"conflict","message":"taken"}"#),
            AppError::Api(ErrorCode::Conflict)
        );
        assert_eq!(
            refusal(400, r#"{"error":"from_a_newer_relay","message":"?"}"#),
            AppError::Api(ErrorCode::Unknown)
        );
        assert_eq!(
            refusal(429, "<html>busy</html>"),
            AppError::Api(ErrorCode::RateLimited)
        );
        assert_eq!(refusal(401, ""), AppError::Unauthorized);
    }
}
