//! The relay's HTTP contract, driven through `router(state)` with a real SQLite database.
#![allow(clippy::unwrap_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use server::routes::router;
use server::seed::demo;
use server::state::AppState;
use server::store::db;
use tower::ServiceExt;

struct Harness {
    app: Router,
    db: sqlx::SqlitePool,
    keys: std::sync::Arc<server::keyfile::RelayKeys>,
    _dir: tempfile::TempDir,
}

async fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>shell</title>",
    )
    .unwrap();
    std::fs::write(site.join("pkg/app-abc_bg.wasm"), b"\0asm-raw").unwrap();
    std::fs::write(site.join("pkg/app-abc_bg.wasm.br"), b"brotli-bytes").unwrap();
    let url = format!("sqlite://{}", dir.path().join("db/test.db").display());
    let pool = db::connect(&url).await.unwrap();
    db::migrate(&pool).await.unwrap();
    let keys = std::sync::Arc::new(server::keyfile::RelayKeys::random().unwrap());
    let state = AppState::new(pool.clone(), site, keys.clone());
    Harness {
        app: router(state, 64 * 1024),
        db: pool,
        keys,
        _dir: dir,
    }
}

async fn send(
    app: &Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap()
}

#[tokio::test]
async fn health_reports_database_and_schema_version() {
    let h = harness().await;
    let (status, headers, body) = send(&h.app, get("/api/health")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let body = json(&body);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    // The highest migration's version (not their count: 0003 lives on another branch for now).
    let highest = db::MIGRATOR.iter().map(|m| m.version).max().unwrap();
    assert_eq!(body["schema_version"], highest);
}

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let h = harness().await;
    for uri in [
        "/",
        "/v/today",
        "/api/health",
        "/api/nope",
        "/pkg/app-abc_bg.wasm",
        "/x.js",
    ] {
        let (_, headers, _) = send(&h.app, get(uri)).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"),
            "{uri}: {csp}"
        );
        for directive in [
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{uri} lacks {directive}");
        }
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
        assert!(headers.contains_key("permissions-policy"), "{uri}");
    }
}

#[tokio::test]
async fn client_routes_get_the_shell_and_missing_files_a_json_404() {
    let h = harness().await;
    for uri in ["/", "/v", "/v/today", "/c/volunteers/123", "/w"] {
        let (status, headers, body) = send(&h.app, get(uri)).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{uri}");
        assert!(String::from_utf8(body).unwrap().contains("shell"));
    }
    for uri in ["/pkg/missing.js", "/icons/none.png", "/api/nope", "/api/"] {
        let (status, _, body) = send(&h.app, get(uri)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(json(&body)["error"], "not_found", "{uri}");
    }
}

#[tokio::test]
async fn hashed_bundle_is_precompressed_typed_and_immutable() {
    let h = harness().await;
    let request = Request::get("/pkg/app-abc_bg.wasm")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&h.app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(body, b"brotli-bytes");
    assert!(
        headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
}

#[tokio::test]
async fn framework_errors_have_our_json_shape() {
    let h = harness().await;
    let (status, headers, body) = send(
        &h.app,
        Request::post("/api/health").body(Body::from("x")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(json(&body)["error"], "method_not_allowed");

    let big = vec![b'x'; 65 * 1024];
    let (status, _, body) = send(
        &h.app,
        Request::post("/api/health")
            .header(header::CONTENT_LENGTH, big.len())
            .body(Body::from(big))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(&body)["error"], "payload_too_large");
}

/// DESIGN §6 "malformed input": whatever arrives, the answer is never a 5xx.
#[tokio::test]
async fn malformed_requests_never_get_a_5xx() {
    let h = harness().await;
    let bodies: [&[u8]; 5] = [
        b"",
        b"{",
        b"\xff\xfe\x00garbage",
        b"{\"a\":1}",
        b"[[[[[[[[[[]]]]]]]]]]",
    ];
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
    ];
    for uri in [
        "/api/health",
        "/api/nope",
        "/",
        "/v/x",
        "/pkg/app-abc_bg.wasm",
        "/api/../etc/passwd",
    ] {
        for method in &methods {
            for body in bodies {
                let request = Request::builder()
                    .method(method.clone())
                    .uri(uri)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body.to_vec()))
                    .unwrap();
                let (status, _, _) = send(&h.app, request).await;
                assert!(!status.is_server_error(), "{method} {uri}: {status}");
            }
        }
    }
}

#[tokio::test]
async fn demo_data_loads_once_and_is_marked_fictitious() {
    let h = harness().await;
    assert!(demo::seed_once(&h.db, &h.keys, 1).await.unwrap());
    assert!(!demo::seed_once(&h.db, &h.keys, 2).await.unwrap());
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM organisations UNION ALL SELECT name FROM programmes")
            .fetch_all(&h.db)
            .await
            .unwrap();
    assert_eq!(names.len(), 5);
    assert!(names.iter().all(|n| n.contains("（架空）")), "{names:?}");
}
