//! The security mends of issue 8, each proven against the real router and a real SQLite file.
//! Every test here fails if its mend is removed; the README's "verifying the security claims"
//! table points at them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::routing::get;
use common::*;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server::audit::{self, Verification};
use server::auth::{tokens, totp};
use server::keyfile::RelayKeys;
use server::state::{ApiOptions, AppState};
use server::store;
use tower::ServiceExt;

// --- S destroyed for good ------------------------------------------------------------------

/// Fails if `share` is anywhere in the database file, its WAL or its index.
fn assert_share_gone(h: &Harness, share: &[u8], how: &str) {
    for (file, bytes) in raw_files(h) {
        assert!(
            !contains(&bytes, share),
            "after {how}, S is still in {file} ({} bytes)",
            bytes.len()
        );
    }
}

/// The scan can see S: right after enrolment it is on disk (in the WAL or the file).
fn assert_share_on_disk(h: &Harness, share: &[u8]) {
    assert!(
        raw_files(h).iter().any(|(_, bytes)| contains(bytes, share)),
        "the scan should find a live share"
    );
}

async fn share_of(h: &Harness, device: &str) -> Option<Vec<u8>> {
    sqlx::query_scalar("SELECT share FROM devices WHERE id = ?")
        .bind(device)
        .fetch_one(&h.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn after_lost_s_is_in_neither_the_database_file_nor_the_wal() {
    let h = harness().await;
    let mut w = world(&h).await;
    let share = w.phone_a.share.clone();
    // Every unlock rewrites the device's page with S in it: more old copies for the WAL.
    for _ in 0..3 {
        assert_eq!(w.phone_a.unlock(&h, "111111").await.status, StatusCode::OK);
    }
    assert_share_on_disk(&h, &share);
    let report = lost_report(&w.coordinator_a, None);
    let lost = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/devices/{}/lost", w.phone_a.device_id),
            report,
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{:?}", lost.body);
    assert_eq!(share_of(&h, &w.phone_a.device_id).await, None);
    assert_share_gone(&h, &share, "a lost-phone report");
    // The other partner's live phone still has its share: only the destroyed one is gone.
    assert_share_on_disk(&h, &w.phone_b.share);
}

#[tokio::test]
async fn after_revocation_s_is_in_neither_the_database_file_nor_the_wal() {
    let h = harness().await;
    let mut w = world(&h).await;
    let (share_a, share_b) = (w.phone_a.share.clone(), w.phone_b.share.clone());
    assert_share_on_disk(&h, &share_a);
    let revoked = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/volunteers/{}/revoke", w.phone_a.volunteer_id),
            json!({}),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert_share_gone(&h, &share_a, "revoking the volunteer");
    let one = h
        .post(
            &mut w.coordinator_b.client,
            &format!("/api/partner/devices/{}/revoke", w.phone_b.device_id),
            json!({}),
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_share_gone(&h, &share_b, "revoking the device");
}

#[tokio::test]
async fn after_ten_wrong_pins_s_is_in_neither_the_database_file_nor_the_wal() {
    let h = harness().await;
    let mut w = world(&h).await;
    let share = w.phone_a.share.clone();
    for _ in 0..10 {
        w.phone_a.unlock(&h, "000000").await;
    }
    assert_eq!(w.phone_a.unlock(&h, "111111").await.error(), "device_gone");
    assert_share_gone(&h, &share, "ten wrong PINs");
}

// --- TOTP: a durable failure counter, secrets sealed -----------------------------------------

/// A code that is wrong now: from a step far outside the accepted window.
fn wrong_code(staff: &Staff, h: &Harness) -> String {
    let now = totp::step_at(h.now_ms());
    let valid: Vec<String> = (now - 1..=now + 1)
        .map(|s| totp::code_at_step(&staff.totp_secret, s))
        .collect();
    (now + 10..)
        .map(|s| totp::code_at_step(&staff.totp_secret, s))
        .find(|c| !valid.contains(c))
        .unwrap()
}

async fn login_with_code(h: &Harness, staff: &Staff, code: &str) -> Answer {
    h.post(
        &mut Client::default(),
        "/api/staff/login",
        json!({ "login_name": staff.login_name, "login_secret": b64(&staff.login_secret),
                "totp_code": code }),
    )
    .await
}

async fn totp_counter(h: &Harness, user: &str) -> (i64, Option<i64>) {
    sqlx::query_as("SELECT totp_failures, totp_locked_until FROM users WHERE id = ?")
        .bind(user)
        .fetch_one(&h.db)
        .await
        .unwrap()
}

async fn action_count(h: &Harness, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = ?")
        .bind(action)
        .fetch_one(&h.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_totp_failure_counter_locks_out_and_survives_a_restart() {
    let (mut h, clock) = harness_on_manual_clock().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    for attempt in 1..=5 {
        let answer = login_with_code(&h, &admin, &wrong_code(&admin, &h)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.error(), "invalid_credentials");
        assert_eq!(totp_counter(&h, &admin.user_id).await.0, attempt);
    }
    let (failures, locked_until) = totp_counter(&h, &admin.user_id).await;
    assert_eq!(failures, 5);
    assert_eq!(locked_until, Some(h.now_ms() + 60_000));
    assert_eq!(action_count(&h, "staff.totp_failed").await, 5);
    assert_eq!(action_count(&h, "staff.totp_locked").await, 1);

    // Locked: even the right code is refused, with the same answer as a wrong one, and the
    // refusal does not count.
    let right = admin.login(&h).await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED);
    assert_eq!(right.error(), "invalid_credentials");
    assert_eq!(totp_counter(&h, &admin.user_id).await.0, 5);
    assert_eq!(action_count(&h, "staff.totp_locked_refused").await, 1);

    // A restarted relay (new router, new in-memory limiter) knows.
    h.app = h.router();
    clock.advance_ms(30_000);
    assert_eq!(admin.login(&h).await.error(), "invalid_credentials");
    assert_eq!(totp_counter(&h, &admin.user_id).await.0, 5);

    // After the wait, the right code works and the count starts again.
    clock.advance_ms(31_000);
    let back = admin.login(&h).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    assert_eq!(totp_counter(&h, &admin.user_id).await, (0, None));

    // The wait doubles with each further wrong code.
    h.app = h.router();
    for _ in 0..5 {
        login_with_code(&h, &admin, &wrong_code(&admin, &h)).await;
    }
    clock.advance_ms(61_000);
    login_with_code(&h, &admin, &wrong_code(&admin, &h)).await;
    assert_eq!(
        totp_counter(&h, &admin.user_id).await,
        (6, Some(h.now_ms() + 120_000))
    );
}

/// A TOTP secret as the registration answered it: its bytes, hex, base64url and base32.
fn totp_forms(secret: &[u8]) -> Vec<Vec<u8>> {
    vec![
        secret.to_vec(),
        domain::encoding::to_hex(secret).into_bytes(),
        domain::encoding::to_base64url(secret).into_bytes(),
        totp::base32(secret).into_bytes(),
    ]
}

#[tokio::test]
async fn a_database_dump_holds_no_totp_secret() {
    let h = harness().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    assert_eq!(admin.login(&h).await.status, StatusCode::OK);
    let dump = db_dump(&h.db).await;
    for form in totp_forms(&admin.totp_secret) {
        assert!(!contains(&dump, &form), "a dump holds the TOTP secret");
    }
    // Nor do the files (the WAL included) hold it anywhere.
    store::db::purge_wal(&h.db).await.unwrap();
    for (file, bytes) in raw_files(&h) {
        for form in totp_forms(&admin.totp_secret) {
            assert!(!contains(&bytes, &form), "{file} holds the TOTP secret");
        }
    }
    // What is stored opens only with the key file, and only for its own account.
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT totp_sealed FROM users WHERE id = ?")
        .bind(&admin.user_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    let opened = totp::open_secret(&h.keys, &admin.user_id, &sealed).unwrap();
    assert_eq!(opened.as_slice(), admin.totp_secret.as_slice());
    assert!(totp::open_secret(&RelayKeys::random().unwrap(), &admin.user_id, &sealed).is_err());
    assert!(totp::open_secret(&h.keys, "00000000-0000-4000-8000-000000000000", &sealed).is_err());
}

/// Migration 0003 on a database whose secrets were stored in the clear: they wait aside until
/// the relay (which has the key) seals them, and their bytes are then gone from the files.
#[tokio::test]
async fn secrets_stored_in_the_clear_before_0003_are_sealed_and_their_bytes_removed() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old-migrations");
    std::fs::create_dir_all(&old).unwrap();
    let ours = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for name in [
        "0001_organisations_programmes.sql",
        "0002_accounts_and_trust.sql",
    ] {
        std::fs::copy(ours.join(name), old.join(name)).unwrap();
    }
    let db_path = dir.path().join("old.db");
    let url = format!("sqlite://{}", db_path.display());
    let pool = store::db::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let secret = *b"legacy-totp-secret-1";
    let user = "00000000-0000-4000-8000-0000000000e1";
    sqlx::query(
        "INSERT INTO users (id, organisation_id, role, login_name, display_name, login_verifier, \
         public_key, wrapped_key, totp_secret, totp_confirmed, created_at) \
         VALUES (?, NULL, 'admin', 'legacy.admin', 'x', ?, ?, ?, ?, 1, 0)",
    )
    .bind(user)
    .bind(vec![1u8; 49])
    .bind(vec![9u8; 32])
    .bind(vec![1u8; 8])
    .bind(secret.as_slice())
    .execute(&pool)
    .await
    .unwrap();

    store::db::migrate(&pool).await.unwrap();
    let keys = RelayKeys::random().unwrap();
    assert_eq!(totp::seal_unsealed(&pool, &keys).await.unwrap(), 1);
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT totp_sealed FROM users WHERE id = ?")
        .bind(user)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        totp::open_secret(&keys, user, &sealed).unwrap().as_slice(),
        secret.as_slice()
    );
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM totp_unsealed")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(waiting, 0);
    store::db::purge_wal(&pool).await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let bytes = std::fs::read(format!("{}{suffix}", db_path.display())).unwrap_or_default();
        assert!(
            !contains(&bytes, &secret),
            "old.db{suffix} holds the secret"
        );
    }
    assert_eq!(totp::seal_unsealed(&pool, &keys).await.unwrap(), 0);
}

// --- volunteer codes under a keyed hash --------------------------------------------------------

#[tokio::test]
async fn volunteer_codes_are_stored_under_a_keyed_hash() {
    let h = harness().await;
    let mut w = world(&h).await;
    let invite = invite_volunteer(&h, &mut w.coordinator_a, &w.programme_a, None).await;
    let code = invite.body["code"].as_str().unwrap().to_owned();
    let volunteer = invite.body["volunteer_id"].as_str().unwrap();
    let stored: Vec<u8> = sqlx::query_scalar(
        "SELECT code_hash FROM volunteer_invites WHERE volunteer_id = ? AND used_at IS NULL",
    )
    .bind(volunteer)
    .fetch_one(&h.db)
    .await
    .unwrap();
    // What someone with a copy of the database could compute without the key file.
    assert_ne!(stored, tokens::sha256(code.as_bytes()));
    assert_ne!(
        stored,
        tokens::sha256(format!("yorisoi/v1/volunteer-code\0{code}").as_bytes())
    );
    assert_ne!(
        stored,
        tokens::volunteer_code_hash(&RelayKeys::random().unwrap(), &code)
    );
    assert_eq!(stored, tokens::volunteer_code_hash(&h.keys, &code));
    // A copy plus every code in a small search space matches nothing without the key.
    let other = RelayKeys::random().unwrap();
    let all_rows: Vec<Vec<u8>> = sqlx::query_scalar("SELECT code_hash FROM volunteer_invites")
        .fetch_all(&h.db)
        .await
        .unwrap();
    for candidate in [code.clone(), code.to_lowercase(), "ABCDEFGH".to_owned()] {
        for guess in [
            tokens::sha256(candidate.as_bytes()),
            tokens::volunteer_code_hash(&other, &candidate),
        ] {
            assert!(!all_rows.iter().any(|r| r.as_slice() == guess.as_slice()));
        }
    }
    // The relay itself still finds it.
    let phone = enrol(&h, &code, "258013").await;
    assert_eq!(phone.volunteer_id, volunteer);
}

// --- audit: the HTTP log, denial rows, the anchor ------------------------------------------

/// What an attacker with the database but without the key file would do: rewrite a row,
/// recompute every hash after it, and move the recorded head along.
async fn rewrite_and_rehash(h: &Harness, seq: i64) {
    for trigger in ["audit_events_no_update", "audit_events_no_delete"] {
        sqlx::query(&format!("DROP TRIGGER IF EXISTS {trigger}"))
            .execute(&h.db)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE audit_events SET object = 'someone-else' WHERE seq = ?")
        .bind(seq)
        .execute(&h.db)
        .await
        .unwrap();
    let rows = store::audit::all(&mut store::acquire(&h.db).await.unwrap())
        .await
        .unwrap();
    let mut previous = domain::audit::genesis();
    for row in rows {
        let event = domain::audit::Event {
            sequence: u64::try_from(row.seq).unwrap(),
            time_ms: row.at,
            actor: row.actor,
            action: row.action,
            object: row.object,
            detail: row.detail,
        };
        let hash = domain::audit::chain_hash(&previous, &event);
        sqlx::query("UPDATE audit_events SET hash = ? WHERE seq = ?")
            .bind(hash.to_vec())
            .bind(row.seq)
            .execute(&h.db)
            .await
            .unwrap();
        previous = hash;
        let head = domain::audit::Checkpoint {
            sequence: event.sequence,
            hash,
        };
        sqlx::query("UPDATE meta SET value = ? WHERE key = 'audit_head'")
            .bind(audit::format_checkpoint(&head))
            .execute(&h.db)
            .await
            .unwrap();
    }
}

async fn log_events(h: &Harness, n: usize) {
    for i in 0..n {
        audit::record(
            &h.db,
            &h.keys,
            now_ms(),
            "actor",
            "test.event",
            &format!("o{i}"),
            "",
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_rewritten_and_rehashed_audit_log_is_caught_by_its_anchor() {
    let h = harness().await;
    log_events(&h, 6).await;
    assert!(matches!(
        audit::verify_anchored(&h.db, &h.keys, None).await.unwrap(),
        Verification::Ok { head } if head.sequence == 6
    ));
    rewrite_and_rehash(&h, 3).await;
    // The chain alone cannot tell: every hash and the head are consistent again.
    assert!(matches!(
        audit::verify(&h.db, None).await.unwrap(),
        Verification::Ok { .. }
    ));
    // The anchor, under a key the attacker does not have, can.
    assert_eq!(
        audit::verify_anchored(&h.db, &h.keys, None).await.unwrap(),
        Verification::Unanchored
    );
    // Nor does deleting the anchor help.
    sqlx::query("DELETE FROM meta WHERE key IN ('audit_head', 'audit_head_mac')")
        .execute(&h.db)
        .await
        .unwrap();
    assert_eq!(
        audit::verify_anchored(&h.db, &h.keys, None).await.unwrap(),
        Verification::Unanchored
    );
}

#[tokio::test]
async fn rows_appended_without_the_key_are_caught_by_the_anchor() {
    let h = harness().await;
    log_events(&h, 3).await;
    let head = store::audit::head(&mut store::acquire(&h.db).await.unwrap())
        .await
        .unwrap()
        .unwrap();
    let event = domain::audit::Event {
        sequence: 4,
        time_ms: 1,
        actor: "forger".into(),
        action: "test.event".into(),
        object: "".into(),
        detail: "".into(),
    };
    let hash = domain::audit::chain_hash(&head.1.try_into().unwrap(), &event);
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, object, detail, hash) \
         VALUES (4, 1, 'forger', 'test.event', '', '', ?)",
    )
    .bind(hash.to_vec())
    .execute(&h.db)
    .await
    .unwrap();
    assert_eq!(
        audit::verify_anchored(&h.db, &h.keys, None).await.unwrap(),
        Verification::Unanchored
    );
}

#[tokio::test]
async fn the_cli_catches_a_rewritten_log_and_refuses_a_foreign_key_file() {
    let h = harness().await;
    log_events(&h, 4).await;
    let url = format!("sqlite://{}", h.dir.path().join("test.db").display());
    let run = |key: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["audit", "verify", "--database-url", &url])
            .arg("--key-file")
            .arg(key)
            .env("YORISOI_LOG", "error")
            .output()
            .unwrap()
    };
    let ok = run(&h.key_file);
    assert!(ok.status.success(), "{ok:?}");
    // Another key file is refused outright: the database recorded its own key's check.
    let foreign = h.dir.path().join("foreign.key");
    std::fs::write(&foreign, format!("{}\n", "ab".repeat(32))).unwrap();
    let refused = run(&foreign);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("does not belong"));
    // A missing one too.
    let missing = run(&h.dir.path().join("nowhere.key"));
    assert_eq!(missing.status.code(), Some(1));

    rewrite_and_rehash(&h, 2).await;
    let broken = run(&h.key_file);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stdout).contains("REWRITTEN"));
}

