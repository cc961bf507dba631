//! `router(state)`: every route of the relay, and the layers all of them share.

mod health;
mod site;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::middleware;
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::error::ServerError;
use crate::http;
use crate::state::AppState;

pub fn router(state: AppState, max_body_bytes: usize) -> Router {
    let api = Router::new()
        .route("/health", get(health::get))
        .fallback(api_not_found)
        .layer(middleware::map_response(http::no_store));

    Router::new()
        .nest("/api", api)
        .fallback_service(site::service(state.clone()))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(middleware::map_response(http::uniform_errors))
        .layer(middleware::map_response(http::security_headers))
        .layer(
            // Method and path only: bodies, query strings and headers may carry personal data.
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

async fn api_not_found() -> ServerError {
    ServerError::NotFound
}
