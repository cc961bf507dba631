//! DESIGN §6 "IDOR between users": every endpoint that takes an id or returns scoped data, called
//! by every kind of caller with ids from another organisation, answers 404 (the wrong role and
//! the wrong kind of session too; 401 only for no session), never data, and every denial is in
//! the audit log.
//!
//! The endpoint table is the router's own (`server::routes::registered_endpoints`, checked equal
//! to `domain::api::endpoints::ALL`), and each endpoint's `access` says which callers must be
//! turned away; an endpoint the matrix has no sample for fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use common::*;
use domain::api::endpoints::{self, Access, Endpoint};
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

/// A phone calls and expects an audited 404 naming `object`, with the device as the actor.
async fn expect_phone_denied(
    h: &Harness,
    phone: &mut Phone,
    method: Method,
    uri: &str,
    body: Option<Value>,
    object: &str,
) {
    let before = denied_rows(h, &phone.device_id, object).await;
    let answer = h.call(&mut phone.client, method.clone(), uri, body).await;
    assert_eq!(
        answer.status,
        StatusCode::NOT_FOUND,
        "{method} {uri} as a phone: {:?}",
        answer.body
    );
    assert_eq!(answer.body["error"], "not_found", "{method} {uri}");
    assert_eq!(
        denied_rows(h, &phone.device_id, object).await,
        before + 1,
        "{method} {uri}: a phone's denial not audited"
    );
}

/// The world with a whole casework chain on each side: ids of every kind, A's and B's.
struct Matrix {
    w: World,
    a: Chain,
    b: Chain,
}

async fn matrix(h: &Harness) -> Matrix {
    let mut w = world(h).await;
    let a = chain(h, &mut w, Side::A, b"matrix A").await;
    let b = chain(h, &mut w, Side::B, b"matrix B").await;
    Matrix { w, a, b }
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
    let report = lost_report(&w.coordinator_b, Some("B の事故"));
    let lost = h
        .post(
            &mut w.coordinator_b.client,
            &format!("/api/partner/devices/{}/lost", spare.device_id),
            report,
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
            Some(Invitation::new(me).body(other_programme, None)),
            other_programme,
        )
        .await;
        expect_denied(
            &h,
            me,
            Method::POST,
            "/api/partner/volunteer-invites",
            Some(Invitation::new(me).body(my_programme, Some(&other_phone.volunteer_id))),
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
        for action in ["revoke", "lost", "certify"] {
            expect_denied(
                &h,
                me,
                Method::POST,
                &format!("/api/partner/devices/{}/{action}", other_phone.device_id),
                Some(
                    json!({ "incident_id": "00000000-0000-4000-8000-0000000000ee",
                             "sealed_note": null, "certificate": b64(&[0; 64]) }),
                ),
                &other_phone.device_id,
            )
            .await;
        }
        // My organisation's seed cannot be sealed to an outsider, even well-formed and
        // certified: they are no member of mine.
        let victim = w.coordinator_b.user_id.clone();
        let body = confirmation_body(me, &w.coordinator_b);
        expect_denied(
            &h,
            me,
            Method::POST,
            &format!("/api/org/members/{victim}/confirm"),
            Some(body),
            &victim,
        )
        .await;
        // Another partner is no peer of mine (we share no programme).
        let certificate = peer_certificate(
            me,
            other_partner,
            domain::api::OrgKind::Partner,
            &w.partner_b_seed.identity().unwrap().public(),
        );
        expect_denied(
            &h,
            me,
            Method::POST,
            &format!("/api/org/peers/{other_partner}/confirm"),
            Some(json!({ "certificate": b64(&certificate) })),
            other_partner,
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
        let members = h.get(&mut me.client, "/api/org/members").await;
        let members = members.body.as_array().unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0]["user_id"], me.user_id.as_str());
        let peers = h.get(&mut me.client, "/api/org/peers").await;
        let peers = peers.body.as_array().unwrap();
        assert_eq!(peers.len(), 1, "only the centre of my programme");
        assert_eq!(peers[0]["organisation_id"], w.centre.as_str());
    }
    // The targets are untouched.
    let state: String = sqlx::query_scalar("SELECT state FROM devices WHERE id = ?")
        .bind(&w.phone_b.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(state, "active");
    let untouched: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM org_keys WHERE user_id = ?1), \
         (SELECT COUNT(*) FROM peer_certificates)",
    )
    .bind(&w.coordinator_b.user_id)
    .fetch_one(&h.db)
    .await
    .unwrap();
    assert_eq!(
        untouched,
        (1, 0),
        "B holds only its own key; no peer certified"
    );
}

