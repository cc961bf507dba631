//! The router: every endpoint of `domain::api::endpoints`, each registered by the route module
//! that serves it, and the layers all of them share.
//!
//! Route modules are private and never import each other: each exposes `routes()`, naming the
//! [`Endpoint`] constant for every handler it registers, and this file merges them. What was
//! registered is kept alongside the router ([`registered_endpoints`]), so tests can check it is
//! exactly the domain's table and walk it for the authorization matrix.

mod admin;
mod assignments;
mod briefs;
mod centre;
mod device;
mod health;
mod inbox;
mod keys;
mod ledger;
mod org;
mod partner;
mod phone;
mod pledge;
mod profiles;
mod session;
mod site;
mod staff;

use std::any::Any;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::handler::Handler;
use axum::http::{Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{MethodFilter, on};
use domain::api::endpoints::{Endpoint, Method};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::http::ServerError;
use crate::http::error::error_response;
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
        .merge(centre::routes())
        .merge(inbox::routes())
        .merge(profiles::routes())
        .merge(assignments::routes())
        .merge(briefs::routes())
        .merge(ledger::routes())
        .merge(phone::routes())
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
    router_with_extra(state, max_body_bytes, options, Router::new())
}

/// [`router_with`] plus `extra` API routes (relative to `/api`) behind exactly the same layers.
/// For tests only (a route that panics, say): the relay itself never adds any.
pub fn router_with_extra(
    state: AppState,
    max_body_bytes: usize,
    options: ApiOptions,
    extra: Router<ApiState>,
) -> Router {
    let api_state = ApiState::new(state.clone(), options);
    let api = api_routes()
        .router
        .merge(extra)
        // Runs only for requests that matched a route, once routing has set `MatchedPath`.
        .route_layer(middleware::from_fn(tag_route))
        .fallback(api_not_found)
        // Unwinding, not abort (see Cargo.toml's release profile): a panic in a handler
        // answers this one request with a 500 in the one error shape (no-store, like every API
        // answer), and the relay serves on.
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::map_response(headers::no_store))
        .with_state(api_state);

    Router::new()
        .nest("/api", api)
        .fallback_service(site::service(state.clone()))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        // The same for the site's files, and a backstop for any layer above.
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::map_response(headers::uniform_errors))
        .layer(middleware::map_response(headers::security_headers))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

async fn api_not_found() -> ServerError {
    ServerError::NotFound
}

/// The answer to a request whose handler panicked. The payload is not logged or sent: a panic
/// message can quote a value, and values may be personal data (the panic hook in `main.rs`
/// logs where it happened).
fn panic_response(_payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked; answered 500");
    error_response(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The route template a request matched (`/api/partner/devices/{device_id}/lost`), put on the
/// response for [`log_request`].
#[derive(Debug, Clone)]
struct RouteTemplate(String);

async fn tag_route(matched: MatchedPath, request: Request<Body>, next: Next) -> Response {
    let template = RouteTemplate(matched.as_str().to_owned());
    let mut response = next.run(request).await;
    response.extensions_mut().insert(template);
    response
}

/// A request's path as the log may show it when it matched no route (static files, client
/// routes, probes): the first segment if it is one of the site's own top-level names, then each
/// segment only if it is a canonical id, `*` otherwise. Whatever else a path holds was typed by
/// someone and may be personal data; ids are validated before they are logged.
pub fn unmatched_path(path: &str) -> String {
    const TOP_LEVEL: [&str; 9] = [
        "api", "pkg", "icons", "v", "c", "w", "admin", "login", "invite",
    ];
    let mut out = String::new();
    for (i, segment) in path.split('/').skip(1).enumerate() {
        out.push('/');
        let known = i == 0 && TOP_LEVEL.contains(&segment);
        let is_id = domain::ids::OrgId::parse(segment).is_ok();
        if segment.is_empty() || known || is_id {
            out.push_str(segment);
        } else {
            out.push('*');
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// One log line per request: method, path (the matched route's template, or
/// [`unmatched_path`]), status and latency. Never the raw path, a query string, a header or a
/// body: those may carry personal data.
async fn log_request(request: Request<Body>, next: Next) -> Response {
    let method = request.method().clone();
    let raw_path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let path = match response.extensions().get::<RouteTemplate>() {
        Some(RouteTemplate(template)) => template.clone(),
        None => unmatched_path(&raw_path),
    };
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use domain::api::endpoints;

    use super::*;

    /// Two methods on one path, registered by two modules, are both served.
    #[tokio::test]
    async fn two_methods_on_one_path_from_two_modules() -> Result<(), Box<dyn std::error::Error>> {
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
                sqlx::Pool::connect_lazy("sqlite::memory:")?,
                std::path::PathBuf::new(),
                std::sync::Arc::new(crate::keyfile::RelayKeys::from_secret(&[0; 32])),
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
                .body(Body::empty())?;
            let response = app.clone().oneshot(request).await?;
            assert_eq!(response.status(), status, "{method}");
        }
        Ok(())
    }

    /// Unmatched paths keep the site's own top-level words and canonical ids, nothing else.
    #[test]
    fn unmatched_paths_are_logged_without_anything_typed() {
        let id = "00000000-0000-4000-8000-0000000000a1";
        for (path, logged) in [
            ("/", "/"),
            ("/v/today", "/v/*"),
            ("/pkg/volunteer-0a1b2c.js", "/pkg/*"),
            ("/sw.js", "/*"),
            (
                &format!("/c/volunteers/{id}") as &str,
                &format!("/c/*/{id}") as &str,
            ),
            ("/api/yamada-hanako/%E5%B1%B1%E7%94%B0", "/api/*/*"),
            ("/c/00000000-0000-4000-8000-00000000000G", "/c/*"),
            ("/yamada", "/*"),
        ] {
            assert_eq!(unmatched_path(path), logged, "{path}");
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
