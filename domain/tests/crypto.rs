//! Behaviour of the public API: round trips with the real parameters and every failure path.
#![allow(clippy::unwrap_used)]

use domain::Error;
use domain::audit::{self, ChainedEvent, Checkpoint, Event};
use domain::envelope::{self, MAX_RECIPIENTS, ObjectBinding, ObjectKind, Sender, TrustedSender};
use domain::identity::IdentitySeed;
use domain::keys::{DataKey, KeyPair, PublicKey, SecretKey};
use domain::record;
use domain::signing::{SigningKey, VerifyingKey};
use domain::wrap::{device, staff, verifier};

fn report(id: &str) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::Report, id, 1)
}

fn keypairs(n: usize) -> Vec<KeyPair> {
    (0..n).map(|_| KeyPair::generate().unwrap()).collect()
}

fn publics(kps: &[KeyPair]) -> Vec<PublicKey> {
    kps.iter().map(KeyPair::public).collect()
}

// --- keys -------------------------------------------------------------------------------------

#[test]
fn generated_keys_differ_and_round_trip() {
    let a = KeyPair::generate().unwrap();
    let b = KeyPair::generate().unwrap();
    assert_ne!(a.public(), b.public());
    assert_ne!(a.public().key_id(), b.public().key_id());
    assert_ne!(a.public().fingerprint(), b.public().fingerprint());
    let again = SecretKey::from_bytes(&a.secret().to_bytes());
    assert_eq!(&again, a.secret());
    assert_eq!(again.public_key(), a.public());
    assert_eq!(
        PublicKey::from_base64url(&a.public().to_base64url()).unwrap(),
        a.public()
    );
    assert_eq!(
        PublicKey::from_base64url("not base64!"),
        Err(Error::Malformed)
    );
    assert_eq!(PublicKey::from_slice(&[0; 31]), Err(Error::Malformed));
}

// --- envelope ---------------------------------------------------------------------------------

/// A sender as a browser or phone holds it: an id and a signing key.
struct Signer {
    id: &'static str,
    key: SigningKey,
    public: VerifyingKey,
}

impl Signer {
    fn new(id: &'static str) -> Self {
        let key = SigningKey::generate().unwrap();
        let public = key.verifying_key();
        Self { id, key, public }
    }

    fn seal(
        &self,
        binding: &ObjectBinding,
        to: &[PublicKey],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, Error> {
        envelope::seal(
            binding,
            &Sender {
                id: self.id,
                key: &self.key,
            },
            to,
            plaintext,
        )
    }

    fn trusted(&self) -> TrustedSender<'_> {
        TrustedSender {
            id: self.id,
            key: &self.public,
        }
    }
}

fn open(
    binding: &ObjectBinding,
    kp: &KeyPair,
    from: &Signer,
    sealed: &[u8],
) -> Result<Vec<u8>, Error> {
    envelope::open(binding, kp.secret(), &from.trusted(), sealed).map(|p| p.to_vec())
}

#[test]
fn envelope_round_trip_for_every_recipient() {
    let kps = keypairs(3);
    let device = Signer::new("device-1");
    let binding = report("r-1");
    let sealed = device.seal(&binding, &publics(&kps), b"CANARY").unwrap();
    for kp in &kps {
        assert_eq!(open(&binding, kp, &device, &sealed).unwrap(), b"CANARY");
    }
    let header = envelope::inspect(&sealed).unwrap();
    assert_eq!(header.binding, binding);
    assert_eq!(header.sender, "device-1");
    assert_eq!(header.sender_key, device.public);
    assert_eq!(header.recipients.len(), 3);
    assert_eq!(header.ciphertext_len, 6 + 16);
    assert_eq!(envelope::verify_sender_signature(&sealed).unwrap(), header);
    // Fresh randomness every time.
    assert_ne!(
        sealed,
        device.seal(&binding, &publics(&kps), b"CANARY").unwrap()
    );
}

#[test]
fn envelope_wrong_key_is_not_a_recipient() {
    let kps = keypairs(2);
    let s = Signer::new("s");
    let binding = report("r-1");
    let sealed = s.seal(&binding, &publics(&kps[..1]), b"x").unwrap();
    assert_eq!(
        open(&binding, &kps[1], &s, &sealed),
        Err(Error::NotARecipient)
    );
}