/// The HTTP method of a table entry.
fn method_of(endpoint: &Endpoint) -> Method {
    match endpoint.method {
        endpoints::Method::Get => Method::GET,
        endpoints::Method::Post => Method::POST,
        endpoints::Method::Put => Method::PUT,
    }
}

fn describe(endpoint: &Endpoint) -> String {
    format!("{} {}", endpoint.method.as_str(), endpoint.path)
}

/// A body the endpoint's rightful caller could send, so that a refusal in the matrix is the
/// caller's and not the body's. An endpoint without one is not covered: the test fails.
fn sample_body(endpoint: &Endpoint, m: &Matrix) -> Option<Value> {
    let w = &m.w;
    let e = *endpoint;
    let get = endpoint.method == endpoints::Method::Get;
    if get {
        return None;
    }
    let body = if e == endpoints::LOGOUT {
        json!({})
    } else if e == endpoints::STAFF_INVITE_INSPECT {
        json!({ "token": "no-such-invite" })
    } else if e == endpoints::STAFF_REGISTER {
        json!({ "token": "no-such-invite", "login_name": "nobody.new", "login_secret": b64(&[1; 32]),
                "identity": new_identity(), "wrapped_key": "AAAA" })
    } else if e == endpoints::STAFF_TOTP_CONFIRM {
        json!({ "code": "000000" })
    } else if e == endpoints::STAFF_LOGIN_PARAMS {
        json!({ "login_name": "matrix.nobody" })
    } else if e == endpoints::STAFF_LOGIN {
        json!({ "login_name": "matrix.nobody", "login_secret": b64(&[1; 32]), "totp_code": "000000" })
    } else if e == endpoints::ADMIN_ORGANISATION_CREATE {
        json!({ "kind": "centre", "name": "x" })
    } else if e == endpoints::ADMIN_PLEDGE_PUT {
        json!({ "text": "x" })
    } else if e == endpoints::ADMIN_PROGRAMME_CREATE {
        json!({ "partner_id": w.partner_a, "centre_id": w.centre, "name": "x", "support_kind": "meal",
                "coordinator_reads_reports": false, "emergency_phone": "0", "retention_days": 1,
                "idle_lock_secs": 60, "offline_window_secs": 0 })
    } else if e == endpoints::ADMIN_STAFF_INVITE_CREATE {
        json!({ "role": "admin", "organisation_id": null, "display_name": "x" })
    } else if e == endpoints::KEYS_PINS_PUT {
        json!({ "version": 1, "sealed": "AAAA" })
    } else if e == endpoints::ORG_IDENTITY_CREATE {
        new_org_identity_body(&w.caseworker, &w.centre_seed)
    } else if e == endpoints::ORG_MEMBER_CONFIRM {
        json!({ "certificate": b64(&[0; 64]), "sealed_seed": "AAAA" })
    } else if e == endpoints::ORG_PEER_CONFIRM || e == endpoints::PARTNER_DEVICE_CERTIFY {
        json!({ "certificate": b64(&[0; 64]) })
    } else if e == endpoints::ADMIN_USER_DISABLE {
        json!({})
    } else if e == endpoints::PLEDGE_ACCEPT {
        json!({ "version": 1, "hash": "0".repeat(64), "typed_name": "x", "signature": null })
    } else if e == endpoints::PARTNER_VOLUNTEER_INVITE_CREATE {
        Invitation::new(&w.coordinator_a).body(&w.programme_a, None)
    } else if e == endpoints::PARTNER_VOLUNTEER_REVOKE || e == endpoints::PARTNER_DEVICE_REVOKE {
        json!({})
    } else if e == endpoints::PARTNER_DEVICE_LOST {
        lost_report(&w.coordinator_a, Some("x"))
    } else if e == endpoints::DEVICE_ENROL {
        json!({ "code": "ZZZZZZZZ", "public_key": w.phone_a.key_pair.public(), "signing_key": b64(&[0; 32]),
                "pin_proof": b64(&[0; 32]), "binding_tag": null })
    } else if e == endpoints::DEVICE_UNLOCK {
        json!({ "device_id": "00000000-0000-4000-8000-0000000000ff", "pin_proof": b64(&[0; 32]),
                "device_credential": b64(&[0; 32]) })
    } else if e == endpoints::CENTRE_REFERRAL_CREATE {
        w.new_referral(
            Side::A,
            &domain::ids::ReferralId::random().unwrap(),
            "given",
            b"x",
        )
    } else if e == endpoints::CENTRE_REFERRAL_UPDATE {
        json!({ "version": 2, "consent": "given", "sealed": "AAAA" })
    } else if e == endpoints::CENTRE_REFERRAL_WITHDRAW
        || e == endpoints::PARTNER_ASSIGNMENT_END
        || e == endpoints::PARTNER_BRIEF_REVOKE
    {
        json!({})
    } else if e == endpoints::PARTNER_REFERRAL_ANSWER {
        json!({ "accept": true, "sealed_reason": null })
    } else if e == endpoints::PARTNER_PROFILE_PUT {
        json!({ "version": 1, "sealed": "AAAA" })
    } else if e == endpoints::PARTNER_ASSIGNMENT_CREATE {
        new_assignment(w, Side::A, &m.a.referral, now_ms()).1
    } else if e == endpoints::PARTNER_BRIEF_APPROVE {
        json!({ "brief_id": m.a.brief, "assignment_id": m.a.assignment, "version": 2,
                "valid_until": now_ms() + 3_600_000, "devices": [w.phone_a.device_id],
                "sealed": "AAAA" })
    } else if e == endpoints::DEVICE_SYNC {
        json!({ "events": [] })
    } else {
        panic!(
            "{} is not covered by the authorization matrix: add a sample body",
            describe(endpoint)
        );
    };
    Some(body)
}

