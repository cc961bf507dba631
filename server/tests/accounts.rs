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

    let centre = create_org(&h, &mut admin, "centre", "テストセンター").await;
    let partner = create_org(&h, &mut admin, "partner", "テストNPO").await;
    let programme = create_programme(&h, &mut admin, &partner, &centre).await;
    let orgs = h.get(&mut admin.client, "/api/admin/organisations").await;
    assert_eq!(orgs.body.as_array().unwrap().len(), 2);

    let t = invite_staff(&h, &mut admin, "caseworker", Some(&centre)).await;
    let mut caseworker = register(&h, &t, "case.worker", Keys::Real).await;
    let t = invite_staff(&h, &mut admin, "coordinator", Some(&partner)).await;
    let mut coordinator = register(&h, &t, "coord@npo", Keys::Real).await;
    // Neither holds a key until each, the first member of their organisation, creates its
    // identity in their own browser; the admin never holds one.
    for member in [&mut caseworker, &mut coordinator] {
        let none = h.get(&mut member.client, "/api/keys/mine").await;
        assert_eq!(none.body, json!([]));
    }
    let centre_seed = create_identity(&h, &mut caseworker).await;
    let partner_seed = create_identity(&h, &mut coordinator).await;
    let mine = h.get(&mut coordinator.client, "/api/keys/mine").await;
    assert_eq!(mine.body.as_array().unwrap().len(), 1);
    let sealed: domain::api::B64 =
        serde_json::from_value(mine.body[0]["sealed_seed"].clone()).unwrap();
    let partner_identity = partner_seed.identity().unwrap().public();
    let coordinator_keys = coordinator.keys();
    let coordinator_public = coordinator_keys.public();
    let opened = domain::envelope::open(
        &domain::api::org_key_binding(&partner_identity),
        coordinator_keys.sealing.secret(),
        &domain::envelope::TrustedSender {
            id: &coordinator.user_id,
            key: &coordinator_public.signing,
        },
        &sealed.0,
    )
    .unwrap();
    assert_eq!(opened.as_slice(), partner_seed.as_bytes().as_slice());
    assert_eq!(
        h.get(&mut admin.client, "/api/keys/mine").await.status,
        StatusCode::NOT_FOUND,
        "admins hold no organisation key"
    );
    let orgs = h.get(&mut admin.client, "/api/admin/organisations").await;
    for org in orgs.body.as_array().unwrap() {
        assert_ne!(org["identity"], Value::Null, "{org}");
    }

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
    let (invite, invitation) = invite_volunteer_with(&h, &mut coordinator, &programme, None).await;
    assert_eq!(invite.status, StatusCode::OK, "{:?}", invite.body);
    let code = invite.body["code"].as_str().unwrap().to_owned();
    assert_eq!(invite.body["path"], format!("/v/enrol#{code}"));
    let mut phone = enrol_with(&h, &code.to_lowercase(), PIN, Some(&invitation.secret)).await;
    // The phone is told both organisations' identities (it believes them only if its link's
    // digests match), and the coordinator's browser can check the phone's tag and certify it.
    let listed: domain::api::DeviceSession = serde_json::from_value(phone.session.clone()).unwrap();
    assert_eq!(listed.partner.identity, Some(partner_identity));
    assert_eq!(
        listed.centre.identity,
        Some(centre_seed.identity().unwrap().public())
    );
    let volunteers = h
        .get(&mut coordinator.client, "/api/partner/volunteers")
        .await;
    let device: domain::api::Device =
        serde_json::from_value(volunteers.body[0]["devices"][0].clone()).unwrap();
    assert_eq!(device.identity, phone.identity());
    assert_eq!(device.certificate, None);
    let binding = device.binding.expect("enrolled from the link");
    assert_eq!(binding.invitation_id, invitation.id);
    let secret = domain::envelope::open(
        &domain::api::invitation_binding(&binding.invitation_id),
        partner_seed.identity().unwrap().sealing.secret(),
        &domain::envelope::TrustedSender {
            id: binding.sealed_by.as_str(),
            key: &coordinator_public.signing,
        },
        &binding.sealed_secret.0,
    )
    .unwrap();
    let secret = domain::invitation::BindingSecret::from_slice(&secret).unwrap();
    domain::invitation::verify_binding_tag(&secret, &device.identity, &binding.tag.0).unwrap();
    let certificate = domain::trust::Statement::Device {
        organisation: &coordinator.org(),
        volunteer: &domain::ids::VolunteerId::parse(&phone.volunteer_id).unwrap(),
        device: &device.id,
        identity: &device.identity,
    }
    .certify(&partner_seed.identity().unwrap().signing);
    let certified = h
        .post(
            &mut coordinator.client,
            &format!("/api/partner/devices/{}/certify", phone.device_id),
            json!({ "certificate": b64(&certificate) }),
        )
        .await;
    assert_eq!(certified.status, StatusCode::OK, "{:?}", certified.body);
    assert_eq!(certified.body["certificate"], b64(&certificate));
    // One-time: the same code again is refused.
    let again = h
        .post(
            &mut Client::default(),
            "/api/device/enrol",
            json!({ "code": code, "public_key": phone.key_pair.public(),
                    "signing_key": b64(phone.signing.verifying_key().as_bytes()),
                    "pin_proof": b64(&phone.pin_proof), "binding_tag": null }),
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
    const NOTE: &str = "駅で紛失した（ノートのカナリア）";
    let report = lost_report(&coordinator, Some(NOTE));
    let lost = h
        .post(
            &mut coordinator.client,
            &format!("/api/partner/devices/{}/lost", phone.device_id),
            report,
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
        canaries.push(("staff identity seed".into(), staff.seed.as_bytes().to_vec()));
        let keys = staff.keys();
        canaries.push((
            "staff private key".into(),
            keys.sealing.secret().to_bytes().to_vec(),
        ));
        canaries.push(("staff signing key".into(), keys.signing.to_bytes().to_vec()));
    }
    for org in [&centre_seed, &partner_seed] {
        canaries.push(("org identity seed".into(), org.as_bytes().to_vec()));
        let keys = org.identity().unwrap();
        canaries.push((
            "org private key".into(),
            keys.sealing.secret().to_bytes().to_vec(),
        ));
        canaries.push(("org signing key".into(), keys.signing.to_bytes().to_vec()));
    }
    canaries.push(("incident note".into(), NOTE.as_bytes().to_vec()));
    canaries.push((
        "invitation binding secret".into(),
        invitation.secret.as_bytes().to_vec(),
    ));
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
                    "identity": new_identity(), "wrapped_key": b64(&fast_blob()) }),
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
                    "identity": new_identity(), "wrapped_key": b64(&weak) }),
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
                "identity": { "sealing": "AAAA", "signing": 7 }, "sealed_seed": "AAAA",
                "certificate": "!!", "sealed": "AAAA", "invitation_id": "nope",
                "sealed_secret": "AAAA", "incident_id": "nope", "sealed_note": "AAAA",
                "binding_tag": "AAAA",
                "kind": "club", "name": "", "role": "king", "programme_id": "p", "partner_id": "p",
                "centre_id": "c", "support_kind": "x", "retention_days": -1, "idle_lock_secs": 1e9,
                "offline_window_secs": "0", "emergency_phone": "x", "coordinator_reads_reports": 2,
                "display_name": "\u{0}", "note": "\u{7}", "totp_code": "12345678901234567890123456789012345" }),
    ];
    let endpoints: [(Method, String); 31] = [
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
        (Method::PUT, "/api/keys/pins".into()),
        (Method::GET, "/api/keys/pins".into()),
        (Method::POST, "/api/org/identity".into()),
        (Method::GET, "/api/org/members".into()),
        (
            Method::POST,
            format!("/api/org/members/{}/confirm", w.coordinator_b.user_id),
        ),
        (
            Method::POST,
            format!("/api/org/members/{}/confirm", w.coordinator_a.user_id),
        ),
        (Method::GET, "/api/org/peers".into()),
        (Method::POST, format!("/api/org/peers/{}/confirm", w.centre)),
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
        (
            Method::POST,
            format!("/api/partner/devices/{}/certify", w.phone_a.device_id),
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

/// Signs in as a demo account with the published credentials: the client, the identity its
/// wrapped seed opens to, and the session.
async fn demo_sign_in(h: &Harness, index: usize) -> (Client, domain::identity::Identity, Value) {
    let logins = server::seed::demo::demo_logins();
    let (_, name, password, totp_b32) = &logins[index];
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
                    "totp_code": server::auth::totp::code_at(&secret, h.now_ms()) }),
        )
        .await;
    assert_eq!(session.status, StatusCode::OK, "{name}: {:?}", session.body);
    let wrapped: domain::api::B64 =
        serde_json::from_value(session.body["wrapped_key"].clone()).unwrap();
    let identity = keys.unwrap_seed(&wrapped.0).unwrap().identity().unwrap();
    let listed: domain::identity::PublicIdentity =
        serde_json::from_value(session.body["identity"].clone()).unwrap();
    assert_eq!(
        identity.public(),
        listed,
        "{name}: the wrapped seed is the identity"
    );
    (c, identity, session.body)
}

