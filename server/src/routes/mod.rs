//! The router: every endpoint of `domain::api::endpoints`, each registered by the route module
//! that serves it, and the layers all of them share.
//!
//! Route modules are private and never import each other: each exposes `routes()`, naming the
//! [`Endpoint`] constant for every handler it registers, and this file merges them. What was
//! registered is kept alongside the router ([`registered_endpoints`]), so tests can check it is
//! exactly the domain's table and walk it for the authorization matrix.

mod admin;
mod device;
mod health;
mod keys;
mod org;
mod partner;
mod pledge;
mod session;
mod site;
mod staff;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Request;
use axum::middleware;
use axum::routing::{MethodFilter, on};
use domain::api::endpoints::{Endpoint, Method};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::http::ServerError;
use crate::http::headers;
use crate::state::{ApiOptions, ApiState, AppState};

/// The API's routes under construction, with the endpoints they serve.
struct ApiRouter {
    router: Router<ApiState>,
    endpoints: Vec<Endpoint>,
}

fn method_filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
    }
}

impl ApiRouter {
    fn new() -> Self {
        Self {
            router: Router::new(),
            endpoints: Vec::new(),
        }
    }

    /// Serves `endpoint` with `handler`. A second method on the same path joins the first.
    fn route<H, T>(mut self, endpoint: &Endpoint, handler: H) -> Self
    where
        H: Handler<T, ApiState>,
        T: 'static,
    {
        // The API router is nested under `/api`; the table has full paths.
        let path = endpoint.path.strip_prefix("/api").unwrap_or(endpoint.path);
        self.router = self
            .router
            .route(path, on(method_filter(endpoint.method), handler));
        self.endpoints.push(*endpoint);
        self
    }

    fn merge(mut self, other: ApiRouter) -> Self {
        self.router = self.router.merge(other.router);
        self.endpoints.extend(other.endpoints);
        self
    }
}

/// Every route module's routes, merged.
fn api_routes() -> ApiRouter {
    ApiRouter::new()
        .merge(health::routes())
        .merge(session::routes())
        .merge(staff::routes())
        .merge(admin::routes())
        .merge(keys::routes())
        .merge(org::routes())
        .merge(pledge::routes())
        .merge(partner::routes())
        .merge(device::routes())
}

/// The endpoints the router serves, in registration order.
pub fn registered_endpoints() -> Vec<Endpoint> {
    api_routes().endpoints
}

/// The relay with default API options (rate limits, no trusted proxy).
pub fn router(state: AppState, max_body_bytes: usize) -> Router {
    router_with(state, max_body_bytes, ApiOptions::default())
}

pub fn router_with(state: AppState, max_body_bytes: usize, options: ApiOptions) -> Router {
    let api_state = ApiState::new(state.clone(), options);
    let api = api_routes()
        .router
        .fallback(api_not_found)
        .layer(middleware::map_response(headers::no_store))
        .with_state(api_state);

    Router::new()
        .nest("/api", api)
        .fallback_service(site::service(state.clone()))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(middleware::map_response(headers::uniform_errors))
        .layer(middleware::map_response(headers::security_headers))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::HashSet;

    use domain::api::endpoints;

    use super::*;

    /// Two methods on one path, registered by two modules, are both served.
    #[tokio::test]
    async fn two_methods_on_one_path_from_two_modules() {
        use axum::body::Body;
        use axum::http::StatusCode;
        use domain::api::endpoints::Access;
        use tower::ServiceExt;

        const GET: Endpoint = Endpoint {
            method: Method::Get,
            path: "/api/x",
            access: Access::Public,
        };
        const PUT: Endpoint = Endpoint {
            method: Method::Put,
            ..GET
        };
        let merged = ApiRouter::new()
            .route(&GET, || async { "got" })
            .merge(ApiRouter::new().route(&PUT, || async { "put" }));
        assert_eq!(merged.endpoints, vec![GET, PUT]);
        let app: Router = merged.router.with_state(ApiState::new(
            AppState::new(
                sqlx::Pool::connect_lazy("sqlite::memory:").unwrap(),
                std::path::PathBuf::new(),
            ),
            ApiOptions::default(),
        ));
        for (method, status) in [
            ("GET", StatusCode::OK),
            ("PUT", StatusCode::OK),
            ("POST", StatusCode::METHOD_NOT_ALLOWED),
        ] {
            let request = Request::builder()
                .method(method)
                .uri("/x")
                .body(Body::empty())
                .unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), status, "{method}");
        }
    }

    #[test]
    fn the_router_serves_exactly_the_endpoint_table() {
        let registered = registered_endpoints();
        let unique: HashSet<Endpoint> = registered.iter().copied().collect();
        assert_eq!(
            unique.len(),
            registered.len(),
            "an endpoint registered twice"
        );
        let table: HashSet<Endpoint> = endpoints::ALL.iter().copied().collect();
        let describe = |e: &Endpoint| format!("{} {}", e.method.as_str(), e.path);
        let missing: Vec<String> = table.difference(&unique).map(describe).collect();
        assert!(missing.is_empty(), "no handler for {missing:?}");
        let extra: Vec<String> = unique.difference(&table).map(describe).collect();
        assert!(extra.is_empty(), "not in the table: {extra:?}");
    }
}
