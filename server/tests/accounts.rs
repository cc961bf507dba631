//! Accounts and trust end to end through the real router and a real SQLite file: staff
//! registration and login with TOTP, organisations and key grants, volunteer enrolment, the
//! signed pledge, unlocking, the wrong-PIN lock, revocation, sessions and CSRF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode, header};
use common::*;
use domain::signing::pledge_message as acceptance_message;
use domain::wrap::device;
use ed25519_dalek::Signer;
use serde_json::{Value, json};
use sqlx::Row;

const PIN: &str = "482913";

#[tokio::test]
async fn full_flow_and_the_database_holds_no_secret() {
    let h = harness().await;
    let mut admin = bootstrap_admin(&h, Keys::Real).await;
    // A second bootstrap is refused once an account exists.
    assert_eq!(
        server::seed::bootstrap::init_admin(&h.db, &h.keys, "http://x", now_ms())
            .await
            .unwrap(),
        server::seed::bootstrap::Outcome::UsersExist
    );

    let (centre, centre_key) = create_org(&h, &mut admin, "centre", "テストセンター").await;
    let (partner, partner_key) = create_org(&h, &mut admin, "partner", "テストNPO").await;
    let programme = create_programme(&h, &mut admin, &partner, &centre).await;
    let orgs = h.get(&mut admin.client, "/api/admin/organisations").await;
    assert_eq!(orgs.body.as_array().unwrap().len(), 2);

    let t = invite_staff(&h, &mut admin, "caseworker", Some(&centre)).await;
    let mut caseworker = register(&h, &t, "case.worker", Keys::Real).await;
    let t = invite_staff(&h, &mut admin, "coordinator", Some(&partner)).await;
    let mut coordinator = register(&h, &t, "coord@npo", Keys::Real).await;
    // Both are pending grants until the admin's browser seals them their organisation's key.
    assert_eq!(
        grant_pending(
            &h,
            &mut admin,
            &[(&centre, &centre_key), (&partner, &partner_key)]
        )
        .await,
        2
    );
    let mine = h.get(&mut coordinator.client, "/api/keys/mine").await;
    let sealed: domain::api::B64 =
        serde_json::from_value(mine.body[0]["sealed_private_key"].clone()).unwrap();
    let opened = domain::envelope::open(
        &domain::api::org_key_binding(&partner_key.public()),
        coordinator.key_pair.secret(),
        &sealed.0,
    )
    .unwrap();
    assert_eq!(
        opened.as_slice(),
        partner_key.secret().to_bytes().as_slice()
    );
    assert_eq!(
        h.get(&mut admin.client, "/api/keys/pending").await.body,
        json!([])
    );

    // Pledge for the partner; the coordinator must accept it.
    let pledge_text = "誓約書（テスト）\n1. 秘密を守ります。";
    let p = h
        .put(
            &mut admin.client,
            &format!("/api/admin/organisations/{partner}/pledge"),
            json!({ "text": pledge_text }),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{:?}", p.body);
    assert_eq!(p.body["version"], 1);
    let hash = p.body["hash"].as_str().unwrap().to_owned();
    assert_eq!(
        hash,
        server::auth::tokens::hex_sha256(pledge_text.as_bytes())
    );
    let session = h.get(&mut coordinator.client, "/api/session").await;
    assert_eq!(session.body["pledge"]["state"], "required");
    let accepted = h
        .post(
            &mut coordinator.client,
            "/api/pledge/accept",
            json!({ "version": 1, "hash": hash, "typed_name": "佐藤 テスト", "signature": null }),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(accepted.body["state"], "accepted");

    // A volunteer and their phone.
    let invite = invite_volunteer(&h, &mut coordinator, &programme, None).await;
    assert_eq!(invite.status, StatusCode::OK, "{:?}", invite.body);
    let code = invite.body["code"].as_str().unwrap().to_owned();
    assert_eq!(invite.body["path"], format!("/v/enrol#{code}"));
    let mut phone = enrol(&h, &code.to_lowercase(), PIN).await;
    // One-time: the same code again is refused.
    let again = h
        .post(
            &mut Client::default(),
            "/api/device/enrol",
            json!({ "code": code, "public_key": phone.key_pair.public(),
                    "signing_key": b64(phone.signing.verifying_key().as_bytes()),
                    "pin_proof": b64(&phone.pin_proof) }),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // The phone reads and signs the pledge.
    let pledge = h.get(&mut phone.client, "/api/pledge").await;
    assert_eq!(pledge.status, StatusCode::OK);
    assert_eq!(pledge.body["text"], pledge_text);
    let typed = "田中 テスト";
    let unsigned = h
        .post(
            &mut phone.client,
            "/api/pledge/accept",
            json!({ "version": 1, "hash": hash, "typed_name": typed, "signature": null }),
        )
        .await;
    assert_eq!(unsigned.status, StatusCode::BAD_REQUEST);
    let wrong_name_sig =
        phone
            .signing
            .sign(&acceptance_message(&phone.device_id, 1, &hash, "別の名前"));
    let forged = h
        .post(
            &mut phone.client,
            "/api/pledge/accept",
            json!({ "version": 1, "hash": hash, "typed_name": typed,
                    "signature": b64(&wrong_name_sig.to_bytes()) }),
        )
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    let signature = phone
        .signing
        .sign(&acceptance_message(&phone.device_id, 1, &hash, typed));
    let signed = h
        .post(
            &mut phone.client,
            "/api/pledge/accept",
            json!({ "version": 1, "hash": hash, "typed_name": typed,
                    "signature": b64(&signature.to_bytes()) }),
        )
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);
    let volunteers = h
        .get(&mut coordinator.client, "/api/partner/volunteers")
        .await;
    assert_eq!(volunteers.body[0]["pledge"]["state"], "accepted");
    assert_eq!(volunteers.body[0]["devices"][0]["state"], "active");

    // A new version makes everyone required again.
    h.put(
        &mut admin.client,
        &format!("/api/admin/organisations/{partner}/pledge"),
        json!({ "text": "誓約書（第2版）" }),
    )
    .await;
    let status = h.get(&mut phone.client, "/api/device/status").await;
    assert_eq!(status.body["pledge"]["state"], "required");
    assert_eq!(status.body["pledge"]["version"], 2);

    // Logout, then unlock with the right PIN gives back S, which opens the DEK.
    let out = h
        .post(&mut phone.client, "/api/session/logout", json!({}))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(phone.client.cookie.is_none());
    let unlocked = phone.unlock(&h, PIN).await;
    assert_eq!(unlocked.status, StatusCode::OK, "{:?}", unlocked.body);
    let share: domain::api::B64 = serde_json::from_value(unlocked.body["share"].clone()).unwrap();
    assert_eq!(share.0, phone.share);
    let dek = device::stretch_pin_ignoring_floor_for_test_vectors(PIN, &phone.wrapped_dek)
        .unwrap()
        .unwrap_dek(
            &device::ServerShare::from_bytes(&share.0.clone().try_into().unwrap()),
            &phone.wrapped_dek,
        )
        .unwrap();
    assert_eq!(dek, phone.dek);

    // Staff log out and back in.
    let out = h
        .post(&mut caseworker.client, "/api/session/logout", json!({}))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let back = caseworker.login(&h).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    assert_eq!(back.body["role"], "caseworker");
    assert_eq!(back.body["organisation"]["id"], centre);

    // A lost phone: S destroyed in the DB, the incident lists what was done.
    let lost = h
        .post(
            &mut coordinator.client,
            &format!("/api/partner/devices/{}/lost", phone.device_id),
            json!({ "note": "駅で紛失" }),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{:?}", lost.body);
    assert_eq!(
        lost.body["actions"],
        json!(["share_destroyed", "sessions_ended", "device_revoked"])
    );
    let incidents = h
        .get(&mut coordinator.client, "/api/partner/incidents")
        .await;
    assert_eq!(incidents.body.as_array().unwrap().len(), 1);
    assert_eq!(phone.unlock(&h, PIN).await.error(), "device_gone");

    // DESIGN §6 "curious relay operator": no secret of anyone's anywhere in the database.
    let mut canaries: Vec<(String, Vec<u8>)> = Vec::new();
    for staff in [&admin, &caseworker, &coordinator] {
        canaries.push(("password".into(), staff.password.as_bytes().to_vec()));
        canaries.push(("TOTP secret".into(), staff.totp_secret.clone()));
        canaries.push((
            "TOTP secret (base32)".into(),
            server::auth::totp::base32(&staff.totp_secret).into_bytes(),
        ));
        canaries.push(("login secret".into(), staff.login_secret.to_vec()));
        canaries.push((
            "staff private key".into(),
            staff.key_pair.secret().to_bytes().to_vec(),
        ));
    }
    for org in [&centre_key, &partner_key] {
        canaries.push(("org private key".into(), org.secret().to_bytes().to_vec()));
    }
    canaries.push(("PIN".into(), PIN.as_bytes().to_vec()));
    canaries.push(("PIN proof".into(), phone.pin_proof.to_vec()));
    canaries.push((
        "device private key".into(),
        phone.key_pair.secret().to_bytes().to_vec(),
    ));
    canaries.push(("signing key".into(), phone.signing.to_bytes().to_vec()));
    canaries.push(("DEK".into(), phone.dek.as_bytes().to_vec()));
    canaries.push(("destroyed S".into(), phone.share.clone()));
    canaries.push(("pledge code".into(), code.as_bytes().to_vec()));
    assert_db_free_of(&h, &canaries).await;
}

/// Reads every column of every row of every table as bytes and as text (plus hex and base64url
/// forms of binary canaries) and fails on any canary.
async fn assert_db_free_of(h: &Harness, canaries: &[(String, Vec<u8>)]) {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&h.db)
            .await
            .unwrap();
    let mut dump: Vec<u8> = Vec::new();
    for table in &tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(&h.db)
                .await
                .unwrap();
        for column in columns {
            let values: Vec<Option<Vec<u8>>> = sqlx::query_scalar(&format!(
                "SELECT CAST(\"{column}\" AS BLOB) FROM \"{table}\""
            ))
            .fetch_all(&h.db)
            .await
            .unwrap();
            for v in values.into_iter().flatten() {
                dump.extend_from_slice(&v);
                dump.push(0);
            }
        }
    }
    assert!(dump.len() > 1000, "the dump should not be empty");
    let contains = |needle: &[u8]| dump.windows(needle.len()).any(|w| w == needle);
    for (what, canary) in canaries {
        assert!(!contains(canary), "the database contains a {what}");
        let hex = domain::encoding::to_hex(canary);
        assert!(
            !contains(hex.as_bytes()),
            "the database contains a {what} (hex)"
        );
        let b64 = domain::encoding::to_base64url(canary);
        assert!(
            !contains(b64.as_bytes()),
            "the database contains a {what} (base64url)"
        );
    }
}

#[tokio::test]
async fn ten_wrong_pins_destroy_the_share_and_the_right_pin_then_fails() {
    let h = harness().await;
    let mut w = world(&h).await;
    for attempt in 1..=9u32 {
        let answer = w.phone_a.unlock(&h, "000000").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.error(), "wrong_pin");
        assert_eq!(answer.body["remaining"], 10 - attempt);
    }
    // A right PIN before the tenth failure resets the counter.
    assert_eq!(w.phone_a.unlock(&h, "111111").await.status, StatusCode::OK);
    let failed: i64 = sqlx::query_scalar("SELECT failed_pins FROM devices WHERE id = ?")
        .bind(&w.phone_a.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(failed, 0);

    for attempt in 1..=10u32 {
        let answer = w.phone_b.unlock(&h, "999999").await;
        if attempt < 10 {
            assert_eq!(answer.error(), "wrong_pin");
        } else {
            assert_eq!(answer.error(), "device_gone", "the tenth locks");
        }
    }
    let right = w.phone_b.unlock(&h, "222222").await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED);
    assert_eq!(right.error(), "device_gone");
    let row = sqlx::query("SELECT share, state FROM devices WHERE id = ?")
        .bind(&w.phone_b.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert!(row.get::<Option<Vec<u8>>, _>("share").is_none());
    assert_eq!(row.get::<String, _>("state"), "locked");
    assert_eq!(
        h.audit_count("device.locked", &w.phone_b.device_id).await,
        1
    );
    // Its old session cookie is dead too.
    let status = h.get(&mut w.phone_b.client, "/api/device/status").await;
    assert_eq!(status.error(), "device_gone");
}

#[tokio::test]
async fn revocation_refuses_the_old_cookie_with_device_gone() {
    let h = harness().await;
    let mut w = world(&h).await;
    assert_eq!(
        h.get(&mut w.phone_a.client, "/api/device/status")
            .await
            .status,
        StatusCode::OK
    );
    let revoked = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/volunteers/{}/revoke", w.phone_a.volunteer_id),
            json!({}),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    assert_eq!(revoked.body["active"], false);
    assert_eq!(revoked.body["devices"][0]["state"], "revoked");
    for uri in ["/api/device/status", "/api/session", "/api/pledge"] {
        let answer = h.get(&mut w.phone_a.client, uri).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(answer.error(), "device_gone", "{uri}");
    }
    assert_eq!(w.phone_a.unlock(&h, "111111").await.error(), "device_gone");
    let share: Option<Vec<u8>> = sqlx::query_scalar("SELECT share FROM devices WHERE id = ?")
        .bind(&w.phone_a.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert!(share.is_none());
    // A revoked volunteer gets no new invite.
    let again = invite_volunteer(
        &h,
        &mut w.coordinator_a,
        &w.programme_a,
        Some(&w.phone_a.volunteer_id),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // Revoking a single device of partner B works the same way.
    let one = h
        .post(
            &mut w.coordinator_b.client,
            &format!("/api/partner/devices/{}/revoke", w.phone_b.device_id),
            json!({}),
        )
        .await;
    assert_eq!(one.body["state"], "revoked");
    assert_eq!(
        h.get(&mut w.phone_b.client, "/api/device/status")
            .await
            .error(),
        "device_gone"
    );
}

#[tokio::test]
async fn a_second_device_for_the_same_volunteer() {
    let h = harness().await;
    let mut w = world(&h).await;
    let invite = invite_volunteer(
        &h,
        &mut w.coordinator_a,
        &w.programme_a,
        Some(&w.phone_a.volunteer_id),
    )
    .await;
    assert_eq!(invite.status, StatusCode::OK);
    assert_eq!(invite.body["volunteer_id"], w.phone_a.volunteer_id);
    let second = enrol(&h, invite.body["code"].as_str().unwrap(), "333333").await;
    assert_eq!(second.volunteer_id, w.phone_a.volunteer_id);
    let list = h
        .get(&mut w.coordinator_a.client, "/api/partner/volunteers")
        .await;
    assert_eq!(list.body[0]["devices"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn totp_codes_work_once_and_failures_are_generic_and_audited() {
    let h = harness().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    let first = admin.login(&h).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    // The same code again (a replay): refused, with the same answer as a wrong password.
    let code = server::auth::totp::code_at_step(&admin.totp_secret, admin.last_step);
    let replay = h
        .post(
            &mut Client::default(),
            "/api/staff/login",
            json!({ "login_name": admin.login_name, "login_secret": b64(&admin.login_secret), "totp_code": code }),
        )
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.error(), "invalid_credentials");
    assert_eq!(h.audit_count("staff.totp_reused", "").await, 1);

    let wrong_secret = h
        .post(
            &mut Client::default(),
            "/api/staff/login",
            json!({ "login_name": admin.login_name, "login_secret": b64(&[7; 32]),
                    "totp_code": server::auth::totp::code_at_step(&admin.totp_secret, admin.last_step + 1) }),
        )
        .await;
    let unknown = h
        .post(
            &mut Client::default(),
            "/api/staff/login",
            json!({ "login_name": "nobody", "login_secret": b64(&[7; 32]), "totp_code": "123456" }),
        )
        .await;
    assert_eq!(wrong_secret.body, unknown.body);
    assert_eq!(wrong_secret.status, StatusCode::UNAUTHORIZED);
    let failures: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'staff.login_failed'")
            .fetch_one(&h.db)
            .await
            .unwrap();
    assert_eq!(failures, 2);
    // Nothing names the person in the log.
    let logged: Vec<String> =
        sqlx::query_scalar("SELECT actor || action || object || detail FROM audit_events")
            .fetch_all(&h.db)
            .await
            .unwrap();
    assert!(
        logged
            .iter()
            .all(|l| !l.contains("admin.one") && !l.contains("nobody"))
    );
}

#[tokio::test]
async fn login_params_do_not_reveal_who_exists() {
    let h = harness().await;
    let admin = bootstrap_admin(&h, Keys::Fast).await;
    let mut c = Client::default();
    let known = h
        .post(
            &mut c,
            "/api/staff/login/params",
            json!({ "login_name": admin.login_name }),
        )
        .await;
    let unknown = h
        .post(
            &mut c,
            "/api/staff/login/params",
            json!({ "login_name": "no.such.person" }),
        )
        .await;
    let again = h
        .post(
            &mut c,
            "/api/staff/login/params",
            json!({ "login_name": "no.such.person" }),
        )
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.body, again.body, "made-up parameters are stable");
    let shape = |v: &Value| {
        let kdf = &v["kdf"];
        (
            kdf["m_cost_kib"].clone(),
            kdf["t_cost"].clone(),
            kdf["p_cost"].clone(),
            kdf["salt"].as_str().unwrap().len(),
        )
    };
    assert_eq!(shape(&known.body), shape(&unknown.body));
}

#[tokio::test]
async fn sessions_end_at_logout_rotate_at_login_and_need_csrf() {
    let h = harness().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    let before = admin.client.clone();
    assert_eq!(
        h.get(&mut admin.client, "/api/session").await.status,
        StatusCode::OK
    );

    // CSRF: a state-changing request without the header, or with another session's, is a 403.
    let mut no_csrf = Client {
        csrf: None,
        ..admin.client.clone()
    };
    let answer = h
        .post(
            &mut no_csrf,
            "/api/admin/staff-invites",
            json!({ "role": "admin", "organisation_id": null, "display_name": "x" }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.error(), "csrf");
    let mut wrong = Client {
        csrf: Some("A".repeat(43)),
        ..admin.client.clone()
    };
    assert_eq!(
        h.post(&mut wrong, "/api/session/logout", json!({}))
            .await
            .error(),
        "csrf"
    );
    let invites: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_invites")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(invites, 1, "nothing was created");

    // Login rotates: a new token, the old one deleted.
    let login = admin.login(&h).await;
    assert_eq!(login.status, StatusCode::OK);
    assert_ne!(admin.client.cookie, before.cookie);
    let mut old = before.clone();
    assert_eq!(
        h.get(&mut old, "/api/session").await.status,
        StatusCode::UNAUTHORIZED
    );

    // Cookie attributes.
    let mut c = admin.client.clone();
    let out = h.post(&mut c, "/api/session/logout", json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = out.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"));
    let mut after = admin.client.clone();
    let refused = h.get(&mut after, "/api/session").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.error(), "unauthorized");
    let admin_only = h.get(&mut after, "/api/admin/organisations").await;
    assert_eq!(admin_only.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn session_cookie_attributes() {
    let h = harness().await;
    let outcome =
        server::seed::bootstrap::init_admin(&h.db, &h.keys, "http://relay.test/", now_ms())
            .await
            .unwrap();
    let server::seed::bootstrap::Outcome::Created { url, .. } = outcome else {
        panic!()
    };
    assert!(url.starts_with("http://relay.test/invite#"));
    assert_eq!(
        server::seed::bootstrap::init_admin(&h.db, &h.keys, "http://x", now_ms())
            .await
            .unwrap(),
        server::seed::bootstrap::Outcome::InviteOutstanding {
            expires_at: match server::seed::bootstrap::init_admin(
                &h.db,
                &h.keys,
                "http://x",
                now_ms()
            )
            .await
            .unwrap()
            {
                server::seed::bootstrap::Outcome::InviteOutstanding { expires_at } => expires_at,
                other => panic!("{other:?}"),
            }
        }
    );
    let token = url.split_once('#').unwrap().1;
    let mut c = Client::default();
    let answer = h
        .post(
            &mut c,
            "/api/staff/register",
            json!({ "token": token, "login_name": "first.admin", "login_secret": b64(&[1; 32]),
                    "public_key": domain::keys::KeyPair::generate().unwrap().public(),
                    "wrapped_key": b64(&fast_blob()) }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("__Host-yorisoi_session="));
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert_eq!(
        cookie.split(';').next().unwrap().len(),
        "__Host-yorisoi_session=".len() + 43
    );
    // The enrolment session only allows confirming TOTP.
    assert_eq!(
        h.get(&mut c, "/api/session").await.status,
        StatusCode::UNAUTHORIZED
    );
    // The invite is used up.
    let reuse = h
        .post(
            &mut Client::default(),
            "/api/staff/invites/inspect",
            json!({ "token": token }),
        )
        .await;
    assert_eq!(reuse.status, StatusCode::NOT_FOUND);
}

fn fast_blob() -> Vec<u8> {
    let mut blob = vec![1u8, 2];
    blob.extend_from_slice(&(19u32 * 1024).to_be_bytes());
    blob.extend_from_slice(&2u32.to_be_bytes());
    blob.extend_from_slice(&1u32.to_be_bytes());
    blob.extend_from_slice(&[9; 16 + 12 + 48]);
    blob
}

#[tokio::test]
async fn weak_kdf_parameters_are_refused_at_registration() {
    let h = harness().await;
    let outcome = server::seed::bootstrap::init_admin(&h.db, &h.keys, "http://t", now_ms())
        .await
        .unwrap();
    let server::seed::bootstrap::Outcome::Created { url, .. } = outcome else {
        panic!()
    };
    let token = url.split_once('#').unwrap().1;
    let mut weak = fast_blob();
    weak[2..6].copy_from_slice(&1024u32.to_be_bytes());
    let answer = h
        .post(
            &mut Client::default(),
            "/api/staff/register",
            json!({ "token": token, "login_name": "first.admin", "login_secret": b64(&[1; 32]),
                    "public_key": domain::keys::KeyPair::generate().unwrap().public(),
                    "wrapped_key": b64(&weak) }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn credential_endpoints_are_rate_limited_with_retry_after() {
    let h = harness().await;
    let mut c = Client::default();
    let mut limited = None;
    for i in 0..12 {
        let answer = h
            .post(
                &mut c,
                "/api/staff/login",
                json!({ "login_name": "target", "login_secret": b64(&[i; 32]), "totp_code": "000000" }),
            )
            .await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((i, answer));
            break;
        }
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let (attempt, answer) = limited.expect("the 11th attempt is limited");
    assert_eq!(attempt, 10);
    assert_eq!(answer.error(), "rate_limited");
    let retry: u64 = answer.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));

    // Unlock attempts are limited per device, above the 10-wrong-PIN lock.
    let mut limited_unlock = false;
    for _ in 0..25 {
        let answer = h
            .post(
                &mut c,
                "/api/device/unlock",
                json!({ "device_id": "00000000-0000-4000-8000-000000000000", "pin_proof": b64(&[0; 32]),
                        "device_credential": b64(&[0; 32]) }),
            )
            .await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            limited_unlock = true;
            break;
        }
        assert_eq!(answer.error(), "device_gone");
    }
    assert!(limited_unlock);
}

/// DESIGN §6 "malformed input": every new endpoint, wrong types, missing fields, huge strings,
/// bad base64 — only 4xx.
#[tokio::test]
async fn malformed_bodies_get_4xx_never_5xx() {
    let h = harness().await;
    let mut w = world(&h).await;
    let huge = "x".repeat(100_000);
    let bodies: Vec<Value> = vec![
        json!(null),
        json!([]),
        json!({}),
        json!("text"),
        json!({ "token": 1, "login_name": [], "code": {}, "text": 5 }),
        json!({ "token": huge, "login_name": huge, "display_name": huge, "text": huge, "note": huge,
                "typed_name": huge, "code": huge, "device_id": huge, "programme_id": huge }),
        json!({ "token": "a", "login_name": "abc", "login_secret": "!!!", "public_key": "%%",
                "wrapped_key": "AAAA", "pin_proof": "====", "signing_key": "AA", "code": "ABCDEFGH",
                "device_id": "x", "version": "one", "hash": 3, "typed_name": "", "signature": "@",
                "organisation_id": "nope", "user_id": "nope", "sealed_private_key": "AAAA",
                "kind": "club", "name": "", "role": "king", "programme_id": "p", "partner_id": "p",
                "centre_id": "c", "support_kind": "x", "retention_days": -1, "idle_lock_secs": 1e9,
                "offline_window_secs": "0", "emergency_phone": "x", "coordinator_reads_reports": 2,
                "display_name": "\u{0}", "note": "\u{7}", "totp_code": "12345678901234567890123456789012345" }),
    ];
    let endpoints: [(Method, String); 23] = [
        (Method::POST, "/api/session/logout".into()),
        (Method::POST, "/api/staff/invites/inspect".into()),
        (Method::POST, "/api/staff/register".into()),
        (Method::POST, "/api/staff/totp/confirm".into()),
        (Method::POST, "/api/staff/login/params".into()),
        (Method::POST, "/api/staff/login".into()),
        (Method::POST, "/api/admin/organisations".into()),
        (
            Method::PUT,
            format!("/api/admin/organisations/{}/pledge", w.partner_a),
        ),
        (Method::POST, "/api/admin/programmes".into()),
        (Method::POST, "/api/admin/staff-invites".into()),
        (Method::POST, "/api/keys/grants".into()),
        (Method::POST, "/api/pledge/accept".into()),
        (Method::POST, "/api/partner/volunteer-invites".into()),
        (
            Method::POST,
            format!("/api/partner/volunteers/{}/revoke", w.phone_b.volunteer_id),
        ),
        (
            Method::POST,
            format!("/api/partner/devices/{}/revoke", w.phone_b.device_id),
        ),
        (
            Method::POST,
            format!("/api/partner/devices/{}/lost", w.phone_b.device_id),
        ),
        (
            Method::POST,
            format!("/api/partner/devices/{}/lost", "x".repeat(5000)),
        ),
        (Method::POST, "/api/device/enrol".into()),
        (Method::POST, "/api/device/unlock".into()),
        (Method::GET, "/api/device/status".into()),
        (Method::GET, "/api/keys/mine".into()),
        (Method::GET, "/api/partner/volunteers".into()),
        (Method::GET, "/api/session".into()),
    ];
    let mut callers = [
        w.admin.client.clone(),
        w.coordinator_a.client.clone(),
        w.phone_a.client.clone(),
        Client::default(),
    ];
    for (method, uri) in &endpoints {
        for caller in callers.iter_mut() {
            for body in &bodies {
                let answer = h
                    .call(caller, method.clone(), uri, Some(body.clone()))
                    .await;
                assert!(
                    answer.status.is_client_error() || answer.status.is_success(),
                    "{method} {uri} {body:.60}: {}",
                    answer.status
                );
                assert!(answer.body.get("error").is_some() || answer.status.is_success());
            }
        }
    }
    // Bodies that are not JSON at all.
    for raw in [&b"{"[..], b"\xff\xfe", b"[[[[[[[[[[[[]]]]]]]]]]]]"] {
        let answer = h
            .raw(
                axum::http::Request::post("/api/staff/login")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(axum::body::Body::from(raw.to_vec()))
                    .unwrap(),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    }
    // Partner A's phone was never a target of A's own malformed requests and is intact (the
    // bodies above include a logout, so the sessions themselves may be gone).
    let state: String = sqlx::query_scalar("SELECT state FROM devices WHERE id = ?")
        .bind(&w.phone_a.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(state, "active");
    let _ = &mut w;
}

/// The demo accounts are real accounts: the published password and TOTP secret sign in, the
/// wrapped key opens with the password, and the organisation key sealed to the member opens.
#[tokio::test]
async fn demo_accounts_sign_in_with_the_published_credentials() {
    let h = harness().await;
    assert!(
        server::seed::demo::seed_once(&h.db, &h.keys, now_ms())
            .await
            .unwrap()
    );
    let logins = server::seed::demo::demo_logins();
    assert_eq!(logins.len(), 3);
    let (role, name, password, totp_b32) = &logins[2];
    assert_eq!(*role, domain::api::StaffRole::Coordinator);
    let mut c = Client::default();
    let params = h
        .post(
            &mut c,
            "/api/staff/login/params",
            json!({ "login_name": name }),
        )
        .await;
    let kdf: domain::wrap::staff::KdfParams =
        serde_json::from_value(params.body["kdf"].clone()).unwrap();
    let keys = domain::wrap::staff::derive(password, &kdf).unwrap();
    let secret = server::auth::totp::from_base32(totp_b32).unwrap();
    let session = h
        .post(
            &mut c,
            "/api/staff/login",
            json!({ "login_name": name, "login_secret": keys.login_secret(),
                    "totp_code": server::auth::totp::code_at(&secret, now_ms()) }),
        )
        .await;
    assert_eq!(session.status, StatusCode::OK, "{:?}", session.body);
    assert_eq!(session.body["pledge"]["state"], "required");
    assert!(
        session.body["display_name"]
            .as_str()
            .unwrap()
            .contains("（架空）")
    );
    let wrapped: domain::api::B64 =
        serde_json::from_value(session.body["wrapped_key"].clone()).unwrap();
    let private = keys.unwrap_secret_key(&wrapped.0).unwrap();
    let mine = h.get(&mut c, "/api/keys/mine").await;
    let org_public: domain::keys::PublicKey =
        serde_json::from_value(mine.body[0]["organisation_public_key"].clone()).unwrap();
    let sealed: domain::api::B64 =
        serde_json::from_value(mine.body[0]["sealed_private_key"].clone()).unwrap();
    let org_secret = domain::envelope::open(
        &domain::api::org_key_binding(&org_public),
        &private,
        &sealed.0,
    )
    .unwrap();
    let org_secret = domain::keys::SecretKey::from_slice(&org_secret).unwrap();
    assert_eq!(org_secret.public_key(), org_public);
    let pledge = h.get(&mut c, "/api/pledge").await;
    assert!(
        pledge.body["text"]
            .as_str()
            .unwrap()
            .contains("誓約書（デモ・架空）")
    );
}
