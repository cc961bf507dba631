//! Shared by `domain/tests/vectors.rs` (native) and `app/tests/crypto_vectors.rs` (browser), so
//! both run exactly the same checks against the same committed JSON files.
//!
//! `generate_*` builds each file from fixed inputs with the deterministic APIs; `check_*` reads a
//! committed file and verifies every output from its recorded inputs, plus the negative cases.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use domain::Error;
use domain::audit::{self, ChainedEvent, Checkpoint, Event};
use domain::envelope::{self, ObjectBinding, ObjectKind, SealSecrets, Sender, TrustedSender};
use domain::identity::IdentitySeed;
use domain::keys::{DataKey, PublicKey, SecretKey};
use domain::record;
use domain::signing::{SigningKey, VerifyingKey};
use domain::wrap::{device, staff, verifier};
use serde_json::{Value, json};

pub const ENVELOPE: &str = "envelope.json";
pub const RECORD: &str = "record.json";
pub const DEVICE_WRAP: &str = "device_wrap.json";
pub const STAFF_WRAP: &str = "staff_wrap.json";
pub const VERIFIER: &str = "verifier.json";
pub const AUDIT: &str = "audit.json";

/// Fixed "random" inputs expanded from a label (FNV-1a seed, then splitmix64), so the generator
/// needs no literal key material and no hash crate the app does not already have. Not a CSPRNG;
/// it only has to be deterministic and look unstructured.
fn fixed<const N: usize>(label: &str) -> [u8; N] {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("yorisoi/test-vector/{label}").bytes() {
        state = (state ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut out = [0u8; N];
    for chunk in out.chunks_mut(8) {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
    }
    out
}

fn h(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn unhex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

fn unhex_n<const N: usize>(v: &Value) -> [u8; N] {
    unhex(v).try_into().expect("right length")
}

fn s(v: &Value) -> &str {
    v.as_str().expect("string")
}

fn n(v: &Value) -> u64 {
    v.as_u64().expect("number")
}

fn kind_name(kind: ObjectKind) -> Value {
    serde_json::to_value(kind).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Envelope

struct EnvelopeCase {
    name: &'static str,
    kind: ObjectKind,
    object_id: &'static str,
    version: u32,
    sender: &'static str,
    recipients: &'static [&'static str],
    plaintext: &'static [u8],
}

const ENVELOPE_CASES: &[EnvelopeCase] = &[
    EnvelopeCase {
        name: "report sealed to the centre and partner org keys",
        kind: ObjectKind::Report,
        object_id: "0b6f1c2e-8a4d-4f7e-9c3b-5d2a1e0f4b6c",
        version: 1,
        sender: "device-3a7e",
        recipients: &["centre-org-key", "partner-org-key"],
        plaintext: "{\"urgency\":\"none\",\"text\":\"CANARY-report 元気でした\"}".as_bytes(),
    },
    EnvelopeCase {
        name: "brief version 3 to one device key",
        kind: ObjectKind::Brief,
        object_id: "brief-42",
        version: 3,
        sender: "staff-coordinator-9",
        recipients: &["volunteer-device-1"],
        plaintext: b"CANARY-brief: use the side door",
    },
    EnvelopeCase {
        name: "empty comment to three recipients",
        kind: ObjectKind::Comment,
        object_id: "c",
        version: 0,
        sender: "s",
        recipients: &["centre-org-key", "partner-org-key", "volunteer-device-1"],
        plaintext: b"",
    },
];

pub fn generate_envelope() -> Value {
    let cases: Vec<Value> = ENVELOPE_CASES
        .iter()
        .map(|c| {
            let secrets = SealSecrets {
                content_key: fixed(&format!("{}/content-key", c.name)),
                nonce: fixed(&format!("{}/nonce", c.name)),
                ephemeral_ikm: c
                    .recipients
                    .iter()
                    .map(|r| fixed(&format!("{}/ephemeral/{r}", c.name)))
                    .collect(),
            };
            let keys: Vec<SecretKey> = c
                .recipients
                .iter()
                .map(|r| SecretKey::from_bytes(&fixed(r)))
                .collect();
            let publics: Vec<PublicKey> = keys.iter().map(SecretKey::public_key).collect();
            let binding = ObjectBinding::new(c.kind, c.object_id, c.version);
            let signing_seed: [u8; 32] = fixed(&format!("{}/signing", c.sender));
            let signing = SigningKey::from_slice(&signing_seed).unwrap();
            let sealed = envelope::seal_deterministic(
                &binding,
                &Sender {
                    id: c.sender,
                    key: &signing,
                },
                &publics,
                c.plaintext,
                &secrets,
            )
            .unwrap();
            json!({
                "name": c.name,
                "kind": kind_name(c.kind),
                "kind_code": c.kind.code(),
                "object_id": c.object_id,
                "version": c.version,
                "sender": c.sender,
                "sender_signing_seed": h(&signing_seed),
                "sender_verifying_key": h(signing.verifying_key().as_bytes()),
                "recipients": keys.iter().zip(&publics).zip(&secrets.ephemeral_ikm).map(|((sk, pk), ikm)| json!({
                    "secret_key": h(sk.to_bytes().as_slice()),
                    "public_key": h(pk.as_bytes()),
                    "public_key_base64url": pk.to_base64url(),
                    "key_id": pk.key_id().to_hex(),
                    "fingerprint": pk.fingerprint(),
                    "ephemeral_ikm": h(ikm),
                })).collect::<Vec<_>>(),
                "content_key": h(&secrets.content_key),
                "nonce": h(&secrets.nonce),
                "plaintext": h(c.plaintext),
                "envelope": h(&sealed),
            })
        })
        .collect();
    json!({
        "description": "Sealed envelope v2 (domain/ENVELOPE.md). secret_key is the clamped X25519 scalar; ephemeral_ikm is RFC 9180 ikmE per recipient, in order; sender_signing_seed is the RFC 8032 Ed25519 private key of the sender.",
        "cases": cases,
    })
}

pub fn check_envelope(file: &str) {
    let v: Value = serde_json::from_str(file).unwrap();
    let outsider = SecretKey::from_bytes(&fixed("outsider"));
    for c in v["cases"].as_array().unwrap() {
        let name = s(&c["name"]);
        let kind: ObjectKind = serde_json::from_value(c["kind"].clone()).unwrap();
        assert_eq!(u64::from(kind.code()), n(&c["kind_code"]), "{name}");
        let binding = ObjectBinding::new(
            kind,
            s(&c["object_id"]),
            u32::try_from(n(&c["version"])).unwrap(),
        );
        let recipients = c["recipients"].as_array().unwrap();
        let mut publics = Vec::new();
        let mut secrets = Vec::new();
        let mut ikms = Vec::new();
        for r in recipients {
            let sk = SecretKey::from_bytes(&unhex_n(&r["secret_key"]));
            let pk = sk.public_key();
            assert_eq!(h(pk.as_bytes()), s(&r["public_key"]), "{name}: public key");
            assert_eq!(pk.to_base64url(), s(&r["public_key_base64url"]), "{name}");
            assert_eq!(
                PublicKey::from_base64url(s(&r["public_key_base64url"])).unwrap(),
                pk
            );
            assert_eq!(pk.key_id().to_hex(), s(&r["key_id"]), "{name}: key id");
            assert_eq!(
                pk.fingerprint(),
                s(&r["fingerprint"]),
                "{name}: fingerprint"
            );
            publics.push(pk);
            secrets.push(sk);
            ikms.push(unhex_n::<32>(&r["ephemeral_ikm"]));
        }
        let plaintext = unhex(&c["plaintext"]);
        let expected = unhex(&c["envelope"]);
        let signing = SigningKey::from_slice(&unhex(&c["sender_signing_seed"])).unwrap();
        let sender_key = signing.verifying_key();
        assert_eq!(
            h(sender_key.as_bytes()),
            s(&c["sender_verifying_key"]),
            "{name}: sender key"
        );
        let trusted = TrustedSender {
            id: s(&c["sender"]),
            key: &sender_key,
        };
        let seal_secrets = SealSecrets {
            content_key: unhex_n(&c["content_key"]),
            nonce: unhex_n(&c["nonce"]),
            ephemeral_ikm: ikms,
        };
        let sealed = envelope::seal_deterministic(
            &binding,
            &Sender {
                id: s(&c["sender"]),
                key: &signing,
            },
            &publics,
            &plaintext,
            &seal_secrets,
        )
        .unwrap();
        assert_eq!(h(&sealed), h(&expected), "{name}: sealed bytes");

        let header = envelope::inspect(&expected).unwrap();
        assert_eq!(header.binding, binding, "{name}");
        assert_eq!(header.sender, s(&c["sender"]), "{name}");
        assert_eq!(header.sender_key, sender_key, "{name}");
        assert_eq!(
            header.recipients,
            publics.iter().map(PublicKey::key_id).collect::<Vec<_>>()
        );
        assert_eq!(
            envelope::verify_sender_signature(&expected).unwrap(),
            header
        );
        for sk in &secrets {
            let opened = envelope::open(&binding, sk, &trusted, &expected).unwrap();
            assert_eq!(opened.as_slice(), plaintext.as_slice(), "{name}: opened");
        }
        assert_eq!(
            envelope::open(&binding, &outsider, &trusted, &expected),
            Err(Error::NotARecipient),
            "{name}: outsider"
        );
        let moved = ObjectBinding::new(kind, "another-object", binding.version);
        assert_eq!(
            envelope::open(&moved, &secrets[0], &trusted, &expected),
            Err(Error::WrongObject),
            "{name}: other object"
        );
        let newer = ObjectBinding::new(kind, binding.object_id.clone(), binding.version + 1);
        assert_eq!(
            envelope::open(&newer, &secrets[0], &trusted, &expected),
            Err(Error::WrongObject),
            "{name}: other version"
        );
        let stranger: VerifyingKey = SigningKey::from_slice(&fixed::<32>("stranger"))
            .unwrap()
            .verifying_key();
        for untrusted in [
            TrustedSender {
                id: trusted.id,
                key: &stranger,
            },
            TrustedSender {
                id: "someone-else",
                key: &sender_key,
            },
        ] {
            assert_eq!(
                envelope::open(&binding, &secrets[0], &untrusted, &expected),
                Err(Error::UntrustedSender),
                "{name}: untrusted sender"
            );
        }
        // The last byte is the signature's, the one before it the body tag's: both are covered
        // by the signature, which is checked before anything is decrypted.
        for back in [1, 65] {
            let mut flipped = expected.clone();
            let at = flipped.len() - back;
            flipped[at] ^= 1;
            assert_eq!(
                envelope::open(&binding, &secrets[0], &trusted, &flipped),
                Err(Error::BadSignature),
                "{name}: flipped byte {back} from the end"
            );
            assert_eq!(
                envelope::verify_sender_signature(&flipped),
                Err(Error::BadSignature)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Local records

const RECORD_CASES: &[(&str, &str, &[u8])] = &[
    (
        "drafts",
        "0b6f1c2e-8a4d-4f7e-9c3b-5d2a1e0f4b6c",
        "{\"text\":\"CANARY-draft 下書き\"}".as_bytes(),
    ),
    ("briefs", "brief-42", b"CANARY-brief"),
    ("settings", "", b""),
];

pub fn generate_record() -> Value {
    let dek = DataKey::from_bytes(&fixed("dek"));
    let cases: Vec<Value> = RECORD_CASES
        .iter()
        .map(|(store, key, plaintext)| {
            let nonce: [u8; 12] = fixed(&format!("record/{store}/{key}/nonce"));
            let rec =
                record::seal_record_deterministic(&dek, store, key, &nonce, plaintext).unwrap();
            json!({
                "store": store,
                "key": key,
                "nonce": h(&nonce),
                "plaintext": h(plaintext),
                "record": h(&rec),
            })
        })
        .collect();
    json!({
        "description": "Local record v1: version ‖ nonce ‖ AES-256-GCM(dek, plaintext, ad = store ‖ key, length-prefixed).",
        "dek": h(dek.as_bytes()),
        "cases": cases,
    })
}

pub fn check_record(file: &str) {
    let v: Value = serde_json::from_str(file).unwrap();
    let dek = DataKey::from_bytes(&unhex_n(&v["dek"]));
    let other_dek = DataKey::from_bytes(&fixed("other-dek"));
    for c in v["cases"].as_array().unwrap() {
        let (store, key) = (s(&c["store"]), s(&c["key"]));
        let plaintext = unhex(&c["plaintext"]);
        let expected = unhex(&c["record"]);
        let rec =
            record::seal_record_deterministic(&dek, store, key, &unhex_n(&c["nonce"]), &plaintext)
                .unwrap();
        assert_eq!(h(&rec), h(&expected), "{store}/{key}");
        assert_eq!(
            record::open_record(&dek, store, key, &expected)
                .unwrap()
                .as_slice(),
            plaintext.as_slice()
        );
        assert_eq!(
            record::open_record(&dek, store, &format!("{key}x"), &expected),
            Err(Error::Decrypt)
        );
        assert_eq!(
            record::open_record(&dek, &format!("{store}x"), key, &expected),
            Err(Error::Decrypt)
        );
        assert_eq!(
            record::open_record(&other_dek, store, key, &expected),
            Err(Error::Decrypt)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Device wrap (PIN + server share)

/// Far below the floor so the browser's debug build checks this in milliseconds; the floor
/// itself is checked below (the same blob is refused by the normal API).
const VECTOR_PBKDF2_ITERATIONS: u32 = 1000;

pub fn generate_device_wrap() -> Value {
    let pin = "246810";
    let share = device::ServerShare::from_bytes(&fixed("server-share"));
    let dek = DataKey::from_bytes(&fixed("dek"));
    let salt: [u8; 16] = fixed("device/salt");
    let nonce: [u8; 12] = fixed("device/nonce");
    let e = device::wrap_dek_for_test_vectors(
        pin,
        &share,
        &dek,
        VECTOR_PBKDF2_ITERATIONS,
        &salt,
        &nonce,
    )
    .unwrap();
    json!({
        "description": "Device DEK wrap v1 (domain/src/wrap/device.rs). Iterations are below the floor on purpose: only the *_for_test_vectors API opens this blob.",
        "pin": pin,
        "server_share": h(share.as_bytes()),
        "dek": h(dek.as_bytes()),
        "iterations": VECTOR_PBKDF2_ITERATIONS,
        "salt": h(&salt),
        "nonce": h(&nonce),
        "pin_proof": h(e.pin_proof.as_bytes()),
        "wrapped_dek": h(&e.wrapped_dek),
    })
}

pub fn check_device_wrap(file: &str) {
    let v: Value = serde_json::from_str(file).unwrap();
    let pin = s(&v["pin"]);
    let share = device::ServerShare::from_bytes(&unhex_n(&v["server_share"]));
    let dek = DataKey::from_bytes(&unhex_n(&v["dek"]));
    let wrapped = unhex(&v["wrapped_dek"]);
    let e = device::wrap_dek_for_test_vectors(
        pin,
        &share,
        &dek,
        u32::try_from(n(&v["iterations"])).unwrap(),
        &unhex_n(&v["salt"]),
        &unhex_n(&v["nonce"]),
    )
    .unwrap();
    assert_eq!(h(&e.wrapped_dek), h(&wrapped));
    assert_eq!(h(e.pin_proof.as_bytes()), s(&v["pin_proof"]));

    let stretched = device::stretch_pin_ignoring_floor_for_test_vectors(pin, &wrapped).unwrap();
    assert_eq!(
        h(stretched.pin_proof().unwrap().as_bytes()),
        s(&v["pin_proof"])
    );
    assert_eq!(stretched.unwrap_dek(&share, &wrapped).unwrap(), dek);

    let wrong_share = device::ServerShare::from_bytes(&fixed("other-share"));
    assert_eq!(
        stretched.unwrap_dek(&wrong_share, &wrapped),
        Err(Error::Decrypt)
    );
    let wrong_pin =
        device::stretch_pin_ignoring_floor_for_test_vectors("246811", &wrapped).unwrap();
    assert_ne!(
        wrong_pin.pin_proof().unwrap(),
        stretched.pin_proof().unwrap()
    );
    assert_eq!(wrong_pin.unwrap_dek(&share, &wrapped), Err(Error::Decrypt));
    assert_eq!(
        device::stretch_pin(pin, &wrapped).err(),
        Some(Error::WeakParams)
    );
    assert_eq!(
        device::unwrap_dek(pin, &share, &wrapped),
        Err(Error::WeakParams)
    );
}

// ---------------------------------------------------------------------------------------------
// Staff wrap (password, Argon2id)

/// Cheap Argon2id for the vector; the floor is checked below.
const VECTOR_ARGON2: (u32, u32, u32) = (64, 1, 1);

pub fn generate_staff_wrap() -> Value {
    let password = "correct horse バッテリー staple";
    let params = staff::KdfParams {
        m_cost_kib: VECTOR_ARGON2.0,
        t_cost: VECTOR_ARGON2.1,
        p_cost: VECTOR_ARGON2.2,
        salt: fixed("staff/salt"),
    };
    let keys = staff::derive_ignoring_floor_for_test_vectors(password, &params).unwrap();
    let seed = IdentitySeed::from_bytes(&fixed("staff-secret-key"));
    let identity = seed.identity().unwrap().public();
    let nonce: [u8; 12] = fixed("staff/nonce");
    let wrapped = keys.wrap_seed_for_test_vectors(&seed, &nonce).unwrap();
    json!({
        "description": "Staff identity wrap v1 (domain/src/wrap/staff.rs, domain/src/identity.rs): the wrapped 32 bytes are the identity seed; x25519 secret = HKDF(seed, \"yorisoi/v1/identity/x25519\"), ed25519 private key = HKDF(seed, \"yorisoi/v1/identity/ed25519\"). Argon2id costs are below the floor on purpose: only the *_for_test_vectors API derives them.",
        "password": password,
        "params": serde_json::to_value(&params).unwrap(),
        "salt": h(&params.salt),
        "identity_seed": h(seed.as_bytes()),
        "identity_sealing_key": h(identity.sealing.as_bytes()),
        "identity_signing_key": h(identity.signing.as_bytes()),
        "identity_fingerprint": identity.fingerprint(),
        "nonce": h(&nonce),
        "login_secret": h(keys.login_secret().as_bytes()),
        "wrapped_key": h(&wrapped),
    })
}

pub fn check_staff_wrap(file: &str) {
    let v: Value = serde_json::from_str(file).unwrap();
    let password = s(&v["password"]);
    let params: staff::KdfParams = serde_json::from_value(v["params"].clone()).unwrap();
    assert_eq!(h(&params.salt), s(&v["salt"]));
    let wrapped = unhex(&v["wrapped_key"]);
    assert_eq!(staff::KdfParams::from_wrapped(&wrapped).unwrap(), params);
    let keys = staff::derive_ignoring_floor_for_test_vectors(password, &params).unwrap();
    assert_eq!(h(keys.login_secret().as_bytes()), s(&v["login_secret"]));
    let seed = IdentitySeed::from_bytes(&unhex_n(&v["identity_seed"]));
    let identity = seed.identity().unwrap().public();
    assert_eq!(
        h(identity.sealing.as_bytes()),
        s(&v["identity_sealing_key"])
    );
    assert_eq!(
        h(identity.signing.as_bytes()),
        s(&v["identity_signing_key"])
    );
    assert_eq!(identity.fingerprint(), s(&v["identity_fingerprint"]));
    let again = keys
        .wrap_seed_for_test_vectors(&seed, &unhex_n(&v["nonce"]))
        .unwrap();
    assert_eq!(h(&again), h(&wrapped));
    assert_eq!(keys.unwrap_seed(&wrapped).unwrap(), seed);

    let wrong = staff::derive_ignoring_floor_for_test_vectors("correct horse", &params).unwrap();
    assert_ne!(wrong.login_secret(), keys.login_secret());
    assert_eq!(wrong.unwrap_seed(&wrapped), Err(Error::Decrypt));
    assert_eq!(
        staff::derive(password, &params).err(),
        Some(Error::WeakParams)
    );
}

// ---------------------------------------------------------------------------------------------
// Relay-side verifier of PIN proofs and login secrets

pub fn generate_verifier() -> Value {
    let secret: [u8; 32] = fixed("verifier/secret");
    let salt: [u8; 16] = fixed("verifier/salt");
    json!({
        "description": "Verifier v1 (domain/src/wrap/verifier.rs): 0x01 ‖ salt ‖ SHA-256(label ‖ salt ‖ secret).",
        "secret": h(&secret),
        "salt": h(&salt),
        "verifier": h(&verifier::hash_secret_with_salt(&secret, &salt)),
    })
}

pub fn check_verifier(file: &str) {
    let v: Value = serde_json::from_str(file).unwrap();
    let secret: [u8; 32] = unhex_n(&v["secret"]);
    let stored = unhex(&v["verifier"]);
    assert_eq!(
        h(&verifier::hash_secret_with_salt(
            &secret,
            &unhex_n(&v["salt"])
        )),
        h(&stored)
    );
    assert_eq!(verifier::verify_secret(&stored, &secret), Ok(true));
    let mut other = secret;
    other[0] ^= 1;
    assert_eq!(verifier::verify_secret(&stored, &other), Ok(false));
    assert_eq!(
        verifier::verify_secret(&stored[..stored.len() - 1], &secret),
        Err(Error::Malformed)
    );
}

// ---------------------------------------------------------------------------------------------
// Audit chain

fn vector_events() -> Vec<Event> {
    let rows: &[(i64, &str, &str, &str, &str)] = &[
        (
            1_767_225_600_000,
            "staff-coordinator-9",
            "brief.release",
            "brief-42",
            "v3",
        ),
        (
            1_767_225_660_000,
            "device-3a7e",
            "brief.fetch",
            "brief-42",
            "",
        ),
        (
            1_767_225_720_000,
            "device-3a7e",
            "report.submit",
            "0b6f1c2e-8a4d-4f7e-9c3b-5d2a1e0f4b6c",
            "urgency=none",
        ),
        (-1, "system", "device.revoke", "device-3a7e", "lost"),
    ];
    rows.iter()
        .map(|&(time_ms, actor, action, object, detail)| Event {
            sequence: 0,
            time_ms,
            actor: actor.into(),
            action: action.into(),
            object: object.into(),
            detail: detail.into(),
        })
        .collect()
}

pub fn generate_audit() -> Value {
    let mut head = Checkpoint::genesis();
    let mut chained = Vec::new();
    for e in vector_events() {
        let c = audit::append(&head, e).unwrap();
        head = Checkpoint {
            sequence: c.event.sequence,
            hash: c.hash,
        };
        chained.push(json!({
            "event": serde_json::to_value(&c).unwrap(),
            "encoding": h(&c.event.encode()),
        }));
    }
    json!({
        "description": "Audit chain (domain/src/audit.rs): hash_i = SHA-256(hash_{i-1} ‖ encoding_i), hash_0 = genesis.",
        "genesis": h(&audit::genesis()),
        "events": chained,
        "head": serde_json::to_value(head).unwrap(),
    })
}

pub fn check_audit(file: &str) {
    let v: Value = serde_json::from_str(file).unwrap();
    assert_eq!(h(&audit::genesis()), s(&v["genesis"]));
    let mut events: Vec<ChainedEvent> = Vec::new();
    let mut prev = audit::genesis();
    for row in v["events"].as_array().unwrap() {
        let c: ChainedEvent = serde_json::from_value(row["event"].clone()).unwrap();
        assert_eq!(h(&c.event.encode()), s(&row["encoding"]));
        assert_eq!(audit::chain_hash(&prev, &c.event), c.hash);
        prev = c.hash;
        events.push(c);
    }
    let head: Checkpoint = serde_json::from_value(v["head"].clone()).unwrap();
    assert_eq!(audit::verify(&events, Some(&head)), Ok(head));

    let mut edited = events.clone();
    edited[1].event.detail = "edited".into();
    assert_eq!(
        audit::verify(&edited, None),
        Err(Error::AuditChainBroken { position: 1 })
    );
    let mut deleted = events.clone();
    deleted.remove(2);
    assert_eq!(
        audit::verify(&deleted, None),
        Err(Error::AuditChainBroken { position: 2 })
    );
    let mut reordered = events.clone();
    reordered.swap(0, 1);
    assert_eq!(
        audit::verify(&reordered, None),
        Err(Error::AuditChainBroken { position: 0 })
    );
    let truncated = &events[..events.len() - 1];
    assert_eq!(audit::verify(truncated, Some(&head)), Err(Error::Truncated));
}

/// Every file with its generator and checker, for the native runner.
/// A vector file: its name, how to generate it, how to check it.
pub type VectorFile = (&'static str, fn() -> Value, fn(&str));

pub fn all() -> Vec<VectorFile> {
    vec![
        (
            ENVELOPE,
            generate_envelope as fn() -> Value,
            check_envelope as fn(&str),
        ),
        (RECORD, generate_record, check_record),
        (DEVICE_WRAP, generate_device_wrap, check_device_wrap),
        (STAFF_WRAP, generate_staff_wrap, check_staff_wrap),
        (VERIFIER, generate_verifier, check_verifier),
        (AUDIT, generate_audit, check_audit),
    ]
}