#[test]
fn envelope_under_another_object_fails() {
    let kps = keypairs(1);
    let s = Signer::new("s");
    let sealed = s.seal(&report("r-1"), &publics(&kps), b"x").unwrap();
    for other in [
        report("r-2"),
        ObjectBinding::new(ObjectKind::Report, "r-1", 2),
        ObjectBinding::new(ObjectKind::Brief, "r-1", 1),
    ] {
        assert_eq!(open(&other, &kps[0], &s, &sealed), Err(Error::WrongObject));
    }
}

#[test]
fn envelope_moved_between_objects_by_rewriting_the_header_fails() {
    // The relay rewrites the cleartext object id so the header matches another report: the
    // binding check passes, the signature must not.
    let kps = keypairs(1);
    let s = Signer::new("s");
    let sealed = s.seal(&report("r-1"), &publics(&kps), b"x").unwrap();
    let mut moved = sealed.clone();
    let at = sealed.windows(3).position(|w| w == b"r-1").unwrap();
    moved[at + 2] = b'2';
    assert_eq!(
        open(&report("r-2"), &kps[0], &s, &moved),
        Err(Error::BadSignature)
    );
}

#[test]
fn envelope_from_someone_other_than_the_trusted_sender_is_refused() {
    // The relay (or anyone with the recipients' public keys) seals under the coordinator's id
    // with a key of its own: the recipient trusts the coordinator's verified key, not the one
    // in the envelope.
    let kps = keypairs(1);
    let coordinator = Signer::new("coordinator-1");
    let forger = Signer {
        id: "coordinator-1",
        ..Signer::new("x")
    };
    let binding = ObjectBinding::new(ObjectKind::Brief, "b-1", 1);
    let forged = forger.seal(&binding, &publics(&kps), b"forged").unwrap();
    assert!(envelope::verify_sender_signature(&forged).is_ok());
    assert_eq!(
        open(&binding, &kps[0], &coordinator, &forged),
        Err(Error::UntrustedSender)
    );
    // The real one opens.
    let real = coordinator.seal(&binding, &publics(&kps), b"real").unwrap();
    assert_eq!(
        open(&binding, &kps[0], &coordinator, &real).unwrap(),
        b"real"
    );
}

#[test]
fn envelope_truncated_or_extended_fails() {
    let kps = keypairs(2);
    let s = Signer::new("s");
    let binding = report("r-1");
    let sealed = s.seal(&binding, &publics(&kps), b"hello").unwrap();
    for len in 0..sealed.len() {
        assert!(open(&binding, &kps[0], &s, &sealed[..len]).is_err());
    }
    let mut longer = sealed.clone();
    longer.push(0);
    assert_eq!(
        open(&binding, &kps[0], &s, &longer),
        Err(Error::BadSignature)
    );
}

#[test]
fn envelope_wrong_version_or_suite() {
    let kps = keypairs(1);
    let s = Signer::new("s");
    let binding = report("r-1");
    let mut sealed = s.seal(&binding, &publics(&kps), b"x").unwrap();
    sealed[0] = 1;
    assert_eq!(
        open(&binding, &kps[0], &s, &sealed),
        Err(Error::UnsupportedVersion(1))
    );
    sealed[0] = 2;
    sealed[1] = 9;
    assert_eq!(
        open(&binding, &kps[0], &s, &sealed),
        Err(Error::UnsupportedAlgorithm)
    );
}

