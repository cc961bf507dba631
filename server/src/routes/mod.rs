//! `router(state)`: every route of the relay, and the layers all of them share.

pub mod admin;
pub mod device;
mod health;
pub mod keys;
pub mod partner;
pub mod pledge;
pub mod session;
mod site;
pub mod staff;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::middleware;
use axum::routing::{get, post, put};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::error::ServerError;
use crate::http;
use crate::state::{ApiOptions, ApiState, AppState};

/// The relay with default API options (rate limits, no trusted proxy).
pub fn router(state: AppState, max_body_bytes: usize) -> Router {
    router_with(state, max_body_bytes, ApiOptions::default())
}

pub fn router_with(state: AppState, max_body_bytes: usize, options: ApiOptions) -> Router {
    let api_state = ApiState::new(state.clone(), options);
    let api = Router::new()
        .route("/health", get(health::get))
        .route("/session", get(session::get))
        .route("/session/logout", post(session::logout))
        .route("/staff/invites/inspect", post(staff::inspect_invite))
        .route("/staff/register", post(staff::register))
        .route("/staff/totp/confirm", post(staff::confirm_totp))
        .route("/staff/login/params", post(staff::login_params))
        .route("/staff/login", post(staff::login))
        .route(
            "/admin/organisations",
            get(admin::list_organisations).post(admin::create_organisation),
        )
        .route("/admin/organisations/{id}/pledge", put(admin::put_pledge))
        .route(
            "/admin/programmes",
            get(admin::list_programmes).post(admin::create_programme),
        )
        .route("/admin/staff-invites", post(admin::create_staff_invite))
        .route("/keys/mine", get(keys::mine))
        .route("/keys/pending", get(keys::pending))
        .route("/keys/grants", post(keys::grant))
        .route("/pledge", get(pledge::get))
        .route("/pledge/accept", post(pledge::accept))
        .route("/partner/programmes", get(partner::list_programmes))
        .route("/partner/volunteer-invites", post(partner::create_invite))
        .route("/partner/volunteers", get(partner::list_volunteers))
        .route(
            "/partner/volunteers/{id}/revoke",
            post(partner::revoke_volunteer),
        )
        .route("/partner/devices/{id}/revoke", post(partner::revoke_device))
        .route("/partner/devices/{id}/lost", post(partner::report_lost))
        .route("/partner/incidents", get(partner::list_incidents))
        .route("/device/enrol", post(device::enrol))
        .route("/device/unlock", post(device::unlock))
        .route("/device/status", get(device::status))
        .fallback(api_not_found)
        .layer(middleware::map_response(http::no_store))
        .with_state(api_state);

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
