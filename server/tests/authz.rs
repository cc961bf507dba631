//! DESIGN §6 "IDOR between users": every endpoint that takes an id or returns scoped data, called
//! by every kind of caller with ids from another organisation, answers 404 (or 401 for the
//! wrong kind of caller), never data, and every denial is in the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

async fn denied_rows(h: &Harness, actor: &str, object: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'denied' AND actor = ? AND object = ?",
    )
    .bind(actor)
    .bind(object)
    .fetch_one(&h.db)
    .await
    .unwrap()
}

/// Calls and expects an audited 404 that names `object`.
async fn expect_denied(
    h: &Harness,
    caller: &mut Staff,
    method: Method,
    uri: &str,
    body: Option<Value>,
    object: &str,
) {
    let before = denied_rows(h, &caller.user_id, object).await;
    let answer = h.call(&mut caller.client, method.clone(), uri, body).await;
    assert_eq!(
        answer.status,
        StatusCode::NOT_FOUND,
        "{method} {uri}: {:?}",
        answer.body
    );
    assert_eq!(answer.body["error"], "not_found", "{method} {uri}");
    assert_eq!(
        denied_rows(h, &caller.user_id, object).await,
        before + 1,
        "{method} {uri}: denial not audited"
    );
}

#[tokio::test]
async fn coordinators_cannot_reach_another_partners_objects() {
    let h = harness().await;
    let mut w = world(&h).await;
    // Give partner B an incident so there is something to leak.
    let second = invite_volunteer(
        &h,
        &mut w.coordinator_b,
        &w.programme_b,
        Some(&w.phone_b.volunteer_id),
    )
    .await;
    let spare = enrol(&h, second.body["code"].as_str().unwrap(), "444444").await;
    let lost = h
        .post(
            &mut w.coordinator_b.client,
            &format!("/api/partner/devices/{}/lost", spare.device_id),
            json!({ "note": "B の事故" }),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK);

    let pairs = [(
        &mut w.coordinator_a,
        &w.programme_b,
        &w.phone_b,
        &w.partner_b,
        &w.programme_a,
        &w.partner_a,
    )];
    for (me, other_programme, other_phone, other_partner, my_programme, my_partner) in pairs {
        expect_denied(
            &h,
            me,
            Method::POST,
            "/api/partner/volunteer-invites",
            Some(json!({ "programme_id": other_programme, "volunteer_id": null, "display_name": "x" })),
            other_programme,
        )
        .await;
        expect_denied(
            &h,
            me,
            Method::POST,
            "/api/partner/volunteer-invites",
            Some(json!({ "programme_id": my_programme, "volunteer_id": other_phone.volunteer_id, "display_name": "x" })),
            &other_phone.volunteer_id,
        )
        .await;
        expect_denied(
            &h,
            me,
            Method::POST,
            &format!(
                "/api/partner/volunteers/{}/revoke",
                other_phone.volunteer_id
            ),
            Some(json!({})),
            &other_phone.volunteer_id,
        )
        .await;
        for action in ["revoke", "lost"] {
            expect_denied(
                &h,
                me,
                Method::POST,
                &format!("/api/partner/devices/{}/{action}", other_phone.device_id),
                Some(json!({ "note": "" })),
                &other_phone.device_id,
            )
            .await;
        }
        // Someone else's organisation key cannot be granted, nor mine to an outsider.
        let victim = w.coordinator_b.user_id.clone();
        expect_denied(
            &h,
            me,
            Method::POST,
            "/api/keys/grants",
            Some(json!({ "organisation_id": other_partner, "user_id": victim, "sealed_private_key": "AAAA" })),
            other_partner,
        )
        .await;
        expect_denied(
            &h,
            me,
            Method::POST,
            "/api/keys/grants",
            Some(json!({ "organisation_id": my_partner, "user_id": victim, "sealed_private_key": "AAAA" })),
            &victim,
        )
        .await;
        // Lists hold only my own organisation's objects.
        let list = h.get(&mut me.client, "/api/partner/volunteers").await;
        let text = list.body.to_string();
        assert!(
            !text.contains(&other_phone.volunteer_id) && !text.contains(&other_phone.device_id)
        );
        assert_eq!(list.body.as_array().unwrap().len(), 1);
        let incidents = h.get(&mut me.client, "/api/partner/incidents").await;
        assert_eq!(incidents.body, json!([]));
        let programmes = h.get(&mut me.client, "/api/partner/programmes").await;
        let programmes = programmes.body.as_array().unwrap();
        assert!(!programmes.is_empty());
        assert!(
            programmes
                .iter()
                .all(|p| p["partner_id"] == my_partner.as_str())
        );
        let keys = h.get(&mut me.client, "/api/keys/mine").await;
        assert_eq!(keys.body.as_array().unwrap().len(), 1);
        assert_eq!(keys.body[0]["organisation_id"], my_partner.as_str());
        assert_eq!(
            h.get(&mut me.client, "/api/keys/pending").await.body,
            json!([])
        );
    }
    // The targets are untouched.
    let state: String = sqlx::query_scalar("SELECT state FROM devices WHERE id = ?")
        .bind(&w.phone_b.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(state, "active");
}

#[tokio::test]
async fn roles_reach_only_their_endpoints() {
    let h = harness().await;
    let mut w = world(&h).await;
    let partner_endpoints: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            "/api/partner/volunteer-invites".into(),
            Some(
                json!({ "programme_id": w.programme_a, "volunteer_id": null, "display_name": "x" }),
            ),
        ),
        (Method::GET, "/api/partner/volunteers".into(), None),
        (Method::GET, "/api/partner/programmes".into(), None),
        (
            Method::POST,
            format!("/api/partner/volunteers/{}/revoke", w.phone_a.volunteer_id),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/partner/devices/{}/revoke", w.phone_a.device_id),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/partner/devices/{}/lost", w.phone_a.device_id),
            Some(json!({ "note": "" })),
        ),
        (Method::GET, "/api/partner/incidents".into(), None),
    ];
    let admin_endpoints: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/admin/organisations".into(), None),
        (
            Method::POST,
            "/api/admin/organisations".into(),
            Some(
                json!({ "kind": "centre", "name": "x", "public_key": w.centre_key.public(), "sealed_private_key": "AAAA" }),
            ),
        ),
        (Method::GET, "/api/admin/programmes".into(), None),
        (
            Method::POST,
            "/api/admin/programmes".into(),
            Some(
                json!({ "partner_id": w.partner_a, "centre_id": w.centre, "name": "x", "support_kind": "meal", "coordinator_reads_reports": false, "emergency_phone": "0", "retention_days": 1, "idle_lock_secs": 60, "offline_window_secs": 0 }),
            ),
        ),
        (
            Method::POST,
            "/api/admin/staff-invites".into(),
            Some(json!({ "role": "admin", "organisation_id": null, "display_name": "x" })),
        ),
        (
            Method::PUT,
            format!("/api/admin/organisations/{}/pledge", w.partner_a),
            Some(json!({ "text": "x" })),
        ),
    ];
    // Staff of the wrong role: audited 404s, the path as the object.
    for (method, uri, body) in &partner_endpoints {
        for staff in [&mut w.caseworker, &mut w.admin] {
            expect_denied(&h, staff, method.clone(), uri, body.clone(), uri).await;
        }
    }
    for (method, uri, body) in &admin_endpoints {
        for staff in [&mut w.caseworker, &mut w.coordinator_a] {
            expect_denied(&h, staff, method.clone(), uri, body.clone(), uri).await;
        }
    }
    // Phones are the wrong kind of caller for every staff endpoint, and staff for the device's.
    let staff_only = partner_endpoints
        .iter()
        .chain(&admin_endpoints)
        .cloned()
        .chain([
            (Method::GET, "/api/keys/mine".to_owned(), None),
            (Method::GET, "/api/keys/pending".to_owned(), None),
            (Method::POST, "/api/keys/grants".to_owned(), Some(json!({ "organisation_id": w.partner_a, "user_id": w.coordinator_a.user_id, "sealed_private_key": "AAAA" }))),
        ]);
    for (method, uri, body) in staff_only {
        let answer = h
            .call(&mut w.phone_a.client, method.clone(), &uri, body)
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    for staff in [&mut w.admin, &mut w.caseworker, &mut w.coordinator_a] {
        let answer = h.get(&mut staff.client, "/api/device/status").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    // Nobody signed in: 401 everywhere.
    for (method, uri, body) in partner_endpoints.iter().chain(&admin_endpoints) {
        let answer = h
            .call(&mut Client::default(), method.clone(), uri, body.clone())
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    // A pledge for an organisation that does not exist: audited 404 for the admin too.
    expect_denied(
        &h,
        &mut w.admin,
        Method::PUT,
        "/api/admin/organisations/00000000-0000-4000-8000-000000000000/pledge",
        Some(json!({ "text": "x" })),
        "00000000-0000-4000-8000-000000000000",
    )
    .await;
    // Each phone sees only its own partner's pledge.
    h.put(
        &mut w.admin.client,
        &format!("/api/admin/organisations/{}/pledge", w.partner_b),
        json!({ "text": "B だけの誓約" }),
    )
    .await;
    assert_eq!(
        h.get(&mut w.phone_a.client, "/api/pledge").await.status,
        StatusCode::NOT_FOUND
    );
    let b = h.get(&mut w.phone_b.client, "/api/pledge").await;
    assert_eq!(b.body["text"], "B だけの誓約");
}