#[test]
fn envelope_recipient_limits() {
    let kps = keypairs(MAX_RECIPIENTS + 1);
    let pks = publics(&kps);
    let s = Signer::new("s");
    let binding = report("r-1");
    assert!(s.seal(&binding, &pks[..MAX_RECIPIENTS], b"x").is_ok());
    assert_eq!(s.seal(&binding, &pks, b"x"), Err(Error::TooManyRecipients));
    assert_eq!(s.seal(&binding, &[], b"x"), Err(Error::InvalidInput));
    assert_eq!(
        s.seal(&binding, &[pks[0], pks[0]], b"x"),
        Err(Error::InvalidInput)
    );
    // A forged header claiming 65 recipients is refused before any slot is read.
    let mut sealed = s.seal(&binding, &pks[..1], b"x").unwrap();
    let count_at = 2 + 2 + 4 + 2 + 3 + 2 + 1 + 32;
    assert_eq!(&sealed[count_at..count_at + 2], &[0, 1]);
    sealed[count_at + 1] = 65;
    assert_eq!(envelope::inspect(&sealed), Err(Error::TooManyRecipients));
    sealed[count_at + 1] = 0;
    assert_eq!(envelope::inspect(&sealed), Err(Error::Malformed));
}

#[test]
fn envelope_argument_limits() {
    let pks = publics(&keypairs(1));
    let s = Signer::new("s");
    let long = "x".repeat(envelope::MAX_ID_LEN + 1);
    assert_eq!(s.seal(&report(""), &pks, b"x"), Err(Error::InvalidInput));
    assert_eq!(s.seal(&report(&long), &pks, b"x"), Err(Error::InvalidInput));
    let nameless = Signer {
        id: "",
        ..Signer::new("x")
    };
    assert_eq!(
        nameless.seal(&report("r"), &pks, b"x"),
        Err(Error::InvalidInput)
    );
    // The all-zero point is low order: key agreement with it would give a known secret.
    assert_eq!(
        s.seal(&report("r"), &[PublicKey::from_bytes([0; 32])], b"x"),
        Err(Error::InvalidKey)
    );
}

#[test]
fn a_reader_refuses_an_older_version_than_it_has_opened() {
    let v3 = ObjectBinding::new(ObjectKind::Brief, "b-1", 3);
    let v2 = ObjectBinding::new(ObjectKind::Brief, "b-1", 2);
    assert_eq!(envelope::check_not_older(None, &v2), Ok(()));
    assert_eq!(envelope::check_not_older(Some(3), &v3), Ok(()));
    assert_eq!(envelope::check_not_older(Some(2), &v3), Ok(()));
    assert_eq!(
        envelope::check_not_older(Some(3), &v2),
        Err(Error::Rollback)
    );
}

// --- local records ----------------------------------------------------------------------------

#[test]
fn record_round_trip_and_binding() {
    let dek = DataKey::generate().unwrap();
    let rec = record::seal_record(&dek, "drafts", "r-1", b"CANARY").unwrap();
    assert_eq!(rec.len(), 1 + 12 + 6 + 16);
    assert_eq!(
        record::open_record(&dek, "drafts", "r-1", &rec)
            .unwrap()
            .as_slice(),
        b"CANARY"
    );
    assert_eq!(
        record::open_record(&dek, "drafts", "r-2", &rec),
        Err(Error::Decrypt)
    );
    assert_eq!(
        record::open_record(&dek, "briefs", "r-1", &rec),
        Err(Error::Decrypt)
    );
    // Length prefixes: "ab"+"c" must not equal "a"+"bc".
    let rec = record::seal_record(&dek, "ab", "c", b"x").unwrap();
    assert_eq!(
        record::open_record(&dek, "a", "bc", &rec),
        Err(Error::Decrypt)
    );
    let other = DataKey::generate().unwrap();
    assert_eq!(
        record::open_record(&other, "ab", "c", &rec),
        Err(Error::Decrypt)
    );
}

#[test]
fn record_truncated_or_wrong_version() {
    let dek = DataKey::generate().unwrap();
    let rec = record::seal_record(&dek, "s", "k", b"hello").unwrap();
    for len in 0..rec.len() {
        assert!(record::open_record(&dek, "s", "k", &rec[..len]).is_err());
    }
    assert_eq!(
        record::open_record(&dek, "s", "k", &[]),
        Err(Error::Malformed)
    );
    let mut v2 = rec.clone();
    v2[0] = 2;
    assert_eq!(
        record::open_record(&dek, "s", "k", &v2),
        Err(Error::UnsupportedVersion(2))
    );
}

// --- device wrap (real parameters: the slow tests) ---------------------------------------------

