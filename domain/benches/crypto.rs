//! Native timings of the operations with budgets in DESIGN.md §9 (the wasm figure for sealing
//! comes from `app/tests/crypto_bench.rs`).
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use domain::envelope::{self, ObjectBinding, ObjectKind, Sender, TrustedSender};
use domain::keys::{DataKey, KeyPair, PublicKey};
use domain::record;
use domain::signing::SigningKey;
use domain::wrap::{device, staff};

fn report_4k() -> Vec<u8> {
    (0..4096u32).map(|i| (i % 251) as u8).collect()
}

fn envelope_benches(c: &mut Criterion) {
    let kps: Vec<KeyPair> = (0..2).map(|_| KeyPair::generate().unwrap()).collect();
    let pks: Vec<PublicKey> = kps.iter().map(KeyPair::public).collect();
    let binding = ObjectBinding::new(
        ObjectKind::Report,
        "0b6f1c2e-8a4d-4f7e-9c3b-5d2a1e0f4b6c",
        1,
    );
    let body = report_4k();
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
    c.bench_function("seal_4k_2r", |b| {
        b.iter(|| envelope::seal(black_box(&binding), &sender, &pks, black_box(&body)).unwrap())
    });
    let sealed = envelope::seal(&binding, &sender, &pks, &body).unwrap();
    c.bench_function("open_4k_2r", |b| {
        b.iter(|| {
            envelope::open(
                black_box(&binding),
                kps[1].secret(),
                &trusted,
                black_box(&sealed),
            )
            .unwrap()
        })
    });
}

fn record_benches(c: &mut Criterion) {
    let dek = DataKey::generate().unwrap();
    let body = report_4k();
    c.bench_function("record_seal_4k", |b| {
        b.iter(|| record::seal_record(&dek, "drafts", "r-1", black_box(&body)).unwrap())
    });
    let rec = record::seal_record(&dek, "drafts", "r-1", &body).unwrap();
    c.bench_function("record_open_4k", |b| {
        b.iter(|| record::open_record(&dek, "drafts", "r-1", black_box(&rec)).unwrap())
    });
}

fn kdf_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("kdf");
    g.sample_size(10);
    let share = device::ServerShare::generate().unwrap();
    let wrapped = device::wrap_dek("246810", &share, &DataKey::generate().unwrap())
        .unwrap()
        .wrapped_dek;
    g.bench_function("pbkdf2_sha256_600k", |b| {
        b.iter(|| device::stretch_pin(black_box("246810"), &wrapped).unwrap())
    });
    let params = staff::KdfParams::generate().unwrap();
    g.bench_function("argon2id_m19456_t2_p1", |b| {
        b.iter(|| staff::derive(black_box("correct horse"), &params).unwrap())
    });
    g.finish();
}

criterion_group!(benches, envelope_benches, record_benches, kdf_benches);
criterion_main!(benches);
