//! The relay's JSON API. Cookies carry the session (HttpOnly, so scripts never see it); the
//! CSRF token from the last sign-in or unlock is echoed on every state-changing request.

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder, Response};
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

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, AppError> {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|_| AppError::Offline)?;
    read(response).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, AppError> {
    send(with_csrf(Request::post(path)), body).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, AppError> {
    send(with_csrf(Request::put(path)), body).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, AppError> {
    let request = builder.json(body).map_err(|_| AppError::Unexpected)?;
    let response = request.send().await.map_err(|_| AppError::Offline)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, AppError> {
    let status = response.status();
    let text = response.text().await.map_err(|_| AppError::Offline)?;
    if (200..300).contains(&status) {
        // Endpoints that answer nothing are read as `()`.
        let text = if text.trim().is_empty() {
            "null"
        } else {
            &text
        };
        return serde_json::from_str(text).map_err(|_| AppError::Unexpected);
    }
    let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let code = body["error"].as_str().unwrap_or("unknown").to_owned();
    Err(match code.as_str() {
        domain::wire::ERROR_DEVICE_GONE => AppError::DeviceGone,
        "wrong_pin" => AppError::WrongPin {
            remaining: body["remaining"]
                .as_u64()
                .and_then(|r| u32::try_from(r).ok())
                .unwrap_or(0),
        },
        "unauthorized" => AppError::Unauthorized,
        _ => AppError::Api { status, code },
    })
}