#[test]
fn device_wrap_with_real_parameters() {
    let dek = DataKey::generate().unwrap();
    let share = device::ServerShare::generate().unwrap();
    let enrolment = device::wrap_dek("135790", &share, &dek).unwrap();
    assert_eq!(enrolment.wrapped_dek.len(), device::WRAPPED_DEK_LEN);
    let params = device::params(&enrolment.wrapped_dek).unwrap();
    assert_eq!(params.iterations, device::PBKDF2_ITERATIONS);

    // What the relay keeps, and the unlock flow: stretch once, prove, receive S, unwrap.
    let stored = verifier::hash_secret(enrolment.pin_proof.as_bytes()).unwrap();
    let stretched = device::stretch_pin("135790", &enrolment.wrapped_dek).unwrap();
    let proof = stretched.pin_proof().unwrap();
    assert!(verifier::verify_secret(&stored, proof.as_bytes()).unwrap());
    assert_eq!(
        stretched
            .unwrap_dek(&share, &enrolment.wrapped_dek)
            .unwrap(),
        dek
    );

    // Wrong share (e.g. destroyed and re-issued): the right PIN no longer opens.
    let other_share = device::ServerShare::generate().unwrap();
    assert_eq!(
        stretched.unwrap_dek(&other_share, &enrolment.wrapped_dek),
        Err(Error::Decrypt)
    );
}

#[test]
fn device_wrong_pin_fails_at_the_relay_and_locally() {
    // Cheap parameters: the floor is not what is under test here, and debug PBKDF2 is slow.
    let dek = DataKey::generate().unwrap();
    let share = device::ServerShare::generate().unwrap();
    let e =
        device::wrap_dek_for_test_vectors("135790", &share, &dek, 10, &[1; 16], &[2; 12]).unwrap();
    let stored = verifier::hash_secret(e.pin_proof.as_bytes()).unwrap();
    let wrong =
        device::stretch_pin_ignoring_floor_for_test_vectors("135791", &e.wrapped_dek).unwrap();
    assert!(!verifier::verify_secret(&stored, wrong.pin_proof().unwrap().as_bytes()).unwrap());
    assert_eq!(
        wrong.unwrap_dek(&share, &e.wrapped_dek),
        Err(Error::Decrypt)
    );
    let right =
        device::stretch_pin_ignoring_floor_for_test_vectors("135790", &e.wrapped_dek).unwrap();
    assert!(verifier::verify_secret(&stored, right.pin_proof().unwrap().as_bytes()).unwrap());
    assert_eq!(right.unwrap_dek(&share, &e.wrapped_dek).unwrap(), dek);
}

#[test]
fn device_wrap_refuses_weak_or_tampered_parameters() {
    let dek = DataKey::from_bytes(&[1; 32]);
    let share = device::ServerShare::from_bytes(&[2; 32]);
    let weak = device::wrap_dek_for_test_vectors("1", &share, &dek, 599_999, &[3; 16], &[4; 12])
        .unwrap()
        .wrapped_dek;
    assert_eq!(
        device::stretch_pin("1", &weak).err(),
        Some(Error::WeakParams)
    );
    assert_eq!(
        device::unwrap_dek("1", &share, &weak),
        Err(Error::WeakParams)
    );

    // Lowering the recorded count of a cheap blob changes the AEAD's associated data.
    let blob = device::wrap_dek_for_test_vectors("1", &share, &dek, 3, &[3; 16], &[4; 12])
        .unwrap()
        .wrapped_dek;
    let mut lowered = blob.clone();
    lowered[5] = 2;
    let st = device::stretch_pin_ignoring_floor_for_test_vectors("1", &lowered).unwrap();
    assert_eq!(st.unwrap_dek(&share, &lowered), Err(Error::Decrypt));

    let mut absurd = blob.clone();
    absurd[2..6].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(device::params(&absurd), Err(Error::Malformed));
    let mut v2 = blob.clone();
    v2[0] = 2;
    assert_eq!(device::params(&v2), Err(Error::UnsupportedVersion(2)));
    let mut kind = blob.clone();
    kind[1] = 2;
    assert_eq!(device::params(&kind), Err(Error::UnsupportedAlgorithm));
    assert_eq!(
        device::params(&blob[..blob.len() - 1]),
        Err(Error::Malformed)
    );
}