/// The demo accounts are real accounts: the published password and TOTP secret sign in, the
/// wrapped seed opens with the password, and each member's directory is what browsers would
/// have made (DESIGN §5 "key directory"): the centre's identity created by the caseworker and
/// the partner's by the coordinator (sealed to themselves, self-certified), each organisation's
/// certificate of the other, each member's own organisation pinned; the admin holds no key.
pub async fn check_demo_directory(h: &Harness) {
    use domain::api::{
        OrgMember, PeerOrganisation, Pins, SealedOrgKey, SealedPins, StaffRole, org_key_binding,
        pins_binding,
    };
    use domain::envelope::TrustedSender;
    use domain::trust::Statement;

    let logins = server::seed::demo::demo_logins();
    assert_eq!(logins.len(), 3);
    assert_eq!(logins[0].0, StaffRole::Admin);
    assert_eq!(logins[2].0, StaffRole::Coordinator);
    let (mut admin, _, _) = demo_sign_in(h, 0).await;
    assert_eq!(
        h.get(&mut admin, "/api/keys/mine").await.status,
        StatusCode::NOT_FOUND
    );
    let admin_rows: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM org_keys k JOIN users u ON u.id = k.user_id WHERE u.role = 'admin'",
    )
    .fetch_one(&h.db)
    .await
    .unwrap();
    assert_eq!(admin_rows, 0, "the admin holds no organisation key");
    let mut org_identities = Vec::new();
    for index in [1, 2] {
        let (mut c, me, session) = demo_sign_in(h, index).await;
        assert_eq!(session["pledge"]["state"], "required");
        assert!(
            session["display_name"]
                .as_str()
                .unwrap()
                .contains("（架空）")
        );
        let user_id = session["user_id"].as_str().unwrap().to_owned();
        let my_public = me.public();
        let trusted_me = TrustedSender {
            id: &user_id,
            key: &my_public.signing,
        };
        let mine: Vec<SealedOrgKey> =
            serde_json::from_value(h.get(&mut c, "/api/keys/mine").await.body).unwrap();
        assert_eq!(mine.len(), 1);
        let key = &mine[0];
        assert_eq!(key.granted_by.as_str(), user_id, "created by the member");
        assert_eq!(key.granter_identity, my_public);
        let seed = domain::envelope::open(
            &org_key_binding(&key.organisation_identity),
            me.sealing.secret(),
            &trusted_me,
            &key.sealed_seed.0,
        )
        .unwrap();
        let org = domain::identity::IdentitySeed::from_slice(&seed)
            .unwrap()
            .identity()
            .unwrap();
        assert_eq!(org.public(), key.organisation_identity);
        assert_eq!(
            serde_json::to_value(org.public()).unwrap(),
            session["organisation"]["identity"]
        );
        let members: Vec<OrgMember> =
            serde_json::from_value(h.get(&mut c, "/api/org/members").await.body).unwrap();
        let me_listed = members
            .iter()
            .find(|m| m.user_id.as_str() == user_id)
            .unwrap();
        assert!(me_listed.holds_key);
        Statement::Member {
            organisation: &key.organisation_id,
            user: &me_listed.user_id,
            role: me_listed.role,
            identity: &my_public,
        }
        .verify(&org.public(), &me_listed.certificate.as_ref().unwrap().0)
        .unwrap();
        let pins: SealedPins = serde_json::from_value(h.get(&mut c, "/api/keys/pins").await.body)
            .expect("pins stored");
        let plain = domain::envelope::open(
            &pins_binding(&me_listed.user_id, pins.version),
            me.sealing.secret(),
            &trusted_me,
            &pins.sealed.0,
        )
        .unwrap();
        let pins: Pins = serde_json::from_slice(&plain).unwrap();
        assert_eq!(pins.organisations.len(), 1);
        assert_eq!(pins.organisations[0].organisation_id, key.organisation_id);
        assert_eq!(pins.organisations[0].identity, org.public());
        let peers: Vec<PeerOrganisation> =
            serde_json::from_value(h.get(&mut c, "/api/org/peers").await.body).unwrap();
        assert_eq!(peers.len(), 1);
        let peer = &peers[0];
        Statement::PeerOrganisation {
            organisation: &key.organisation_id,
            peer: &peer.organisation_id,
            peer_kind: peer.kind,
            identity: peer.identity.as_ref().unwrap(),
        }
        .verify(&org.public(), &peer.certificate.as_ref().unwrap().0)
        .unwrap();
        org_identities.push((key.organisation_id.clone(), org.public(), peer.clone()));
        let pledge = h.get(&mut c, "/api/pledge").await;
        assert!(
            pledge.body["text"]
                .as_str()
                .unwrap()
                .contains("誓約書（デモ・架空）")
        );
    }
    // Each side lists the other's identity, as the other created it.
    let (centre, partner) = (&org_identities[0], &org_identities[1]);
    assert_eq!(centre.2.organisation_id, partner.0);
    assert_eq!(centre.2.identity, Some(partner.1));
    assert_eq!(partner.2.organisation_id, centre.0);
    assert_eq!(partner.2.identity, Some(centre.1));
}

