//! Wasm timings of the crypto core in Chromium, for `cargo xtask bench` to collect.
//!
//! Prints parseable lines (`BENCH <name> p50=<ms> p95=<ms> n=<runs>`, and
//! `BENCH <name> first=<ms>` for the cold first call) and asserts nothing about
//! time: a timed assertion on a shared 2-core machine would only be flaky. Run with `--release`
//! for numbers that mean anything; the debug build is several times slower.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use domain::envelope::{self, ObjectBinding, ObjectKind, Sender, TrustedSender};
use domain::keys::{DataKey, KeyPair, PublicKey};
use domain::record;
use domain::signing::SigningKey;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUNS: usize = 50;
const WARM_UP: usize = 10;

fn now_ms() -> f64 {
    // performance.now() through js_sys, so the test needs no extra web-sys features.
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&perf, &"now".into()).unwrap().into();
    now.call0(&perf).unwrap().as_f64().unwrap()
}

fn report(name: &str, mut samples: Vec<f64>) {
    samples.sort_by(f64::total_cmp);
    let pick = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    console_log!(
        "BENCH {name} p50={:.3} p95={:.3} n={}",
        pick(0.5),
        pick(0.95),
        samples.len()
    );
}

/// Steady-state samples. V8 first runs wasm on its baseline compiler and tiers up hot functions
/// in the background, so the first calls are slower; they are measured separately by
/// [`first_call`] and kept out of these samples by the warm-up.
fn time(mut f: impl FnMut()) -> Vec<f64> {
    for _ in 0..WARM_UP {
        f();
    }
    (0..RUNS)
        .map(|_| {
            let t = now_ms();
            f();
            now_ms() - t
        })
        .collect()
}

/// The very first call in a fresh module: what a volunteer waits for when sealing one report.
fn first_call(name: &str, f: impl FnOnce()) {
    let t = now_ms();
    f();
    console_log!("BENCH {name} first={:.3}", now_ms() - t);
}

fn body_4k() -> Vec<u8> {
    (0..4096u32).map(|i| (i % 251) as u8).collect()
}

#[wasm_bindgen_test]
fn bench_seal_and_open_4k_to_2_recipients() {
    let kps: Vec<KeyPair> = (0..2).map(|_| KeyPair::generate().unwrap()).collect();
    let pks: Vec<PublicKey> = kps.iter().map(KeyPair::public).collect();
    let binding = ObjectBinding::new(
        ObjectKind::Report,
        "0b6f1c2e-8a4d-4f7e-9c3b-5d2a1e0f4b6c",
        1,
    );
    let body = body_4k();
    let device = SigningKey::generate().unwrap();
    let device_public = device.verifying_key();
    let sender = Sender {
        id: "device-1",
        key: &device,
    };
    let trusted = TrustedSender {
        id: "device-1",
        key: &device_public,
    };
    first_call("seal_4k_2r_wasm_ms", || {
        envelope::seal(&binding, &sender, &pks, &body).unwrap();
    });
    report(
        "seal_4k_2r_wasm_ms",
        time(|| {
            envelope::seal(&binding, &sender, &pks, &body).unwrap();
        }),
    );
    let sealed = envelope::seal(&binding, &sender, &pks, &body).unwrap();
    report(
        "open_4k_2r_wasm_ms",
        time(|| {
            envelope::open(&binding, kps[1].secret(), &trusted, &sealed).unwrap();
        }),
    );
}

#[wasm_bindgen_test]
fn bench_record_4k() {
    let dek = DataKey::generate().unwrap();
    let body = body_4k();
    report(
        "record_seal_4k_wasm_ms",
        time(|| {
            record::seal_record(&dek, "drafts", "r-1", &body).unwrap();
        }),
    );
    let rec = record::seal_record(&dek, "drafts", "r-1", &body).unwrap();
    report(
        "record_open_4k_wasm_ms",
        time(|| {
            record::open_record(&dek, "drafts", "r-1", &rec).unwrap();
        }),
    );
}
