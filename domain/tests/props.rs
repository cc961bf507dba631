//! Property tests: round trips, every single-byte tamper, and arbitrary bytes never panicking.
//! Case counts are modest so `cargo test -p domain` stays quick in a debug build.
#![allow(clippy::unwrap_used)]

use std::sync::LazyLock;

use domain::envelope::{self, ObjectBinding, ObjectKind, Sender, TrustedSender};
use domain::keys::{DataKey, KeyPair, PublicKey, SecretKey};
use domain::signing::{SigningKey, VerifyingKey};
use domain::wrap::{device, staff, verifier};
use domain::{Error, record};
use proptest::prelude::*;

static KEYS: LazyLock<Vec<KeyPair>> = LazyLock::new(|| {
    (0..4u8)
        .map(|i| KeyPair::from_secret(SecretKey::from_bytes(&[i + 1; 32])))
        .collect()
});

static SIGNER: LazyLock<SigningKey> = LazyLock::new(|| SigningKey::from_slice(&[7; 32]).unwrap());
static SIGNER_PUBLIC: LazyLock<VerifyingKey> = LazyLock::new(|| SIGNER.verifying_key());

fn sender(id: &str) -> Sender<'_> {
    Sender { id, key: &SIGNER }
}

fn trusted(id: &str) -> TrustedSender<'_> {
    TrustedSender {
        id,
        key: &SIGNER_PUBLIC,
    }
}

fn binding() -> ObjectBinding {
    ObjectBinding::new(ObjectKind::Report, "r-1", 7)
}

/// One sealed envelope (2 recipients) and one record, shared by the tamper properties.
static SEALED: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let pks: Vec<PublicKey> = KEYS[..2].iter().map(KeyPair::public).collect();
    envelope::seal(&binding(), &sender("device-1"), &pks, b"CANARY report text").unwrap()
});
static DEK: LazyLock<DataKey> = LazyLock::new(|| DataKey::from_bytes(&[9; 32]));
static RECORD: LazyLock<Vec<u8>> =
    LazyLock::new(|| record::seal_record(&DEK, "drafts", "r-1", b"CANARY draft").unwrap());

fn kind() -> impl Strategy<Value = ObjectKind> {
    prop_oneof![
        Just(ObjectKind::Referral),
        Just(ObjectKind::Brief),
        Just(ObjectKind::Report),
        Just(ObjectKind::Comment),
        Just(ObjectKind::OrgKey),
        Just(ObjectKind::Pins),
        Just(ObjectKind::Invitation),
        Just(ObjectKind::IncidentNote),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn envelope_round_trips(
        kind in kind(),
        id in "[a-z0-9-]{1,40}",
        version in any::<u32>(),
        sender_id in "\\PC{1,20}",
        n in 1usize..=4,
        plaintext in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let binding = ObjectBinding::new(kind, id, version);
        let pks: Vec<PublicKey> = KEYS[..n].iter().map(KeyPair::public).collect();
        let sealed = envelope::seal(&binding, &sender(&sender_id), &pks, &plaintext).unwrap();
        for kp in &KEYS[..n] {
            let opened = envelope::open(&binding, kp.secret(), &trusted(&sender_id), &sealed).unwrap();
            prop_assert_eq!(opened.as_slice(), plaintext.as_slice());
        }
        if n < KEYS.len() {
            prop_assert_eq!(
                envelope::open(&binding, KEYS[n].secret(), &trusted(&sender_id), &sealed),
                Err(Error::NotARecipient)
            );
        }
    }

    #[test]
    fn record_round_trips(
        store in "\\PC{0,20}",
        key in "\\PC{0,40}",
        plaintext in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let rec = record::seal_record(&DEK, &store, &key, &plaintext).unwrap();
        let opened = record::open_record(&DEK, &store, &key, &rec).unwrap();
        prop_assert_eq!(opened.as_slice(), plaintext.as_slice());
        let moved = format!("{key}'");
        prop_assert_eq!(record::open_record(&DEK, &store, &moved, &rec), Err(Error::Decrypt));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = envelope::inspect(&bytes);
        let _ = envelope::verify_sender_signature(&bytes);
        let _ = envelope::open(&binding(), KEYS[0].secret(), &trusted("device-1"), &bytes);
        let _ = record::open_record(&DEK, "s", "k", &bytes);
        let _ = device::params(&bytes);
        let _ = staff::KdfParams::from_wrapped(&bytes);
        let _ = verifier::verify_secret(&bytes, &[0; 32]);
        let _ = PublicKey::from_slice(&bytes);
    }

    /// Arbitrary bytes behind a valid prefix reach deeper into the parsers.
    #[test]
    fn arbitrary_suffixes_never_panic(
        cut in 0usize..200,
        tail in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut bytes = SEALED[..cut.min(SEALED.len())].to_vec();
        bytes.extend_from_slice(&tail);
        let _ = envelope::inspect(&bytes);
        let _ = envelope::verify_sender_signature(&bytes);
        let _ = envelope::open(&binding(), KEYS[0].secret(), &trusted("device-1"), &bytes);
        let mut blob = vec![1u8, 1, 0, 0, 0, 1];
        blob.extend_from_slice(&tail);
        if let Ok(st) = device::stretch_pin_ignoring_floor_for_test_vectors("1", &blob) {
            let _ = st.unwrap_dek(&device::ServerShare::from_bytes(&[0; 32]), &blob);
        }
        let mut blob = vec![1u8, 2, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 1];
        blob.extend_from_slice(&tail);
        let _ = staff::KdfParams::from_wrapped(&blob);
    }
}

// Every byte position, with a random non-zero XOR: exhaustive over positions rather than
// sampled, since a missed position is exactly the bug this is for.
#[test]
fn every_single_byte_tamper_of_an_envelope_fails_for_every_recipient() {
    for i in 0..SEALED.len() {
        let mut t = SEALED.clone();
        t[i] ^= mask(i);
        for kp in &KEYS[..2] {
            assert!(
                envelope::open(&binding(), kp.secret(), &trusted("device-1"), &t).is_err(),
                "tamper at byte {i} opened"
            );
        }
    }
}

#[test]
fn every_single_byte_tamper_of_a_record_fails() {
    for i in 0..RECORD.len() {
        let mut t = RECORD.clone();
        t[i] ^= mask(i);
        assert!(
            record::open_record(&DEK, "drafts", "r-1", &t).is_err(),
            "tamper at byte {i} opened"
        );
    }
}

/// A non-zero XOR mask that varies with the position, so single-bit and multi-bit flips are
/// both covered without randomness in a test that must be exhaustive anyway.
fn mask(i: usize) -> u8 {
    u8::try_from(i.wrapping_mul(131).wrapping_add(7) % 255).unwrap() + 1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random multi-byte damage anywhere: never opens, never panics.
    #[test]
    fn random_tampers_of_an_envelope_fail(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
    ) {
        let mut t = SEALED.clone();
        for (at, x) in edits {
            let i = at.index(t.len());
            t[i] ^= x;
        }
        prop_assert!(envelope::open(&binding(), KEYS[0].secret(), &trusted("device-1"), &t).is_err());
    }
}