/// An id of the caller's own organisation for the path's id segment (the object the endpoint's
/// rightful caller would name), or another partner's: what an IDOR attempt names.
fn id_for(endpoint: &Endpoint, m: &Matrix, foreign: bool) -> Option<String> {
    let w = &m.w;
    let param = endpoint.param()?;
    let (mine, theirs) = match param {
        "referral_id" => (&m.a.referral, &m.b.referral),
        "assignment_id" => (&m.a.assignment, &m.b.assignment),
        "brief_id" => (&m.a.brief, &m.b.brief),
        "organisation_id" => (&w.partner_a, &w.partner_b),
        "user_id" => (&w.coordinator_a.user_id, &w.coordinator_b.user_id),
        "volunteer_id" => (&w.phone_a.volunteer_id, &w.phone_b.volunteer_id),
        "device_id" => (&w.phone_a.device_id, &w.phone_b.device_id),
        other => panic!("{}: no ids for `{other}` in the matrix", describe(endpoint)),
    };
    Some(if foreign { theirs } else { mine }.clone())
}

fn uri_for(endpoint: &Endpoint, m: &Matrix, foreign: bool) -> String {
    match id_for(endpoint, m, foreign) {
        Some(id) => endpoint.path_with(&id),
        None => endpoint.path.to_owned(),
    }
}

/// The role an endpoint's access names, if it names one.
fn role_of(access: Access) -> Option<&'static str> {
    match access {
        Access::Admin => Some("admin"),
        Access::Coordinator => Some("coordinator"),
        Access::Caseworker => Some("caseworker"),
        Access::Public
        | Access::Anyone
        | Access::PendingTotp
        | Access::Staff
        | Access::Member
        | Access::Device
        | Access::StaffOrDevice => None,
    }
}

