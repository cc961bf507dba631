//! Issue 9, need to know, against the real relay and a real SQLite file: referrals, answers,
//! profiles, assignments, briefs, the phone's sync and fetch, the device ledger and expiry. The
//! browsers' and the phone's cryptography is done natively with `domain`, as they do it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use domain::api::endpoints;
use domain::api::{
    assignment_note_binding, brief_binding, profile_binding, referral_answer_binding,
    referral_binding,
};
use domain::ids::{AssignmentId, BriefId, ReferralId, VolunteerId};
use serde_json::{Value, json};

const DAY: i64 = 24 * 3600 * 1000;

async fn sync(h: &Harness, phone: &mut Phone, events: Value) -> Answer {
    let answer = h
        .post(
            &mut phone.client,
            "/api/device/sync",
            json!({ "events": events }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer
}

async fn count(h: &Harness, sql: &str, binds: &[&str]) -> i64 {
    let mut query = sqlx::query_scalar(sql);
    for b in binds {
        query = query.bind(*b);
    }
    query.fetch_one(&h.db).await.unwrap()
}

async fn audit_rows(h: &Harness, action: &str, object: &str, detail: &str) -> i64 {
    count(
        h,
        "SELECT COUNT(*) FROM audit_events WHERE action = ? AND object = ? AND detail = ?",
        &[action, object, detail],
    )
    .await
}

async fn denials(h: &Harness, actor: &str, object: &str) -> i64 {
    count(
        h,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'denied' AND actor = ? AND object = ?",
        &[actor, object],
    )
    .await
}

fn canaries() -> Vec<String> {
    [
        "CANARY-NAME-山田さん",
        "CANARY-ADDRESS-北区1-2-3",
        "CANARY-ALLERGY-そば",
        "CANARY-DO-NOT-MENTION-離婚",
        "CANARY-PROFILE-東町2丁目",
        "CANARY-DECLINE-REASON",
        "CANARY-OVERRIDE-REASON",
        "CANARY-BRIEF-INSTRUCTIONS",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

/// The whole journey, then a raw scan of the database files for every plaintext sealed.
#[tokio::test]
async fn a_referral_becomes_a_brief_on_the_phone_and_leaves_no_plaintext_behind() {
    let h = harness().await;
    let mut w = world(&h).await;
    let c = canaries();
    let now = h.now_ms();

    // The caseworker sends a referral; both organisations list it.
    let referral = ReferralId::random().unwrap();
    let content = format!("{}|{}|{}|{}", c[0], c[1], c[2], c[3]);
    let body = w.new_referral(Side::A, &referral, "given", content.as_bytes());
    let sent = h
        .post(&mut w.caseworker.client, "/api/centre/referrals", body)
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    assert_eq!(sent.body["status"], "sent");
    assert_eq!(sent.body["version"], 1);
    assert_eq!(
        sent.body["signer"]["user_id"],
        w.caseworker.user_id.as_str()
    );
    assert!(
        sent.body["signer"]["certificate"].is_string(),
        "the member certificate comes with it"
    );
    assert_eq!(
        audit_rows(&h, "referral.created", referral.as_str(), "").await,
        1
    );
    let inbox = h
        .get(&mut w.coordinator_a.client, "/api/partner/referrals")
        .await;
    assert_eq!(inbox.body.as_array().unwrap().len(), 1);
    let other_inbox = h
        .get(&mut w.coordinator_b.client, "/api/partner/referrals")
        .await;
    assert_eq!(other_inbox.body, json!([]));
    // The envelope the partner gets opens with the partner's key, from the caseworker.
    let sealed: domain::api::B64 = serde_json::from_value(inbox.body[0]["sealed"].clone()).unwrap();
    let partner_keys = w.partner_a_seed.identity().unwrap();
    let opened = domain::envelope::open(
        &referral_binding(&referral, 1),
        partner_keys.sealing.secret(),
        &domain::envelope::TrustedSender {
            id: &w.caseworker.user_id,
            key: &w.caseworker.identity().signing,
        },
        &sealed.0,
    )
    .unwrap();
    assert_eq!(&opened[..], content.as_bytes());

    // An update is the next version.
    let v2 = seal_as(
        &w.caseworker,
        &referral_binding(&referral, 2),
        &w.both(Side::A),
        content.as_bytes(),
    );
    let uri = format!("/api/centre/referrals/{referral}");
    let updated = h
        .put(
            &mut w.caseworker.client,
            &uri,
            json!({ "version": 2, "consent": "given", "sealed": b64(&v2) }),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{:?}", updated.body);
    assert_eq!(updated.body["version"], 2);
    let stale = h
        .put(
            &mut w.caseworker.client,
            &uri,
            json!({ "version": 2, "consent": "given", "sealed": b64(&v2) }),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    // The coordinator accepts; a second answer is a conflict.
    accept_referral(&h, &mut w, Side::A, referral.as_str()).await;
    assert_eq!(
        audit_rows(&h, "referral.accepted", referral.as_str(), "").await,
        1
    );
    let again = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/referrals/{referral}/answer"),
            json!({ "accept": true, "sealed_reason": null }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let seen = h.get(&mut w.caseworker.client, &uri).await;
    assert_eq!(seen.body["referral"]["status"], "accepted");
    assert_eq!(seen.body["referral"]["answer"]["accepted"], true);

    // A volunteer profile, sealed to the partner only.
    let volunteer = VolunteerId::parse(&w.phone_a.volunteer_id).unwrap();
    let profile = seal_as(
        &w.coordinator_a,
        &profile_binding(&volunteer, 1),
        &[w.partner_identity(Side::A).sealing],
        c[4].as_bytes(),
    );
    let put = h
        .put(
            &mut w.coordinator_a.client,
            &format!("/api/partner/volunteers/{volunteer}/profile"),
            json!({ "version": 1, "sealed": b64(&profile) }),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    let profiles = h
        .get(&mut w.coordinator_a.client, "/api/partner/profiles")
        .await;
    assert_eq!(profiles.body.as_array().unwrap().len(), 1);
    assert_eq!(
        h.get(&mut w.coordinator_b.client, "/api/partner/profiles")
            .await
            .body,
        json!([])
    );

    // Matching with a conflict override: the reasons are sealed to both, the log says only that.
    let (assignment, mut body) = new_assignment(&w, Side::A, referral.as_str(), now);
    let assignment_id = AssignmentId::parse(&assignment).unwrap();
    let note = seal_as(
        &w.coordinator_a,
        &assignment_note_binding(&assignment_id),
        &w.both(Side::A),
        c[6].as_bytes(),
    );
    body["conflict_override"] = json!(true);
    body["sealed_note"] = json!(b64(&note));
    let created = h
        .post(
            &mut w.coordinator_a.client,
            "/api/partner/assignments",
            body,
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let visits = created.body["visits"].as_array().unwrap();
    assert!(
        (4..=5).contains(&visits.len()),
        "weekly for 30 days: {}",
        visits.len()
    );
    assert!(visits.iter().all(|v| v["status"] == "planned"));
    assert_eq!(
        audit_rows(&h, "assignment.created", &assignment, "conflict_override").await,
        1
    );

    // A brief to the certified phone; the phone sees it once the pledge is accepted.
    certify_phone(&h, &mut w, Side::A).await;
    let brief = BriefId::random().unwrap().as_str().to_owned();
    let brief_content = format!("{}|{}|{}", c[0], c[2], c[7]);
    let body = new_brief(
        &w,
        Side::A,
        &brief,
        &assignment,
        1,
        now + 7 * DAY,
        &[&w.phone_a],
        brief_content.as_bytes(),
    );
    let v1_bytes: domain::api::B64 = serde_json::from_value(body["sealed"].clone()).unwrap();
    let approved = h
        .post(&mut w.coordinator_a.client, "/api/partner/briefs", body)
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    assert_eq!(approved.body["state"], "current");
    assert_eq!(
        audit_rows(&h, "brief.approved", &brief, "version=1").await,
        1
    );

    let listed = sync(&h, &mut w.phone_a, json!([])).await;
    assert_eq!(listed.body["assignments"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["assignments"][0]["id"], assignment.as_str());
    assert_eq!(
        listed.body["assignments"][0]["brief"],
        json!({ "brief_id": brief, "version": 1 })
    );
    let brief_uri = format!("/api/device/briefs/{brief}");
    let no_pledge = h.get(&mut w.phone_a.client, &brief_uri).await;
    assert_eq!(no_pledge.status, StatusCode::FORBIDDEN);
    assert_eq!(no_pledge.error(), "pledge_required");
    accept_pledge(&h, &mut w, Side::A).await;
    let fetched = h.get(&mut w.phone_a.client, &brief_uri).await;
    assert_eq!(fetched.status, StatusCode::OK, "{:?}", fetched.body);
    assert_eq!(fetched.body["version"], 1);
    let sealed: domain::api::B64 = serde_json::from_value(fetched.body["sealed"].clone()).unwrap();
    let on_phone = domain::envelope::open(
        &brief_binding(&BriefId::parse(&brief).unwrap(), 1),
        w.phone_a.key_pair.secret(),
        &domain::envelope::TrustedSender {
            id: &w.coordinator_a.user_id,
            key: &w.coordinator_a.identity().signing,
        },
        &sealed.0,
    )
    .unwrap();
    assert_eq!(&on_phone[..], brief_content.as_bytes());
    assert_eq!(
        audit_rows(&h, "brief.fetched", &brief, "version=1").await,
        1
    );
    let phone_assignment = h
        .get(
            &mut w.phone_a.client,
            &format!("/api/device/assignments/{assignment}"),
        )
        .await;
    assert_eq!(phone_assignment.status, StatusCode::OK);
    assert_eq!(phone_assignment.body["brief"]["version"], 1);

    // Opened on the phone (its clock a little ahead: clamped to the relay's now).
    let opened_at = h.now_ms() + 60_000;
    sync(
        &h,
        &mut w.phone_a,
        json!([{ "kind": "opened", "brief_id": brief, "version": 1, "at": opened_at },
               { "kind": "opened", "brief_id": BriefId::random().unwrap(), "version": 1, "at": opened_at }]),
    )
    .await;
    assert_eq!(audit_rows(&h, "brief.opened", &brief, "version=1").await, 1);
    let ledger = h.get(&mut w.coordinator_a.client, "/api/org/ledger").await;
    assert_eq!(ledger.body.as_array().unwrap().len(), 1);
    let row = &ledger.body[0];
    assert_eq!(row["device_id"], w.phone_a.device_id.as_str());
    assert!(row["first_opened_at"].as_i64().unwrap() <= h.now_ms());
    assert_eq!(row["deleted_at"], Value::Null);
    let centre_ledger = h.get(&mut w.caseworker.client, "/api/org/ledger").await;
    assert_eq!(centre_ledger.body, ledger.body);
    assert_eq!(
        h.get(&mut w.coordinator_b.client, "/api/org/ledger")
            .await
            .body,
        json!([])
    );

    // Version 2 replaces version 1, whose envelope the relay deletes.
    let body = new_brief(
        &w,
        Side::A,
        &brief,
        &assignment,
        2,
        now + 7 * DAY,
        &[&w.phone_a],
        brief_content.as_bytes(),
    );
    let approved = h
        .post(&mut w.coordinator_a.client, "/api/partner/briefs", body)
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    let v1: (String, Option<Vec<u8>>) = sqlx::query_as(
        "SELECT state, sealed FROM brief_versions WHERE brief_id = ? AND version = 1",
    )
    .bind(&brief)
    .fetch_one(&h.db)
    .await
    .unwrap();
    assert_eq!(v1, ("replaced".to_owned(), None));
    let listed = sync(&h, &mut w.phone_a, json!([])).await;
    assert_eq!(listed.body["assignments"][0]["brief"]["version"], 2);
    assert_eq!(
        h.get(&mut w.phone_a.client, &brief_uri).await.body["version"],
        2
    );
    let detail = h.get(&mut w.caseworker.client, &uri).await;
    let versions = detail.body["briefs"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["state"], "current");
    assert_eq!(versions[1]["state"], "replaced");
    assert_eq!(versions[1]["sealed"], Value::Null);

    // Revoked: the next sync no longer lists it; the phone confirms the deletion.
    let revoked = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/briefs/{brief}/revoke"),
            json!({}),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    assert_eq!(revoked.body["state"], "revoked");
    assert_eq!(revoked.body["sealed"], Value::Null);
    assert_eq!(
        audit_rows(&h, "brief.revoked", &brief, "version=2").await,
        1
    );
    let listed = sync(&h, &mut w.phone_a, json!([])).await;
    assert_eq!(listed.body["assignments"][0]["brief"], Value::Null);
    let gone = h.get(&mut w.phone_a.client, &brief_uri).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let deleted_at = h.now_ms();
    sync(
        &h,
        &mut w.phone_a,
        json!([{ "kind": "deleted", "brief_id": brief, "version": 1, "at": deleted_at },
               { "kind": "deleted", "brief_id": brief, "version": 2, "at": deleted_at }]),
    )
    .await;
    let ledger = h.get(&mut w.coordinator_a.client, "/api/org/ledger").await;
    let rows = ledger.body.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["deleted_at"].is_i64()), "{rows:?}");
    assert_eq!(rows[0]["brief_state"], "revoked");
    assert_eq!(
        audit_rows(&h, "brief.deleted", &brief, "version=2").await,
        1
    );
    // A retried upload records nothing twice.
    sync(
        &h,
        &mut w.phone_a,
        json!([{ "kind": "deleted", "brief_id": brief, "version": 2, "at": deleted_at }]),
    )
    .await;
    assert_eq!(
        audit_rows(&h, "brief.deleted", &brief, "version=2").await,
        1
    );

    // A decline carries its reason, sealed to both.
    let declined_id = ReferralId::random().unwrap();
    let body = w.new_referral(Side::A, &declined_id, "overridden", c[0].as_bytes());
    let sent = h
        .post(&mut w.caseworker.client, "/api/centre/referrals", body)
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    assert_eq!(
        audit_rows(
            &h,
            "referral.created",
            declined_id.as_str(),
            "consent_override"
        )
        .await,
        1
    );
    let reason = seal_as(
        &w.coordinator_a,
        &referral_answer_binding(&declined_id),
        &w.both(Side::A),
        c[5].as_bytes(),
    );
    let declined = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/referrals/{declined_id}/answer"),
            json!({ "accept": false, "sealed_reason": b64(&reason) }),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    assert_eq!(declined.body["status"], "declined");
    let no_update = h
        .put(
            &mut w.caseworker.client,
            &format!("/api/centre/referrals/{declined_id}"),
            json!({ "version": 2, "consent": "given", "sealed": b64(&v2) }),
        )
        .await;
    assert_eq!(no_update.status, StatusCode::CONFLICT);

    // Withdrawal ends the assignment (its brief was revoked already).
    let withdrawn = h
        .post(
            &mut w.caseworker.client,
            &format!("/api/centre/referrals/{referral}/withdraw"),
            json!({}),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{:?}", withdrawn.body);
    assert_eq!(withdrawn.body["status"], "withdrawn");
    assert_eq!(
        audit_rows(&h, "assignment.ended", &assignment, "withdrawn").await,
        1
    );
    let listed = sync(&h, &mut w.phone_a, json!([])).await;
    assert_eq!(listed.body["assignments"], json!([]));

    // No plaintext anywhere in the database files, nor a replaced or revoked envelope.
    assert!(server::store::db::purge_wal(&h.db).await.unwrap());
    let mut canary_bytes: Vec<(String, Vec<u8>)> = c
        .iter()
        .map(|s| (s.clone(), s.as_bytes().to_vec()))
        .collect();
    assert_db_free_of(&h, &canary_bytes).await;
    canary_bytes.push((
        "replaced brief envelope".into(),
        v1_bytes.0[v1_bytes.0.len() - 64..].to_vec(),
    ));
    for (path, bytes) in raw_files(&h) {
        for (what, canary) in &canary_bytes {
            assert!(!contains(&bytes, canary), "{path} holds the {what}");
        }
    }
}

/// Every upload is checked: binding, sender, recipients, versions, override notes, devices.
#[tokio::test]
async fn malformed_or_misaddressed_envelopes_are_refused() {
    let h = harness().await;
    let mut w = world(&h).await;
    let now = h.now_ms();
    let centre_only = vec![w.centre_identity().sealing];
    let wrong_partner = vec![
        w.centre_identity().sealing,
        w.partner_identity(Side::B).sealing,
    ];

    // Referral: recipients, version, sender, consent value.
    let id = ReferralId::random().unwrap();
    for (binding, recipients, sender) in [
        (referral_binding(&id, 1), centre_only.clone(), &w.caseworker),
        (
            referral_binding(&id, 1),
            wrong_partner.clone(),
            &w.caseworker,
        ),
        (referral_binding(&id, 2), w.both(Side::A), &w.caseworker),
        (
            referral_binding(&ReferralId::random().unwrap(), 1),
            w.both(Side::A),
            &w.caseworker,
        ),
        (referral_binding(&id, 1), w.both(Side::A), &w.coordinator_a),
    ] {
        let mut all = recipients.clone();
        if all.len() == 2 && binding.version == 1 && std::ptr::eq(sender, &w.caseworker) {
            // Also a third, extra recipient.
            all.push(w.phone_a.key_pair.public());
        }
        for recipients in [recipients, all] {
            let sealed = seal_as(sender, &binding, &recipients, b"x");
            let answer = h
                .post(
                    &mut w.caseworker.client.clone(),
                    "/api/centre/referrals",
                    json!({ "id": id, "programme_id": w.programme_a, "consent": "given",
                            "sealed": b64(&sealed) }),
                )
                .await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
            assert_eq!(answer.error(), "invalid_body");
        }
    }
    let bad_consent = w.new_referral(Side::A, &id, "maybe", b"x");
    let answer = h
        .post(
            &mut w.caseworker.client,
            "/api/centre/referrals",
            bad_consent,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM referrals", &[]).await, 0);

    // An organisation without an identity can be sent nothing sealed: 409.
    let partner_c = create_org(&h, &mut w.admin, "partner", "NPO C").await;
    let programme_c = create_programme(&h, &mut w.admin, &partner_c, &w.centre).await;
    let mut body = w.new_referral(Side::A, &id, "given", b"x");
    body["programme_id"] = json!(programme_c);
    let answer = h
        .post(&mut w.caseworker.client, "/api/centre/referrals", body)
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{:?}", answer.body);

    // Answers: a decline needs a reason sealed to both; an acceptance has none.
    let referral = send_referral(&h, &mut w, Side::A, b"x").await;
    let referral_id = ReferralId::parse(&referral).unwrap();
    let answer_uri = format!("/api/partner/referrals/{referral}/answer");
    let to_partner_only = seal_as(
        &w.coordinator_a,
        &referral_answer_binding(&referral_id),
        &[w.partner_identity(Side::A).sealing],
        b"reason",
    );
    for body in [
        json!({ "accept": false, "sealed_reason": null }),
        json!({ "accept": true, "sealed_reason": b64(&to_partner_only) }),
        json!({ "accept": false, "sealed_reason": b64(&to_partner_only) }),
    ] {
        let answer = h.post(&mut w.coordinator_a.client, &answer_uri, body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    // Not accepted yet: no assignment.
    let (_, body) = new_assignment(&w, Side::A, &referral, now);
    let answer = h
        .post(
            &mut w.coordinator_a.client,
            "/api/partner/assignments",
            body,
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    accept_referral(&h, &mut w, Side::A, &referral).await;

    // Profiles: sealed to the partner only, versions in order.
    let volunteer = VolunteerId::parse(&w.phone_a.volunteer_id).unwrap();
    let profile_uri = format!("/api/partner/volunteers/{volunteer}/profile");
    for (version, recipients) in [
        (1, w.both(Side::A)),
        (2, vec![w.partner_identity(Side::A).sealing]),
    ] {
        let sealed = seal_as(
            &w.coordinator_a,
            &profile_binding(&volunteer, 1),
            &recipients,
            b"p",
        );
        let answer = h
            .put(
                &mut w.coordinator_a.client,
                &profile_uri,
                json!({ "version": version, "sealed": b64(&sealed) }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let skipped = seal_as(
        &w.coordinator_a,
        &profile_binding(&volunteer, 2),
        &[w.partner_identity(Side::A).sealing],
        b"p",
    );
    let answer = h
        .put(
            &mut w.coordinator_a.client,
            &profile_uri,
            json!({ "version": 2, "sealed": b64(&skipped) }),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::CONFLICT,
        "a first profile is version 1"
    );

    // Assignments: an override needs its note and a note needs an override; the window is
    // at most a year; the volunteer must be of the referral's programme.
    let (assignment, base) = new_assignment(&w, Side::A, &referral, now);
    let assignment_id = AssignmentId::parse(&assignment).unwrap();
    let note = seal_as(
        &w.coordinator_a,
        &assignment_note_binding(&assignment_id),
        &w.both(Side::A),
        b"n",
    );
    let note_to_one = seal_as(
        &w.coordinator_a,
        &assignment_note_binding(&assignment_id),
        &centre_only,
        b"n",
    );
    let mut cases = Vec::new();
    let mut b = base.clone();
    b["conflict_override"] = json!(true);
    cases.push(b);
    let mut b = base.clone();
    b["sealed_note"] = json!(b64(&note));
    cases.push(b);
    let mut b = base.clone();
    b["conflict_override"] = json!(true);
    b["sealed_note"] = json!(b64(&note_to_one));
    cases.push(b);
    let mut b = base.clone();
    b["valid_until"] = json!(now + 400 * DAY);
    cases.push(b);
    let mut b = base.clone();
    b["valid_until"] = json!(now - 1);
    b["valid_from"] = json!(now - DAY);
    cases.push(b);
    let mut b = base.clone();
    b["schedule"] = json!({ "kind": "once", "at": now + 100 * DAY, "minutes": 60 });
    cases.push(b);
    for body in cases {
        let answer = h
            .post(
                &mut w.coordinator_a.client,
                "/api/partner/assignments",
                body.clone(),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {:?}",
            answer.body
        );
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM assignments", &[]).await, 0);
    let created = h
        .post(
            &mut w.coordinator_a.client,
            "/api/partner/assignments",
            base.clone(),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let twice = h
        .post(
            &mut w.coordinator_a.client,
            "/api/partner/assignments",
            base,
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // Briefs: no certified phone yet is a 409; then the devices must be exactly the certified
    // active ones and the envelope sealed to exactly them and both organisations.
    let brief = BriefId::random().unwrap().as_str().to_owned();
    let until = now + 7 * DAY;
    let body = new_brief(
        &w,
        Side::A,
        &brief,
        &assignment,
        1,
        until,
        &[&w.phone_a],
        b"b",
    );
    let answer = h
        .post(
            &mut w.coordinator_a.client,
            "/api/partner/briefs",
            body.clone(),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::CONFLICT,
        "uncertified: {:?}",
        answer.body
    );
    certify_phone(&h, &mut w, Side::A).await;
    // A second, uncertified phone of the same volunteer.
    let second = invite_volunteer(
        &h,
        &mut w.coordinator_a,
        &w.programme_a.clone(),
        Some(&w.phone_a.volunteer_id.clone()),
    )
    .await;
    let spare = enrol(&h, second.body["code"].as_str().unwrap(), "333333").await;
    let brief_id = BriefId::parse(&brief).unwrap();
    let mut cases = vec![
        // The uncertified phone listed and sealed to.
        new_brief(
            &w,
            Side::A,
            &brief,
            &assignment,
            1,
            until,
            &[&w.phone_a, &spare],
            b"b",
        ),
        // No phone listed.
        new_brief(&w, Side::A, &brief, &assignment, 1, until, &[], b"b"),
        // Another volunteer's phone.
        new_brief(
            &w,
            Side::A,
            &brief,
            &assignment,
            1,
            until,
            &[&w.phone_b],
            b"b",
        ),
        // Past the assignment's end.
        new_brief(
            &w,
            Side::A,
            &brief,
            &assignment,
            1,
            now + 40 * DAY,
            &[&w.phone_a],
            b"b",
        ),
    ];
    // Listed right, sealed wrong: missing the phone, missing the centre, by another sender,
    // for another version.
    let mut b = body.clone();
    b["sealed"] = json!(b64(&seal_as(
        &w.coordinator_a,
        &brief_binding(&brief_id, 1),
        &w.both(Side::A),
        b"b"
    )));
    cases.push(b);
    let mut b = body.clone();
    b["sealed"] = json!(b64(&seal_as(
        &w.coordinator_a,
        &brief_binding(&brief_id, 1),
        &[
            w.partner_identity(Side::A).sealing,
            w.phone_a.key_pair.public()
        ],
        b"b"
    )));
    cases.push(b);
    let mut recipients = w.both(Side::A);
    recipients.push(w.phone_a.key_pair.public());
    let mut b = body.clone();
    b["sealed"] = json!(b64(&seal_as(
        &w.caseworker,
        &brief_binding(&brief_id, 1),
        &recipients,
        b"b"
    )));
    cases.push(b);
    let mut b = body.clone();
    b["sealed"] = json!(b64(&seal_as(
        &w.coordinator_a,
        &brief_binding(&brief_id, 2),
        &recipients,
        b"b"
    )));
    cases.push(b);
    let mut b = body.clone();
    b["sealed"] = json!("AAAA");
    cases.push(b);
    for case in cases {
        let answer = h
            .post(
                &mut w.coordinator_a.client,
                "/api/partner/briefs",
                case.clone(),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{case}: {:?}",
            answer.body
        );
        assert_eq!(answer.error(), "invalid_body");
    }
    // Version 2 first, or a second brief id for the same assignment: conflicts.
    let v2 = new_brief(
        &w,
        Side::A,
        &brief,
        &assignment,
        2,
        until,
        &[&w.phone_a],
        b"b",
    );
    let answer = h
        .post(&mut w.coordinator_a.client, "/api/partner/briefs", v2)
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let approved = h
        .post(
            &mut w.coordinator_a.client,
            "/api/partner/briefs",
            body.clone(),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    let again = h
        .post(&mut w.coordinator_a.client, "/api/partner/briefs", body)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let other = BriefId::random().unwrap().as_str().to_owned();
    let body = new_brief(
        &w,
        Side::A,
        &other,
        &assignment,
        1,
        until,
        &[&w.phone_a],
        b"b",
    );
    let answer = h
        .post(&mut w.coordinator_a.client, "/api/partner/briefs", body)
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    // The uncertified phone is no recipient: it is never served the brief.
    let mut spare = spare;
    accept_pledge(&h, &mut w, Side::A).await;
    let denied_before = denials(&h, &spare.device_id, &brief).await;
    let answer = h
        .get(&mut spare.client, &format!("/api/device/briefs/{brief}"))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        denials(&h, &spare.device_id, &brief).await,
        denied_before + 1
    );
    let listed = sync(&h, &mut spare, json!([])).await;
    assert_eq!(listed.body["assignments"][0]["brief"], Value::Null);
}

/// Another volunteer's phone, a volunteer of another partner, a coordinator of another partner
/// and a caseworker of another centre: 404 for the referral, the assignment and the brief, each
/// denial audited.
#[tokio::test]
async fn outsiders_get_an_audited_404_for_the_referral_the_assignment_and_the_brief() {
    let h = harness().await;
    let mut w = world(&h).await;
    let a = chain(&h, &mut w, Side::A, b"outsiders").await;
    accept_pledge(&h, &mut w, Side::A).await;
    accept_pledge(&h, &mut w, Side::B).await;
    // Another volunteer of partner A, with a phone of their own.
    let other = invite_volunteer(&h, &mut w.coordinator_a, &w.programme_a.clone(), None).await;
    let mut other_phone = enrol(&h, other.body["code"].as_str().unwrap(), "555555").await;
    // A caseworker of another centre.
    let centre_2 = create_org(&h, &mut w.admin, "centre", "センターB").await;
    let t = invite_staff(&h, &mut w.admin, "caseworker", Some(&centre_2)).await;
    let mut caseworker_2 = register(&h, &t, "case.worker.two", Keys::Fast).await;

    let staff_uris: Vec<(Method, String, Option<Value>, String)> = vec![
        (
            Method::GET,
            format!("/api/centre/referrals/{}", a.referral),
            None,
            a.referral.clone(),
        ),
        (
            Method::PUT,
            format!("/api/centre/referrals/{}", a.referral),
            Some(json!({ "version": 2, "consent": "given", "sealed": "AAAA" })),
            a.referral.clone(),
        ),
        (
            Method::POST,
            format!("/api/centre/referrals/{}/withdraw", a.referral),
            Some(json!({})),
            a.referral.clone(),
        ),
        (
            Method::GET,
            format!("/api/partner/referrals/{}", a.referral),
            None,
            a.referral.clone(),
        ),
        (
            Method::POST,
            format!("/api/partner/referrals/{}/answer", a.referral),
            Some(json!({ "accept": true, "sealed_reason": null })),
            a.referral.clone(),
        ),
        (
            Method::POST,
            format!("/api/partner/assignments/{}/end", a.assignment),
            Some(json!({})),
            a.assignment.clone(),
        ),
        (
            Method::POST,
            format!("/api/partner/briefs/{}/revoke", a.brief),
            Some(json!({})),
            a.brief.clone(),
        ),
    ];
    for (method, uri, body, id) in &staff_uris {
        // A caseworker of another centre (on centre endpoints: the object; on partner
        // endpoints: the path, another role's).
        let object = if uri.starts_with("/api/centre/") {
            id.clone()
        } else {
            uri.clone()
        };
        let before = denials(&h, &caseworker_2.user_id, &object).await;
        let answer = h
            .call(&mut caseworker_2.client, method.clone(), uri, body.clone())
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(
            denials(&h, &caseworker_2.user_id, &object).await,
            before + 1,
            "{uri}"
        );
        // A coordinator of another partner.
        let object = if uri.starts_with("/api/partner/") {
            id.clone()
        } else {
            uri.clone()
        };
        let me = &mut w.coordinator_b;
        let before = denials(&h, &me.user_id, &object).await;
        let answer = h
            .call(&mut me.client, method.clone(), uri, body.clone())
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(denials(&h, &me.user_id, &object).await, before + 1, "{uri}");
        // Phones: staff endpoints are not theirs (the path is named).
        for phone in [&mut other_phone, &mut w.phone_b, &mut w.phone_a] {
            let before = denials(&h, &phone.device_id, uri).await;
            let answer = h
                .call(&mut phone.client, method.clone(), uri, body.clone())
                .await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(
                denials(&h, &phone.device_id, uri).await,
                before + 1,
                "{uri}"
            );
        }
    }
    // The phone endpoints: another volunteer's phone, of the same partner or another.
    for phone in [&mut other_phone, &mut w.phone_b] {
        for (uri, id) in [
            (
                format!("/api/device/assignments/{}", a.assignment),
                &a.assignment,
            ),
            (format!("/api/device/briefs/{}", a.brief), &a.brief),
        ] {
            let before = denials(&h, &phone.device_id, id).await;
            let answer = h.get(&mut phone.client, &uri).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(denials(&h, &phone.device_id, id).await, before + 1, "{uri}");
        }
        let listed = sync(
            &h,
            phone,
            json!([{ "kind": "opened", "brief_id": a.brief,
                                             "version": 1, "at": h.now_ms() }]),
        )
        .await;
        assert_eq!(listed.body["assignments"], json!([]));
    }
    assert_eq!(
        audit_rows(&h, "brief.opened", &a.brief, "version=1").await,
        0
    );
    // Staff on the phone's endpoints: the path.
    for staff in [&mut w.coordinator_a, &mut caseworker_2] {
        let uri = format!("/api/device/briefs/{}", a.brief);
        let before = denials(&h, &staff.user_id, &uri).await;
        let answer = h.get(&mut staff.client, &uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert_eq!(denials(&h, &staff.user_id, &uri).await, before + 1);
    }
    // The lists hold nothing of A's.
    for (staff, uri) in [
        (&mut caseworker_2, "/api/centre/referrals"),
        (&mut w.coordinator_b, "/api/partner/referrals"),
    ] {
        assert_eq!(h.get(&mut staff.client, uri).await.body, json!([]), "{uri}");
        let ledger = h.get(&mut staff.client, "/api/org/ledger").await;
        assert_eq!(ledger.body, json!([]), "{uri}");
    }
    // Everything of A's is untouched, and A's own phone still gets its brief.
    let answer = h
        .get(
            &mut w.phone_a.client,
            &format!("/api/device/briefs/{}", a.brief),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
}

/// A brief past its validity is never served (even before the job runs), and the job deletes
/// its envelope from the database files; an assignment past its end is ended by the job.
#[tokio::test]
async fn expired_briefs_are_not_served_and_their_bytes_are_deleted() {
    let (h, clock) = harness_on_manual_clock().await;
    let mut w = world(&h).await;
    let a = chain(&h, &mut w, Side::A, b"expiry").await;
    accept_pledge(&h, &mut w, Side::A).await;
    let brief_uri = format!("/api/device/briefs/{}", a.brief);
    let fetched = h.get(&mut w.phone_a.client, &brief_uri).await;
    assert_eq!(fetched.status, StatusCode::OK);
    let sealed: domain::api::B64 = serde_json::from_value(fetched.body["sealed"].clone()).unwrap();
    let tail = sealed.0[sealed.0.len() - 64..].to_vec();
    // The scan below would find it while it is stored.
    assert!(server::store::db::purge_wal(&h.db).await.unwrap());
    assert!(
        raw_files(&h)
            .iter()
            .any(|(_, bytes)| contains(bytes, &tail))
    );

    // The brief lasts 7 days: a day later still served, 8 days later not, job or no job.
    clock.advance_ms(DAY);
    // Sessions live shorter than that: unlock again as the phone would.
    let unlocked = w.phone_a.unlock(&h, "111111").await;
    assert_eq!(unlocked.status, StatusCode::OK, "{:?}", unlocked.body);
    assert_eq!(
        h.get(&mut w.phone_a.client, &brief_uri).await.status,
        StatusCode::OK
    );
    assert_eq!(
        server::casework::expire_due(&h.db, &h.keys, h.now_ms())
            .await
            .unwrap(),
        0
    );
    clock.advance_ms(7 * DAY);
    let unlocked = w.phone_a.unlock(&h, "111111").await;
    assert_eq!(unlocked.status, StatusCode::OK, "{:?}", unlocked.body);
    assert_eq!(w.coordinator_a.login(&h).await.status, StatusCode::OK);
    assert_eq!(
        h.get(&mut w.phone_a.client, &brief_uri).await.status,
        StatusCode::NOT_FOUND
    );
    let listed = sync(&h, &mut w.phone_a, json!([])).await;
    assert_eq!(listed.body["assignments"][0]["brief"], Value::Null);
    let detail = h
        .get(
            &mut w.coordinator_a.client,
            &format!("/api/partner/referrals/{}", a.referral),
        )
        .await;
    assert_eq!(detail.body["briefs"][0]["state"], "expired");
    assert_eq!(detail.body["briefs"][0]["sealed"], Value::Null);
    let ledger = h.get(&mut w.coordinator_a.client, "/api/org/ledger").await;
    assert_eq!(ledger.body[0]["brief_state"], "expired");

    // The job deletes the bytes.
    assert_eq!(
        server::casework::expire_due(&h.db, &h.keys, h.now_ms())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        audit_rows(&h, "brief.expired", &a.brief, "version=1").await,
        1
    );
    let stored: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT sealed FROM brief_versions WHERE brief_id = ?")
            .bind(&a.brief)
            .fetch_one(&h.db)
            .await
            .unwrap();
    assert_eq!(stored, None);
    assert!(server::store::db::purge_wal(&h.db).await.unwrap());
    for (path, bytes) in raw_files(&h) {
        assert!(
            !contains(&bytes, &tail),
            "{path} still holds the expired brief"
        );
    }

    // The assignment (30 days) ends when its time is up: the job as `server serve` starts it,
    // on the relay's clock (its first run is at once).
    clock.advance_ms(30 * DAY);
    let state = server::state::AppState::new(h.db.clone(), h.site.clone(), h.keys.clone())
        .with_clock(server::clock::Clock::manual(&clock));
    let job = server::casework::spawn_expiry(state);
    let mut status = String::new();
    for _ in 0..100 {
        status = sqlx::query_scalar("SELECT status FROM assignments WHERE id = ?")
            .bind(&a.assignment)
            .fetch_one(&h.db)
            .await
            .unwrap();
        if status == "ended" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    job.abort();
    assert_eq!(status, "ended");
    assert_eq!(
        audit_rows(&h, "assignment.ended", &a.assignment, "expired").await,
        1
    );
}

/// A volunteer who leaves holds nothing: their assignments end and their briefs expire.
#[tokio::test]
async fn revoking_a_volunteer_ends_their_assignments() {
    let h = harness().await;
    let mut w = world(&h).await;
    let a = chain(&h, &mut w, Side::A, b"leaves").await;
    let revoked = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/volunteers/{}/revoke", w.phone_a.volunteer_id),
            json!({}),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    assert_eq!(
        audit_rows(&h, "assignment.ended", &a.assignment, "volunteer_revoked").await,
        1
    );
    let stored: (String, Option<Vec<u8>>) =
        sqlx::query_as("SELECT state, sealed FROM brief_versions WHERE brief_id = ?")
            .bind(&a.brief)
            .fetch_one(&h.db)
            .await
            .unwrap();
    assert_eq!(stored, ("expired".to_owned(), None));
}

/// Ending an assignment expires its brief at once; the phone is told at its next sync.
#[tokio::test]
async fn ending_an_assignment_expires_its_brief() {
    let h = harness().await;
    let mut w = world(&h).await;
    let a = chain(&h, &mut w, Side::A, b"end").await;
    let ended = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/assignments/{}/end", a.assignment),
            json!({}),
        )
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{:?}", ended.body);
    assert_eq!(ended.body["status"], "ended");
    assert_eq!(
        audit_rows(&h, "assignment.ended", &a.assignment, "coordinator").await,
        1
    );
    assert_eq!(
        audit_rows(&h, "brief.expired", &a.brief, "version=1").await,
        1
    );
    let listed = sync(&h, &mut w.phone_a, json!([])).await;
    assert_eq!(listed.body["assignments"], json!([]));
    let again = h
        .post(
            &mut w.coordinator_a.client,
            &format!("/api/partner/assignments/{}/end", a.assignment),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let programmes = h
        .get(&mut w.caseworker.client, "/api/centre/programmes")
        .await;
    assert_eq!(programmes.body.as_array().unwrap().len(), 2);
}

/// DESIGN §6 "malformed input", for every endpoint and every kind of signed-in caller: random
/// and malformed bodies get a 4xx, never a 5xx.
#[tokio::test]
async fn malformed_bodies_to_every_endpoint_get_4xx() {
    let h = harness().await;
    let mut w = world(&h).await;
    let a = chain(&h, &mut w, Side::A, b"fuzz").await;
    let huge = "x".repeat(200_000);
    let bodies: Vec<Value> = vec![
        json!(null),
        json!([]),
        json!({}),
        json!({ "id": "nope", "programme_id": 1, "consent": "maybe", "sealed": "!!" }),
        json!({ "version": -1, "consent": "given", "sealed": "AAAA" }),
        json!({ "version": 4294967296u64, "sealed": "AAAA" }),
        json!({ "accept": "yes", "sealed_reason": 3 }),
        json!({ "id": a.assignment, "referral_id": a.referral, "volunteer_id": w.phone_a.volunteer_id,
                "valid_from": i64::MIN, "valid_until": i64::MAX,
                "schedule": { "kind": "weekly", "weekday": "someday", "start": 99999, "minutes": 0 },
                "conflict_override": true, "sealed_note": "AAAA" }),
        json!({ "id": AssignmentId::random().unwrap(), "referral_id": a.referral,
                "volunteer_id": w.phone_a.volunteer_id, "valid_from": i64::MAX - 1,
                "valid_until": i64::MAX,
                "schedule": { "kind": "once", "at": i64::MAX - 1, "minutes": 60 },
                "conflict_override": false, "sealed_note": null }),
        json!({ "brief_id": a.brief, "assignment_id": a.assignment, "version": 0,
                "valid_until": i64::MAX, "devices": vec!["x"; 40], "sealed": "AAAA" }),
        json!({ "brief_id": a.brief, "assignment_id": a.assignment, "version": u32::MAX,
                "valid_until": 1, "devices": [], "sealed": huge }),
        json!({ "events": [{ "kind": "opened", "brief_id": a.brief, "version": 1, "at": i64::MIN },
                           { "kind": "deleted", "brief_id": a.brief, "version": u32::MAX, "at": i64::MAX }] }),
        json!({ "events": [{ "kind": "burnt", "brief_id": "x", "version": 1, "at": 0 }] }),
        json!({ "events": vec![json!({ "kind": "opened", "brief_id": a.brief, "version": 1, "at": 0 }); 600] }),
    ];
    let ids = [
        ("referral_id", a.referral.clone()),
        ("assignment_id", a.assignment.clone()),
        ("brief_id", a.brief.clone()),
        ("volunteer_id", w.phone_a.volunteer_id.clone()),
        ("device_id", w.phone_a.device_id.clone()),
        ("user_id", w.coordinator_a.user_id.clone()),
        ("organisation_id", w.partner_a.clone()),
    ];
    // What ends the callers' sessions or accounts is left out; what ends the chain goes last,
    // so every other endpoint meets live objects.
    let skipped = [
        endpoints::LOGOUT,
        endpoints::ADMIN_USER_DISABLE,
        endpoints::PARTNER_VOLUNTEER_REVOKE,
        endpoints::PARTNER_DEVICE_REVOKE,
        endpoints::PARTNER_DEVICE_LOST,
    ];
    let last = [
        endpoints::CENTRE_REFERRAL_WITHDRAW,
        endpoints::PARTNER_ASSIGNMENT_END,
        endpoints::PARTNER_BRIEF_REVOKE,
    ];
    let order = endpoints::ALL
        .iter()
        .filter(|e| !skipped.contains(e) && !last.contains(e))
        .chain(last.iter());
    for endpoint in order {
        let uri = match endpoint.param() {
            Some(name) => {
                let id = &ids.iter().find(|(n, _)| *n == name).unwrap().1;
                endpoint.path_with(id)
            }
            None => endpoint.path.to_owned(),
        };
        let method = match endpoint.method {
            endpoints::Method::Get => Method::GET,
            endpoints::Method::Post => Method::POST,
            endpoints::Method::Put => Method::PUT,
        };
        for body in &bodies {
            for client in [
                &mut w.caseworker.client,
                &mut w.coordinator_a.client,
                &mut w.admin.client,
                &mut w.phone_a.client,
            ] {
                let answer = h
                    .call(client, method.clone(), &uri, Some(body.clone()))
                    .await;
                assert!(
                    !answer.status.is_server_error(),
                    "{} {}: {}",
                    endpoint.method.as_str(),
                    endpoint.path,
                    answer.status
                );
            }
        }
    }
}
