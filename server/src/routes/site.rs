//! The built PWA: files from the site directory (with their precompressed `.br`/`.gz` twins), and
//! `index.html` with 200 for client-side routes such as `/v/today`.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use tower_http::services::ServeDir;

use crate::http::ServerError;
use crate::http::headers;
use crate::state::AppState;

pub(super) fn service(state: AppState) -> Router {
    let files = ServeDir::new(&state.site_dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(any(spa_fallback).with_state(state.clone()));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(headers::static_cache_control))
        .with_state(state)
}

/// A path whose last segment has no dot is a client route: answer the app shell. Anything else
/// (a missing `.js`, `.png`, ...) is a real 404, so a broken deployment is not masked.
async fn spa_fallback(State(state): State<AppState>, request: Request<Body>) -> Response {
    let path = request.uri().path();
    let is_client_route =
        !path.starts_with("/api/") && !path.rsplit('/').next().unwrap_or_default().contains('.');
    let is_read = request.method() == Method::GET || request.method() == Method::HEAD;
    if !is_client_route {
        return ServerError::NotFound.into_response();
    }
    if !is_read {
        return ServerError::MethodNotAllowed.into_response();
    }
    match tokio::fs::read(state.site_dir.join("index.html")).await {
        Ok(html) => {
            let mut response = Response::new(Body::from(html));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
        Err(err) => {
            tracing::error!(error = %err, "site index.html missing; was the app built?");
            ServerError::NotFound.into_response()
        }
    }
}