// --- gates that fail open ---------------------------------------------------------------------

#[tokio::test]
async fn the_pledge_gate_is_closed_until_a_pledge_exists_and_is_accepted() {
    use server::store::pledges::Subject;
    let h = harness().await;
    let mut w = world(&h).await;
    let partner: domain::ids::OrgId = domain::ids::OrgId::parse(&w.partner_a).unwrap();
    let volunteer = domain::ids::VolunteerId::parse(&w.phone_a.volunteer_id).unwrap();
    let gate = |org: Option<domain::ids::OrgId>| {
        let db = h.db.clone();
        let volunteer = volunteer.clone();
        async move {
            let mut conn = store::acquire(&db).await.unwrap();
            server::authz::require_pledge(&mut conn, org.as_ref(), Subject::Volunteer(&volunteer))
                .await
        }
    };
    // No pledge text: closed (it used to let everything through).
    assert!(matches!(
        gate(Some(partner.clone())).await,
        Err(server::http::ServerError::PledgeRequired)
    ));
    // No organisation at all: closed.
    assert!(matches!(
        gate(None).await,
        Err(server::http::ServerError::PledgeRequired)
    ));
    // A pledge not yet accepted: closed.
    let put = h
        .put(
            &mut w.admin.client,
            &format!("/api/admin/organisations/{}/pledge", w.partner_a),
            json!({ "text": "誓約書" }),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK);
    assert!(gate(Some(partner.clone())).await.is_err());
    // Accepted: open.
    let hash = put.body["hash"].as_str().unwrap();
    let message = domain::signing::pledge_message(&w.phone_a.device_id, 1, hash, "田中");
    use ed25519_dalek::Signer;
    let signature = w.phone_a.signing.sign(&message);
    let accepted = h
        .post(
            &mut w.phone_a.client,
            "/api/pledge/accept",
            json!({ "version": 1, "hash": hash, "typed_name": "田中",
                    "signature": b64(&signature.to_bytes()) }),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert!(gate(Some(partner)).await.is_ok());
}

#[tokio::test]
async fn demo_data_loads_only_into_an_empty_database() {
    // An account (a real first admin): refused, nothing added.
    let h = harness().await;
    bootstrap_admin(&h, Keys::Fast).await;
    let refused = server::seed::demo::seed_once(&h.db, &h.keys, now_ms()).await;
    assert!(
        matches!(refused, Err(server::http::ServerError::Refused(m)) if m.contains("empty database"))
    );
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let markers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meta WHERE key LIKE 'demo%'")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(markers, 0);

    // An organisation only: refused too.
    let h = harness().await;
    sqlx::query(
        "INSERT INTO organisations (id, kind, name, created_at) VALUES (?, 'centre', 'x', 0)",
    )
    .bind("00000000-0000-4000-8000-0000000000c9")
    .execute(&h.db)
    .await
    .unwrap();
    assert!(
        server::seed::demo::seed_once(&h.db, &h.keys, now_ms())
            .await
            .is_err()
    );

    // Empty: loaded, and once loaded, loading again is a no-op (not a refusal).
    let h = harness().await;
    assert!(
        server::seed::demo::seed_once(&h.db, &h.keys, now_ms())
            .await
            .unwrap()
    );
    assert!(
        !server::seed::demo::seed_once(&h.db, &h.keys, now_ms())
            .await
            .unwrap()
    );

    // The relay refuses to start with --demo on such a database, with a clear message.
    let h = harness().await;
    bootstrap_admin(&h, Keys::Fast).await;
    let url = format!("sqlite://{}", h.dir.path().join("test.db").display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            &url,
        ])
        .arg("--key-file")
        .arg(&h.key_file)
        .env("YORISOI_LOG", "error")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only loads into an empty database"));
}