async fn expect_status(
    h: &Harness,
    client: &mut Client,
    endpoint: &Endpoint,
    uri: &str,
    body: Option<Value>,
    status: StatusCode,
    who: &str,
) {
    let answer = h.call(client, method_of(endpoint), uri, body).await;
    assert_eq!(
        answer.status,
        status,
        "{} as {who}: {:?}",
        describe(endpoint),
        answer.body
    );
}

#[tokio::test]
async fn the_router_serves_exactly_the_endpoint_table() {
    let registered = server::routes::registered_endpoints();
    let served: HashSet<Endpoint> = registered.iter().copied().collect();
    assert_eq!(
        served.len(),
        registered.len(),
        "an endpoint is registered twice"
    );
    let table: HashSet<Endpoint> = endpoints::ALL.iter().copied().collect();
    assert_eq!(served, table);
}

/// Every endpoint the router serves, by its `access`: staff of another role, a phone on a
/// staff endpoint and staff on a phone's endpoint get an audited 404 naming the path, nobody
/// signed in a 401; public endpoints never ask for a session.
#[tokio::test]
async fn every_endpoint_turns_away_every_caller_its_access_excludes() {
    let h = harness().await;
    let mut m = matrix(&h).await;
    let registered = server::routes::registered_endpoints();
    assert!(!registered.is_empty());
    for endpoint in &registered {
        let uri = uri_for(endpoint, &m, false);
        let body = sample_body(endpoint, &m);
        let unauthorized = StatusCode::UNAUTHORIZED;
        let method = method_of(endpoint);
        let w = &mut m.w;
        match endpoint.access {
            Access::Admin | Access::Coordinator | Access::Caseworker => {
                let role = role_of(endpoint.access);
                let staff = [
                    ("admin", &mut w.admin),
                    ("caseworker", &mut w.caseworker),
                    ("coordinator", &mut w.coordinator_a),
                ];
                let mut denied = 0;
                for (name, staff) in staff {
                    if Some(name) != role {
                        expect_denied(&h, staff, method.clone(), &uri, body.clone(), &uri).await;
                        denied += 1;
                    }
                }
                assert_eq!(denied, 2, "{}", describe(endpoint));
                let phone = &mut w.phone_a;
                expect_phone_denied(&h, phone, method.clone(), &uri, body.clone(), &uri).await;
            }
            Access::Member => {
                // Admins belong to no organisation: turned away like any other wrong role.
                expect_denied(&h, &mut w.admin, method.clone(), &uri, body.clone(), &uri).await;
                let phone = &mut w.phone_a;
                expect_phone_denied(&h, phone, method.clone(), &uri, body.clone(), &uri).await;
            }
            Access::Staff => {
                let phone = &mut w.phone_a;
                expect_phone_denied(&h, phone, method.clone(), &uri, body.clone(), &uri).await;
            }
            Access::Device => {
                for staff in [&mut w.admin, &mut w.caseworker, &mut w.coordinator_a] {
                    expect_denied(&h, staff, method.clone(), &uri, body.clone(), &uri).await;
                }
            }
            Access::PendingTotp => {
                // Only an enrolment session may confirm: a full one is the wrong kind.
                let admin = &mut w.admin.client;
                expect_status(
                    &h,
                    admin,
                    endpoint,
                    &uri,
                    body.clone(),
                    unauthorized,
                    "staff",
                )
                .await;
                let phone = &mut w.phone_a.client;
                expect_status(
                    &h,
                    phone,
                    endpoint,
                    &uri,
                    body.clone(),
                    unauthorized,
                    "a phone",
                )
                .await;
            }
            Access::StaffOrDevice => {}
            Access::Public | Access::Anyone => {
                // Answered on its merits (the samples are made-up credentials), never with a
                // demand for a session.
                let answer = h
                    .call(&mut Client::default(), method.clone(), &uri, body.clone())
                    .await;
                assert_ne!(answer.error(), "unauthorized", "{}", describe(endpoint));
                assert!(!answer.status.is_server_error(), "{}", describe(endpoint));
                continue;
            }
        }
        let nobody = &mut Client::default();
        expect_status(&h, nobody, endpoint, &uri, body, unauthorized, "nobody").await;
    }
}

