//! DESIGN §2 "no personal data in logs": the relay's one log line per request names the route
//! template a request matched, never its raw path, so ids are validated (and free text dropped)
//! before anything is logged.
//!
//! Alone in its own test binary: `tracing`'s per-callsite interest cache is shared by every
//! thread of a process, so a thread-local test subscriber can miss events while other tests run
//! in parallel.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use serde_json::json;

/// A writer the test's log lines go to.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_http_log_names_route_templates_never_raw_paths() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let h = harness().await;
    let mut w = world(&h).await;
    let device = w.phone_b.device_id.clone();
    // Matched, with a real id (a denial), with a malformed one, and no route at all.
    h.post(
        &mut w.coordinator_a.client,
        &format!("/api/partner/devices/{device}/lost"),
        json!({ "note": "" }),
    )
    .await;
    h.post(
        &mut w.coordinator_a.client,
        "/api/partner/devices/yamada-hanako-0426/lost",
        json!({ "note": "" }),
    )
    .await;
    h.get(&mut Client::default(), "/api/yamada-hanako-0426/x")
        .await;
    h.get(&mut Client::default(), "/c/volunteers/yamada-hanako-0426")
        .await;
    h.get(&mut Client::default(), &format!("/c/volunteers/{device}"))
        .await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("path=/api/partner/devices/{device_id}/lost"),
        "{log}"
    );
    assert!(log.contains("path=/c/*/"), "{log}");
    assert!(!log.contains("yamada"), "a raw path reached the log: {log}");
    let logged_lines: Vec<&str> = log.lines().filter(|l| l.contains("request")).collect();
    assert!(logged_lines.len() >= 5, "{log}");
    // The only id that may appear is a validated one, on an unmatched path.
    for line in &logged_lines {
        if line.contains("/api/") {
            assert!(!line.contains(&device), "{line}");
        }
    }
}