// --- staff can be removed ---------------------------------------------------------------------

#[tokio::test]
async fn disabling_staff_ends_sessions_drops_org_keys_and_is_audited() {
    let h = harness().await;
    let mut w = world(&h).await;
    let target = w.coordinator_a.user_id.clone();
    let keys_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM org_keys WHERE user_id = ?")
        .bind(&target)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(keys_before, 1);
    assert_eq!(
        h.get(&mut w.coordinator_a.client, "/api/session")
            .await
            .status,
        StatusCode::OK
    );

    let list = h.get(&mut w.admin.client, "/api/admin/users").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body.as_array().unwrap().len(), 4);

    let uri = format!("/api/admin/users/{target}/disable");
    let disabled = h.post(&mut w.admin.client, &uri, json!({})).await;
    assert_eq!(disabled.status, StatusCode::OK, "{:?}", disabled.body);
    assert!(disabled.body["disabled_at"].as_i64().is_some());
    // Their session is refused at once; signing in again is refused too.
    let session = h.get(&mut w.coordinator_a.client, "/api/session").await;
    assert_eq!(session.status, StatusCode::UNAUTHORIZED);
    let again = w.coordinator_a.login(&h).await;
    assert_eq!(again.error(), "invalid_credentials");
    let keys_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM org_keys WHERE user_id = ?")
        .bind(&target)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(keys_after, 0);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = ?")
        .bind(&target)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    // And no key holder's browser is asked to give them the key again.
    let pending = h.get(&mut w.admin.client, "/api/keys/pending").await;
    assert!(!pending.body.to_string().contains(&target));
    assert_eq!(h.audit_count("staff.disabled", &target).await, 1);

    // Idempotent: the same answer, recorded once.
    let twice = h.post(&mut w.admin.client, &uri, json!({})).await;
    assert_eq!(twice.status, StatusCode::OK);
    assert_eq!(twice.body["disabled_at"], disabled.body["disabled_at"]);
    assert_eq!(h.audit_count("staff.disabled", &target).await, 1);

    // An admin cannot disable themself.
    let me = format!("/api/admin/users/{}/disable", w.admin.user_id);
    let own = h.post(&mut w.admin.client, &me, json!({})).await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    assert_eq!(
        h.get(&mut w.admin.client, "/api/session").await.status,
        StatusCode::OK
    );
    let list = h.get(&mut w.admin.client, "/api/admin/users").await;
    let row = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == target.as_str())
        .unwrap()
        .clone();
    assert!(row["disabled_at"].is_i64());
}

