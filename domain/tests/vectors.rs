//! The committed test vectors: each file must equal what the deterministic APIs produce today,
//! and must verify from its own recorded inputs. The browser runs the same checks
//! (`app/tests/crypto_vectors.rs`).
//!
//! Regenerate after an intentional format change with
//! `cargo test -p domain --test vectors -- --ignored regenerate`.
#![allow(clippy::unwrap_used)]

#[path = "vectors/check.rs"]
mod check;

use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap();
    s.push('\n');
    s
}

#[test]
#[ignore = "writes domain/tests/vectors/*.json; run only after an intentional format change"]
fn regenerate() {
    for (name, generate, _) in check::all() {
        std::fs::write(dir().join(name), pretty(&generate())).unwrap();
    }
}

#[test]
fn committed_vectors_match_the_deterministic_api() {
    for (name, generate, _) in check::all() {
        let committed = std::fs::read_to_string(dir().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}; run the ignored `regenerate` test"));
        let committed: serde_json::Value = serde_json::from_str(&committed).unwrap();
        assert_eq!(committed, generate(), "{name} is stale");
    }
}

#[test]
fn envelope_vectors() {
    check::check_envelope(include_str!("vectors/envelope.json"));
}

#[test]
fn record_vectors() {
    check::check_record(include_str!("vectors/record.json"));
}

#[test]
fn device_wrap_vectors() {
    check::check_device_wrap(include_str!("vectors/device_wrap.json"));
}

#[test]
fn staff_wrap_vectors() {
    check::check_staff_wrap(include_str!("vectors/staff_wrap.json"));
}

#[test]
fn verifier_vectors() {
    check::check_verifier(include_str!("vectors/verifier.json"));
}

#[test]
fn audit_vectors() {
    check::check_audit(include_str!("vectors/audit.json"));
}