// --- staff wrap (real parameters) ---------------------------------------------------------------

#[test]
fn staff_wrap_with_real_parameters() {
    let params = staff::KdfParams::generate().unwrap();
    assert_eq!(params.m_cost_kib, 19 * 1024);
    let keys = staff::derive("パスワード correct horse", &params).unwrap();
    let seed = IdentitySeed::generate().unwrap();
    let blob = keys.wrap_seed(&seed).unwrap();
    assert_eq!(blob.len(), staff::WRAPPED_KEY_LEN);
    assert_eq!(staff::KdfParams::from_wrapped(&blob).unwrap(), params);

    let stored = verifier::hash_secret(keys.login_secret().as_bytes()).unwrap();
    let again = staff::derive("パスワード correct horse", &params).unwrap();
    assert!(verifier::verify_secret(&stored, again.login_secret().as_bytes()).unwrap());
    assert_eq!(again.unwrap_seed(&blob).unwrap(), seed);

    let wrong = staff::derive("パスワード correct horsf", &params).unwrap();
    assert!(!verifier::verify_secret(&stored, wrong.login_secret().as_bytes()).unwrap());
    assert_eq!(wrong.unwrap_seed(&blob), Err(Error::Decrypt));
}

#[test]
fn staff_wrap_refuses_weak_or_absurd_parameters() {
    let base = staff::KdfParams {
        m_cost_kib: 19 * 1024,
        t_cost: 2,
        p_cost: 1,
        salt: [0; 16],
    };
    for weak in [
        staff::KdfParams {
            m_cost_kib: 19 * 1024 - 1,
            ..base.clone()
        },
        staff::KdfParams {
            t_cost: 1,
            ..base.clone()
        },
    ] {
        assert_eq!(staff::derive("pw", &weak).err(), Some(Error::WeakParams));
    }
    for absurd in [
        staff::KdfParams {
            m_cost_kib: u32::MAX,
            ..base.clone()
        },
        staff::KdfParams {
            t_cost: 1000,
            ..base.clone()
        },
        staff::KdfParams {
            p_cost: 0,
            ..base.clone()
        },
        staff::KdfParams {
            p_cost: 64,
            ..base.clone()
        },
    ] {
        assert_eq!(staff::derive("pw", &absurd).err(), Some(Error::Malformed));
    }
    // A weak blob is refused at derivation, whatever the blob says.
    let cheap = staff::KdfParams {
        m_cost_kib: 64,
        t_cost: 1,
        ..base.clone()
    };
    let keys = staff::derive_ignoring_floor_for_test_vectors("pw", &cheap).unwrap();
    let blob = keys.wrap_seed(&IdentitySeed::from_bytes(&[5; 32])).unwrap();
    let recorded = staff::KdfParams::from_wrapped(&blob).unwrap();
    assert_eq!(
        staff::derive("pw", &recorded).err(),
        Some(Error::WeakParams)
    );
    // Editing the recorded parameters breaks the tag.
    let mut edited = blob.clone();
    edited[13] = 2;
    assert_eq!(keys.unwrap_seed(&edited), Err(Error::Decrypt));
    let mut v2 = blob.clone();
    v2[0] = 9;
    assert_eq!(keys.unwrap_seed(&v2), Err(Error::UnsupportedVersion(9)));
}

#[test]
fn secrets_serialize_as_base64url_and_never_print() {
    let share = device::ServerShare::from_bytes(&[0xfe; 32]);
    let json = serde_json::to_string(&share).unwrap();
    assert_eq!(
        serde_json::from_str::<device::ServerShare>(&json).unwrap(),
        share
    );
    assert_eq!(format!("{share:?}"), "ServerShare([redacted])");
    let params = staff::KdfParams::generate().unwrap();
    let back: staff::KdfParams =
        serde_json::from_str(&serde_json::to_string(&params).unwrap()).unwrap();
    assert_eq!(back, params);
}

