//! Lifetimes that only a controllable clock can test: session idle and absolute limits, and
//! invitation expiry. The relay runs on a `ManualClock` that the test moves forward.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::*;
use domain::rules::{STAFF_INVITE_TTL_MS, VOLUNTEER_INVITE_TTL_MS};
use serde_json::json;
use server::auth::{ABSOLUTE_MS, IDLE_MS};

const MINUTE_MS: i64 = 60 * 1000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

async fn session_status(h: &Harness, client: &mut Client) -> StatusCode {
    h.get(client, "/api/session").await.status
}

#[tokio::test]
async fn the_limits_are_the_documented_ones() {
    assert_eq!(IDLE_MS, 30 * MINUTE_MS);
    assert_eq!(ABSOLUTE_MS, 12 * HOUR_MS);
    assert_eq!(STAFF_INVITE_TTL_MS, 72 * HOUR_MS);
    assert_eq!(VOLUNTEER_INVITE_TTL_MS, 72 * HOUR_MS);
}

#[tokio::test]
async fn a_staff_session_ends_after_thirty_idle_minutes() {
    let (h, clock) = harness_on_manual_clock().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    let signed_in_at = h.now_ms();
    assert_eq!(session_status(&h, &mut admin.client).await, StatusCode::OK);
    // Activity keeps it alive: 29 idle minutes twice is nearly an hour in all.
    for _ in 0..2 {
        clock.advance_mins(29);
        assert_eq!(session_status(&h, &mut admin.client).await, StatusCode::OK);
    }
    clock.advance_mins(31);
    let expired = h.get(&mut admin.client, "/api/session").await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.error(), "unauthorized");
    // And it stays gone, even back at a time it was fresh: the row was deleted, not merely
    // refused.
    clock.set(signed_in_at + MINUTE_MS);
    assert_eq!(
        session_status(&h, &mut admin.client).await,
        StatusCode::UNAUTHORIZED
    );
    // Signing in again works at a later time.
    clock.set(signed_in_at + 2 * HOUR_MS);
    let again = admin.login(&h).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(session_status(&h, &mut admin.client).await, StatusCode::OK);
}

#[tokio::test]
async fn a_staff_session_ends_twelve_hours_after_sign_in_even_when_kept_busy() {
    let (h, clock) = harness_on_manual_clock().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    // Twenty minutes at a time: never idle for long, 11 h 40 min in all.
    for _ in 0..35 {
        clock.advance_mins(20);
        assert_eq!(session_status(&h, &mut admin.client).await, StatusCode::OK);
    }
    clock.advance_mins(19);
    assert_eq!(session_status(&h, &mut admin.client).await, StatusCode::OK);
    clock.advance_mins(1);
    let expired = h.get(&mut admin.client, "/api/session").await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.error(), "unauthorized");
}

#[tokio::test]
async fn a_device_session_ends_after_thirty_idle_minutes_and_unlocking_starts_another() {
    let (h, clock) = harness_on_manual_clock().await;
    let mut w = world(&h).await;
    assert_eq!(
        h.get(&mut w.phone_a.client, "/api/device/status")
            .await
            .status,
        StatusCode::OK
    );
    clock.advance_mins(29);
    assert_eq!(
        h.get(&mut w.phone_a.client, "/api/device/status")
            .await
            .status,
        StatusCode::OK
    );
    clock.advance_mins(31);
    // Signed out, not wiped: the phone is still enrolled.
    let idle = h.get(&mut w.phone_a.client, "/api/device/status").await;
    assert_eq!(idle.status, StatusCode::UNAUTHORIZED);
    assert_eq!(idle.error(), "unauthorized");
    let unlocked = w.phone_a.unlock(&h, "111111").await;
    assert_eq!(unlocked.status, StatusCode::OK, "{:?}", unlocked.body);
    assert_eq!(
        h.get(&mut w.phone_a.client, "/api/device/status")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_staff_invite_expires_after_72_hours() {
    let (h, clock) = harness_on_manual_clock().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    let early = invite_staff(&h, &mut admin, "admin", None).await;
    let late = invite_staff(&h, &mut admin, "admin", None).await;
    clock.advance_ms(STAFF_INVITE_TTL_MS - 1);
    // The last millisecond: still good, and registering with it works.
    let second = register(&h, &early, "admin.two", Keys::Fast).await;
    assert_eq!(
        session_status(&h, &mut second.client.clone()).await,
        StatusCode::OK
    );
    clock.advance_ms(1);
    let inspect = h
        .post(
            &mut Client::default(),
            "/api/staff/invites/inspect",
            json!({ "token": late }),
        )
        .await;
    assert_eq!(inspect.status, StatusCode::NOT_FOUND);
    let registered = h
        .post(
            &mut Client::default(),
            "/api/staff/register",
            json!({ "token": late, "login_name": "admin.three", "login_secret": b64(&[1; 32]),
                    "identity": new_identity(), "wrapped_key": b64(&fast_wrapped_key()) }),
        )
        .await;
    assert_eq!(registered.status, StatusCode::NOT_FOUND);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(users, 2);
}

#[tokio::test]
async fn a_volunteer_code_expires_after_72_hours() {
    let (h, clock) = harness_on_manual_clock().await;
    let mut w = world(&h).await;
    let early = invite_volunteer(&h, &mut w.coordinator_a, &w.programme_a, None).await;
    let late = invite_volunteer(&h, &mut w.coordinator_a, &w.programme_a, None).await;
    let created_at = h.now_ms();
    assert_eq!(
        early.body["expires_at"],
        created_at + VOLUNTEER_INVITE_TTL_MS
    );
    clock.advance_ms(VOLUNTEER_INVITE_TTL_MS - 1);
    let phone = enrol(&h, early.body["code"].as_str().unwrap(), "135790").await;
    assert_eq!(phone.volunteer_id, early.body["volunteer_id"]);
    clock.advance_ms(1);
    let expired = h
        .post(
            &mut Client::default(),
            "/api/device/enrol",
            json!({ "code": late.body["code"], "public_key": phone.key_pair.public(),
                    "signing_key": b64(phone.signing.verifying_key().as_bytes()),
                    "pin_proof": b64(&phone.pin_proof) }),
        )
        .await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND);
    assert_eq!(expired.error(), "not_found");
}
