//! domain's committed crypto test vectors, checked in a real Chromium with the wasm build of the
//! same code the relay runs natively: the browser and the relay provably agree byte for byte.
//! The checks themselves live in `domain/tests/vectors/check.rs`, shared with the native run.
#![allow(clippy::unwrap_used)]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../../domain/tests/vectors/check.rs"]
mod check;

#[wasm_bindgen_test]
fn envelope_vectors() {
    check::check_envelope(include_str!("../../domain/tests/vectors/envelope.json"));
}

#[wasm_bindgen_test]
fn record_vectors() {
    check::check_record(include_str!("../../domain/tests/vectors/record.json"));
}

#[wasm_bindgen_test]
fn device_wrap_vectors() {
    check::check_device_wrap(include_str!("../../domain/tests/vectors/device_wrap.json"));
}

#[wasm_bindgen_test]
fn staff_wrap_vectors() {
    check::check_staff_wrap(include_str!("../../domain/tests/vectors/staff_wrap.json"));
}

#[wasm_bindgen_test]
fn verifier_vectors() {
    check::check_verifier(include_str!("../../domain/tests/vectors/verifier.json"));
}

#[wasm_bindgen_test]
fn audit_vectors() {
    check::check_audit(include_str!("../../domain/tests/vectors/audit.json"));
}

/// The browser's CSPRNG path (getrandom's `wasm_js` backend) works: fresh keys and a sealed
/// round trip with OS randomness.
#[wasm_bindgen_test]
fn random_keys_and_round_trip_in_the_browser() {
    use domain::envelope::{self, ObjectBinding, ObjectKind, Sender, TrustedSender};
    use domain::keys::{DataKey, KeyPair};
    use domain::signing::SigningKey;
    let a = KeyPair::generate().unwrap();
    let b = KeyPair::generate().unwrap();
    assert_ne!(a.public(), b.public());
    let device = SigningKey::generate().unwrap();
    let device_public = device.verifying_key();
    let binding = ObjectBinding::new(ObjectKind::Report, "r-1", 1);
    let sealed = envelope::seal(
        &binding,
        &Sender {
            id: "device-1",
            key: &device,
        },
        &[a.public(), b.public()],
        b"CANARY",
    )
    .unwrap();
    let trusted = TrustedSender {
        id: "device-1",
        key: &device_public,
    };
    assert_eq!(
        envelope::open(&binding, b.secret(), &trusted, &sealed)
            .unwrap()
            .as_slice(),
        b"CANARY"
    );
    let dek = DataKey::generate().unwrap();
    let rec = domain::record::seal_record(&dek, "drafts", "r-1", b"CANARY").unwrap();
    assert_eq!(
        domain::record::open_record(&dek, "drafts", "r-1", &rec)
            .unwrap()
            .as_slice(),
        b"CANARY"
    );
}