#[test]
fn verifier_rejects_corrupt_rows() {
    let stored = verifier::hash_secret(&[7; 32]).unwrap();
    assert_eq!(stored.len(), verifier::VERIFIER_LEN);
    assert!(verifier::verify_secret(&stored, &[7; 32]).unwrap());
    assert!(!verifier::verify_secret(&stored, &[8; 32]).unwrap());
    assert_eq!(
        verifier::verify_secret(&[], &[7; 32]),
        Err(Error::Malformed)
    );
    let mut v2 = stored.clone();
    v2[0] = 2;
    assert_eq!(
        verifier::verify_secret(&v2, &[7; 32]),
        Err(Error::UnsupportedVersion(2))
    );
    // Same secret, fresh salt: different rows.
    assert_ne!(stored, verifier::hash_secret(&[7; 32]).unwrap());
}

// --- audit chain ------------------------------------------------------------------------------

fn chain(n: usize) -> (Vec<ChainedEvent>, Checkpoint) {
    let mut head = Checkpoint::genesis();
    let mut out = Vec::new();
    for i in 0..n {
        let e = audit::append(
            &head,
            Event {
                sequence: 0,
                time_ms: 1_700_000_000_000 + i as i64,
                actor: format!("user-{}", i % 3),
                action: "report.fetch".into(),
                object: format!("r-{i}"),
                detail: String::new(),
            },
        )
        .unwrap();
        head = Checkpoint {
            sequence: e.event.sequence,
            hash: e.hash,
        };
        out.push(e);
    }
    (out, head)
}

#[test]
fn audit_chain_detects_every_kind_of_edit() {
    let (events, head) = chain(10);
    assert_eq!(audit::verify(&events, Some(&head)), Ok(head));
    assert_eq!(
        audit::verify(&[], Some(&Checkpoint::genesis())),
        Ok(Checkpoint::genesis())
    );

    for i in 0..events.len() {
        let mut edited = events.clone();
        edited[i].event.time_ms += 1;
        assert_eq!(
            audit::verify(&edited, None),
            Err(Error::AuditChainBroken { position: i as u64 })
        );
        // Editing and recomputing that row's hash still breaks the next row.
        if i + 1 < events.len() {
            edited[i].hash = audit::chain_hash(
                &if i == 0 {
                    audit::genesis()
                } else {
                    events[i - 1].hash
                },
                &edited[i].event,
            );
            assert_eq!(
                audit::verify(&edited, None),
                Err(Error::AuditChainBroken {
                    position: i as u64 + 1
                })
            );
        }
    }
    let mut deleted = events.clone();
    deleted.remove(4);
    assert_eq!(
        audit::verify(&deleted, None),
        Err(Error::AuditChainBroken { position: 4 })
    );
    let mut inserted = events.clone();
    inserted.insert(3, events[3].clone());
    assert_eq!(
        audit::verify(&inserted, None),
        Err(Error::AuditChainBroken { position: 4 })
    );
    let mut reordered = events.clone();
    reordered.swap(6, 7);
    assert_eq!(
        audit::verify(&reordered, None),
        Err(Error::AuditChainBroken { position: 6 })
    );
}

#[test]
fn audit_chain_detects_truncation_against_a_checkpoint() {
    let (events, head) = chain(5);
    assert_eq!(
        audit::verify(&events[..4], Some(&head)),
        Err(Error::Truncated)
    );
    assert_eq!(audit::verify(&[], Some(&head)), Err(Error::Truncated));
    // An older checkpoint is fine while the log grows, as long as it matches.
    let old = Checkpoint {
        sequence: 3,
        hash: events[2].hash,
    };
    assert_eq!(audit::verify(&events, Some(&old)), Ok(head));
    let forged = Checkpoint {
        sequence: 3,
        hash: [0; 32],
    };
    assert_eq!(
        audit::verify(&events, Some(&forged)),
        Err(Error::AuditChainBroken { position: 2 })
    );
    // Verifying a later segment from a checkpoint.
    assert_eq!(
        audit::verify_from(&old, &events[3..], Some(&head)),
        Ok(head)
    );
}