/// Every endpoint with an id in its path, called by a coordinator with another partner's id,
/// is an audited 404 naming that id; and the endpoint's own kind of caller, naming an object
/// that is not theirs (another partner's, or one that does not exist), gets the same.
#[tokio::test]
async fn every_id_in_a_path_is_checked_and_its_denial_audited() {
    let h = harness().await;
    let mut m = matrix(&h).await;
    let mut covered = 0;
    for endpoint in server::routes::registered_endpoints() {
        let Some(foreign) = id_for(&endpoint, &m, true) else {
            continue;
        };
        covered += 1;
        let uri = endpoint.path_with(&foreign);
        let body = sample_body(&endpoint, &m);
        let method = method_of(&endpoint);
        let w = &mut m.w;
        // A coordinator: denied the object itself, or (another role's endpoint) the path,
        // which names the id.
        let object = if matches!(endpoint.access, Access::Coordinator | Access::Member) {
            foreign.clone()
        } else {
            uri.clone()
        };
        assert!(object.contains(&foreign));
        let me = &mut w.coordinator_a;
        expect_denied(&h, me, method.clone(), &uri, body.clone(), &object).await;
        // The endpoint's own role, with an id that is not its to name.
        let missing = "00000000-0000-4000-8000-000000000000".to_owned();
        if endpoint.access == Access::Device {
            // Partner A's phone, naming partner B's volunteer's assignment or brief.
            let phone = &mut w.phone_a;
            expect_phone_denied(&h, phone, method, &uri, body, &foreign).await;
            continue;
        }
        let (caller, id) = match endpoint.access {
            Access::Coordinator => (&mut w.coordinator_a, foreign.clone()),
            Access::Admin => (&mut w.admin, missing),
            Access::Caseworker | Access::Member => (&mut w.caseworker, missing),
            other => panic!("{}: no rightful caller for {other:?}", describe(&endpoint)),
        };
        let uri = endpoint.path_with(&id);
        expect_denied(&h, caller, method, &uri, body, &id).await;
    }
    assert!(covered >= 7, "only {covered} endpoints with ids");
    let w = &m.w;
    // The targets are untouched.
    let state: String = sqlx::query_scalar("SELECT state FROM devices WHERE id = ?")
        .bind(&w.phone_b.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(state, "active");
    let untouched: (String, String, String) = sqlx::query_as(
        "SELECT (SELECT status FROM referrals WHERE id = ?1), \
         (SELECT status FROM assignments WHERE id = ?2), \
         (SELECT state FROM brief_versions WHERE brief_id = ?3)",
    )
    .bind(&m.b.referral)
    .bind(&m.b.assignment)
    .bind(&m.b.brief)
    .fetch_one(&h.db)
    .await
    .unwrap();
    assert_eq!(
        untouched,
        ("accepted".into(), "active".into(), "current".into())
    );
    let pledges: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pledges")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(pledges, 0);
}

/// A malformed id in a path is refused before any query or log: a 400 in the one error shape,
/// and no denial row naming it.
#[tokio::test]
async fn malformed_path_ids_are_refused_before_they_reach_a_log() {
    let h = harness().await;
    let mut m = matrix(&h).await;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events")
        .fetch_one(&h.db)
        .await
        .unwrap();
    for endpoint in server::routes::registered_endpoints() {
        if endpoint.param().is_none() {
            continue;
        }
        for bad in ["not-an-id", "00000000-0000-4000-8000-00000000000G", "x%2Fy"] {
            let uri = endpoint.path_with(bad);
            let body = sample_body(&endpoint, &m);
            let w = &mut m.w;
            for staff in [&mut w.admin, &mut w.caseworker, &mut w.coordinator_a] {
                let answer = h
                    .call(&mut staff.client, method_of(&endpoint), &uri, body.clone())
                    .await;
                assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
                assert_eq!(answer.error(), "bad_request", "{uri}");
            }
        }
    }
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(after, before, "a malformed id reached the audit log");
}

#[tokio::test]
async fn pledges_of_other_organisations_stay_theirs() {
    let h = harness().await;
    let mut w = world(&h).await;
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