#[tokio::test]
async fn demo_accounts_sign_in_with_the_published_credentials() {
    let h = harness().await;
    assert!(
        server::seed::demo::seed_once(&h.db, &h.keys, now_ms())
            .await
            .unwrap()
    );
    check_demo_directory(&h).await;
}

/// A `data/` seeded under the old key model (organisation keys made by the admin, who held
/// them all) keeps working: migration 0004 drops those keys, and the next start gives the same
/// demo accounts new identities in place, with the directory of a fresh seed.
#[tokio::test]
async fn an_old_demo_database_gets_new_identities_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let pool = server::store::db::connect(&url).await.unwrap();
    // The schema before this issue, with what the old demo seed left in it.
    let old = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(
            server::store::db::MIGRATOR
                .iter()
                .filter(|m| m.version < 3)
                .cloned()
                .collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    old.run(&pool).await.unwrap();
    let now = now_ms();
    // What the old seed made: the organisations with admin-made keys, a programme, accounts
    // with X25519 keys only, every organisation key held by the admin.
    for (id, kind) in [
        ("00000000-0000-4000-8000-00000000c001", "centre"),
        ("00000000-0000-4000-8000-00000000a001", "partner"),
    ] {
        sqlx::query(
            "INSERT INTO organisations (id, kind, name, public_key, created_at) \
             VALUES (?, ?, '旧（架空）', ?, ?)",
        )
        .bind(id)
        .bind(kind)
        .bind([9u8; 32].as_slice())
        .bind(now)
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO programmes (id, partner_id, centre_id, name, support_kind, \
         emergency_phone, created_at) VALUES ('00000000-0000-4000-8000-00000000b001', \
         '00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-00000000c001', \
         '旧（架空）', 'meal', '000', ?)",
    )
    .bind(now)
    .execute(&pool)
    .await
    .unwrap();
    let old_key = [7u8; 32];
    for (id, org, role, login, secret) in [
        (
            "00000000-0000-4000-8000-0000000000d1",
            None,
            "admin",
            "demo-admin",
            b"yorisoi-demo-admin-1",
        ),
        (
            "00000000-0000-4000-8000-0000000000d2",
            Some("00000000-0000-4000-8000-00000000c001"),
            "caseworker",
            "demo-caseworker",
            b"yorisoi-demo-casew-2",
        ),
        (
            "00000000-0000-4000-8000-0000000000d3",
            Some("00000000-0000-4000-8000-00000000a001"),
            "coordinator",
            "demo-coordinator",
            b"yorisoi-demo-coord-3",
        ),
    ] {
        sqlx::query(
            "INSERT INTO users (id, organisation_id, role, login_name, display_name, \
             login_verifier, public_key, wrapped_key, totp_secret, totp_confirmed, created_at) \
             VALUES (?, ?, ?, ?, '旧（架空）', ?, ?, ?, ?, 1, ?)",
        )
        .bind(id)
        .bind(org)
        .bind(role)
        .bind(login)
        .bind([1u8; 49].as_slice())
        .bind(old_key.as_slice())
        .bind(fast_wrapped_key())
        .bind(secret.as_slice())
        .bind(now)
        .execute(&pool)
        .await
        .unwrap();
    }
    for org in [
        "00000000-0000-4000-8000-00000000c001",
        "00000000-0000-4000-8000-00000000a001",
    ] {
        sqlx::query(
            "INSERT INTO org_keys (organisation_id, user_id, sealed_private_key, granted_by, \
             granted_at) VALUES (?, '00000000-0000-4000-8000-0000000000d1', x'00', \
             '00000000-0000-4000-8000-0000000000d1', ?)",
        )
        .bind(org)
        .bind(now)
        .execute(&pool)
        .await
        .unwrap();
    }
    for (key, value) in [("demo_seeded", "1"), ("demo_accounts_seeded", "1")] {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&pool)
            .await
            .unwrap();
    }
    // An incident with a plain note, and a live staff session, from before.
    sqlx::query(
        "INSERT INTO incidents (id, kind, organisation_id, reported_by, reported_at, note, \
         actions) VALUES ('00000000-0000-4000-8000-0000000000e1', 'leak', \
         '00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-0000000000d3', ?, \
         '古いメモ（カナリア）', '[]')",
    )
    .bind(now)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, user_id, csrf_token, created_at, last_seen_at, \
         expires_at) VALUES (?, 'staff', '00000000-0000-4000-8000-0000000000d1', ?, ?, ?, ?)",
    )
    .bind([4u8; 32].as_slice())
    .bind("c".repeat(43))
    .bind(now)
    .bind(now)
    .bind(now + 60_000)
    .execute(&pool)
    .await
    .unwrap();
    // The old seed's pledges, so the new one adds none.
    for org in [
        "00000000-0000-4000-8000-00000000c001",
        "00000000-0000-4000-8000-00000000a001",
    ] {
        sqlx::query(
            "INSERT INTO pledges (organisation_id, version, text, hash, created_at) \
             VALUES (?, 1, '誓約書（デモ・架空）', ?, ?)",
        )
        .bind(org)
        .bind("0".repeat(64))
        .bind(now)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    // Today's relay on that file: the migration, then the demo seed at start.
    let h = harness_at(dir).await;
    let org_keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM org_keys")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(org_keys, 0, "the old model's keys are gone");
    let left: (i64, i64, String) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM organisations WHERE public_key IS NOT NULL), \
         (SELECT COUNT(*) FROM sessions), (SELECT note FROM incidents)",
    )
    .fetch_one(&h.db)
    .await
    .unwrap();
    assert_eq!(
        left,
        (0, 0, String::new()),
        "old identities, sessions, notes"
    );
    assert!(
        server::seed::demo::seed_once(&h.db, &h.keys, h.now_ms())
            .await
            .unwrap()
    );
    check_demo_directory(&h).await;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(users, 3, "the same accounts, not new ones");
    let pledges: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pledges")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(pledges, 2, "the old pledges stay, no second version");
    assert!(
        !server::seed::demo::seed_once(&h.db, &h.keys, h.now_ms())
            .await
            .unwrap()
    );
}