// --- a panic answers 500 for its request only --------------------------------------------

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_relay_serves_on() {
    let h = harness().await;
    let state = AppState::new(h.db.clone(), h.site.clone(), h.keys.clone());
    let extra = Router::new().route(
        "/test/panic",
        get(|| async {
            // A bug: indexing past the end of a list.
            let names: Vec<&str> = Vec::new();
            let index = names.len() + usize::from(std::hint::black_box(true));
            names[index].to_owned()
        }),
    );
    let app = server::routes::router_with_extra(state, 64 * 1024, ApiOptions::default(), extra);
    for _ in 0..3 {
        let response = app
            .clone()
            .oneshot(Request::get("/api/test/panic").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            response
                .headers()
                .contains_key(header::CONTENT_SECURITY_POLICY)
        );
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "internal");
        assert!(!body.to_string().contains("index out of bounds"));
        let health = app
            .clone()
            .oneshot(Request::get("/api/health").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(health.status(), StatusCode::OK);
    }
}

// --- device unlock bound to a device credential ------------------------------------------

async fn device_row(h: &Harness, device: &str) -> (i64, Option<Vec<u8>>, String) {
    sqlx::query_as("SELECT failed_pins, share, state FROM devices WHERE id = ?")
        .bind(device)
        .fetch_one(&h.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn knowing_only_a_device_id_twenty_unlocks_spend_no_pin_try() {
    let mut h = harness().await;
    let mut w = world(&h).await;
    let mut answers = Vec::new();
    for i in 0..20u8 {
        let guess = random::<32>();
        let pin = if i % 2 == 0 { "000000" } else { "111111" };
        let answer = w.phone_a.unlock_with(&h, pin, &guess).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.error(), "device_gone", "like an unknown device");
        answers.push(answer.body);
    }
    let (failed, share, state) = device_row(&h, &w.phone_a.device_id).await;
    assert_eq!(failed, 0);
    assert_eq!(share.as_deref(), Some(w.phone_a.share.as_slice()));
    assert_eq!(state, "active");
    assert_eq!(
        h.audit_count("device.unlock_refused", &w.phone_a.device_id)
            .await,
        20
    );
    // An unknown device gets the very same answer.
    let unknown = h
        .post(
            &mut Client::default(),
            "/api/device/unlock",
            json!({ "device_id": "00000000-0000-4000-8000-0000000000fe",
                    "pin_proof": b64(&[0; 32]), "device_credential": b64(&[0; 32]) }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(answers.iter().all(|a| *a == unknown.body));
    // The phone itself, with its credential, still unlocks (a restarted relay: the per-device
    // rate limit was spent above).
    h.app = h.router();
    let ok = w.phone_a.unlock(&h, "111111").await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert!(
        ok.body.get("device_credential").is_none(),
        "issued once only"
    );
}

// --- small-order keys ----------------------------------------------------------------------

#[tokio::test]
async fn small_order_public_keys_are_refused_at_the_relay() {
    let h = harness().await;
    let mut w = world(&h).await;
    let order8 = "4Ot6fDtBuK4WVuP68Z_EatoJjeucMrH9hmIFFl9JuAA";
    let p_plus_1 = "7v_______________________________________38";
    for key in [b64(&[0; 32]), order8.to_owned(), p_plus_1.to_owned()] {
        let invite = invite_volunteer(&h, &mut w.coordinator_a, &w.programme_a, None).await;
        let answer = h
            .post(
                &mut Client::default(),
                "/api/device/enrol",
                json!({ "code": invite.body["code"], "public_key": key,
                        "signing_key": b64(w.phone_a.signing.verifying_key().as_bytes()),
                        "pin_proof": b64(&[5; 32]) }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{key}");
        assert_eq!(answer.error(), "invalid_body");
        // A staff identity whose sealing half is of small order cannot be registered.
        let token = invite_staff(&h, &mut w.admin, "caseworker", Some(&w.centre)).await;
        let mut identity = serde_json::to_value(new_identity()).unwrap();
        identity["sealing"] = json!(key);
        let register = h
            .post(
                &mut Client::default(),
                "/api/staff/register",
                json!({ "token": token, "login_name": "small.order", "login_secret": b64(&[1; 32]),
                        "identity": identity, "wrapped_key": b64(&fast_wrapped_key()) }),
            )
            .await;
        assert_eq!(register.status, StatusCode::BAD_REQUEST, "{key}");
        assert_eq!(register.error(), "invalid_body");
    }
}

// --- counters as single atomic statements ------------------------------------------------

async fn send_json(app: Router, uri: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .oneshot(
            Request::builder()
                .method(Method::POST)
                .uri(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(serde_json::to_vec(&body).unwrap()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_wrong_pins_count_exactly_and_destroy_s_once() {
    let h = harness().await;
    let w = world(&h).await;
    let wrong = pin_proof("999999", &w.phone_a.salt);
    let body = json!({ "device_id": w.phone_a.device_id, "pin_proof": b64(&wrong),
                       "device_credential": b64(&w.phone_a.credential) });
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let app = h.app.clone();
        let body = body.clone();
        tasks.spawn(async move { send_json(app, "/api/device/unlock", body).await });
    }
    let mut remaining = BTreeSet::new();
    let mut gone = 0;
    while let Some(result) = tasks.join_next().await {
        let (status, body) = result.unwrap();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        match body["error"].as_str().unwrap() {
            "wrong_pin" => assert!(remaining.insert(body["remaining"].as_u64().unwrap())),
            "device_gone" => gone += 1,
            other => panic!("{other}"),
        }
    }
    assert_eq!(remaining, (1..=9).collect());
    assert_eq!(gone, 11);
    let (failed, share, state) = device_row(&h, &w.phone_a.device_id).await;
    assert_eq!((failed, share, state.as_str()), (10, None, "locked"));
    assert_eq!(
        h.audit_count("device.locked", &w.phone_a.device_id).await,
        1
    );
    assert_eq!(
        h.audit_count("device.unlock_failed", &w.phone_a.device_id)
            .await,
        9
    );
}

/// The store's counters called concurrently on separate connections, each statement on its
/// own (no write transaction around them): what a database without SQLite's single writer
/// would see. A read-then-write implementation loses counts or hands out one version twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn counters_stay_exact_without_a_write_transaction() {
    let h = harness().await;
    let w = world(&h).await;
    let device = domain::ids::DeviceId::parse(&w.phone_b.device_id).unwrap();
    let user = domain::ids::UserId::parse(&w.coordinator_b.user_id).unwrap();
    let org = domain::ids::OrgId::parse(&w.partner_b).unwrap();

    let mut pins = tokio::task::JoinSet::new();
    let mut totp_failures = tokio::task::JoinSet::new();
    let mut pledges = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (db, device) = (h.db.clone(), device.clone());
        pins.spawn(async move {
            let mut conn = db.acquire().await.unwrap();
            store::devices::count_wrong_pin(&mut conn, &device, 10, 1)
                .await
                .unwrap()
        });
        let (db, user) = (h.db.clone(), user.clone());
        totp_failures.spawn(async move {
            let mut conn = db.acquire().await.unwrap();
            store::users::count_totp_failure(&mut conn, &user)
                .await
                .unwrap()
        });
        let (db, org) = (h.db.clone(), org.clone());
        pledges.spawn(async move {
            let mut conn = db.acquire().await.unwrap();
            store::pledges::insert_next(&mut conn, &org, "誓約", &"0".repeat(64), None, 1)
                .await
                .unwrap()
        });
    }
    let pins: Vec<Option<i64>> = pins.join_all().await;
    let counted: BTreeSet<i64> = pins.iter().flatten().copied().collect();
    assert_eq!(counted, (1..=10).collect());
    assert_eq!(pins.iter().filter(|p| p.is_none()).count(), 10);
    let (failed, share, state) = device_row(&h, &w.phone_b.device_id).await;
    assert_eq!((failed, share, state.as_str()), (10, None, "locked"));

    let failures: BTreeSet<i64> = totp_failures.join_all().await.into_iter().collect();
    assert_eq!(failures, (1..=20).collect());
    let versions: BTreeSet<i64> = pledges.join_all().await.into_iter().collect();
    assert_eq!(versions, (1..=20).collect());

    // One-time codes: of twenty claims of one code, one wins.
    let mut coordinator = w.coordinator_a;
    let invite = invite_volunteer(&h, &mut coordinator, &w.programme_a, None).await;
    let hash = tokens::volunteer_code_hash(&h.keys, invite.body["code"].as_str().unwrap());
    let mut claims = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let db = h.db.clone();
        claims.spawn(async move {
            let mut conn = db.acquire().await.unwrap();
            store::invites::claim_volunteer(&mut conn, &hash, now_ms())
                .await
                .unwrap()
        });
    }
    let won = claims.join_all().await.into_iter().flatten().count();
    assert_eq!(won, 1);
}

// --- login_params writes nothing ------------------------------------------------------------

#[tokio::test]
async fn unknown_login_names_write_nothing_to_the_database() {
    let h = harness().await;
    bootstrap_admin(&h, Keys::Fast).await;
    store::db::purge_wal(&h.db).await.unwrap();
    let before = raw_files(&h);
    let meta_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meta")
        .fetch_one(&h.db)
        .await
        .unwrap();
    let mut first = None;
    for i in 0..50 {
        let answer = h
            .post(
                &mut Client::default(),
                "/api/staff/login/params",
                json!({ "login_name": format!("nobody.{i}") }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        first.get_or_insert(answer.body);
    }
    let again = h
        .post(
            &mut Client::default(),
            "/api/staff/login/params",
            json!({ "login_name": "nobody.0" }),
        )
        .await;
    assert_eq!(Some(again.body), first, "stable without storing anything");
    let after = raw_files(&h);
    for ((file, a), (_, b)) in before.iter().zip(&after) {
        if file.ends_with("-shm") {
            // The WAL index's read marks move with every read.
            continue;
        }
        assert!(a == b, "{file} changed ({} → {} bytes)", a.len(), b.len());
    }
    let meta_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meta")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(meta_after, meta_before);
}
