//! A volunteer's phone: enrolment with an invite code, unlocking (the server share S for a
//! correct PIN proof), and the status check that tells a revoked phone to wipe itself.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use domain::wire::{
    B64, DeviceEnrol, DeviceSession, DeviceStatus, DeviceUnlock, ProgrammeForDevice,
};
use sqlx::{Row, SqliteConnection};

use crate::audit::{self, action};
use crate::auth::session::{self, Kind};
use crate::auth::{ClientIp, DeviceCaller};
use crate::db;
use crate::error::{Result, ServerError};
use crate::http::ApiJson;
use crate::pledge::{self, Subject};
use crate::routes::partner::code_hash;
use crate::routes::staff::json_with_cookie;
use crate::run::now_ms;
use crate::state::ApiState;
use crate::tokens;
use crate::validate;

/// Wrong PINs before the share is destroyed (DESIGN §5): with a 6-digit PIN that leaves a
/// guesser a 1-in-100,000 chance.
pub const MAX_FAILED_PINS: i64 = 10;

/// Ends an enrolment or unlock: a new device session in the same transaction, the
/// [`DeviceSession`] answer with S, and the session cookie; the pledge status is read after the
/// commit, from the pool.
async fn start_device_session(
    state: &ApiState,
    mut tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    device_id: &str,
    share: &[u8],
    now: i64,
) -> Result<Response> {
    let new = session::create(&mut tx, Kind::Device, None, Some(device_id), now).await?;
    let (mut answer, volunteer_id, partner_id) =
        device_session(&mut tx, device_id, share, new.csrf_token.clone()).await?;
    tx.commit().await?;
    answer.pledge = pledge::status(
        state.db(),
        Some(&partner_id),
        Subject::Volunteer(&volunteer_id),
    )
    .await?;
    Ok(json_with_cookie(answer, new.cookie()?))
}

async fn device_session(
    conn: &mut SqliteConnection,
    device_id: &str,
    share: &[u8],
    csrf_token: String,
) -> Result<(DeviceSession, String, String)> {
    let r = sqlx::query(
        "SELECT v.id AS volunteer_id, v.display_name, v.partner_id, p.name, p.emergency_phone, \
         p.idle_lock_secs, p.offline_window_secs FROM devices d \
         JOIN volunteers v ON v.id = d.volunteer_id JOIN programmes p ON p.id = v.programme_id \
         WHERE d.id = ?",
    )
    .bind(device_id)
    .fetch_one(&mut *conn)
    .await?;
    let volunteer_id: String = r.try_get("volunteer_id")?;
    let partner_id: String = r.try_get("partner_id")?;
    Ok((
        DeviceSession {
            device_id: device_id.to_owned(),
            volunteer_id: volunteer_id.clone(),
            display_name: r.try_get("display_name")?,
            share: B64(share.to_vec()),
            programme: ProgrammeForDevice {
                name: r.try_get("name")?,
                emergency_phone: r.try_get("emergency_phone")?,
                idle_lock_secs: r.try_get("idle_lock_secs")?,
                offline_window_secs: r.try_get("offline_window_secs")?,
            },
            // Filled in after commit, from the pool.
            pledge: domain::wire::PledgeStatus::NoPledge,
            csrf_token,
        },
        volunteer_id,
        partner_id,
    ))
}

/// `POST /api/device/enrol`: a one-time code becomes a device with its keys, a PIN verifier and
/// a fresh share S, and a device session.
pub async fn enrol(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DeviceEnrol>,
) -> Result<Response> {
    let code = tokens::normalise_volunteer_code(&body.code).ok_or(ServerError::InvalidBody)?;
    state.limiter.check("enrol", &ip, &code)?;
    validate::public_key(&body.public_key)?;
    let signing_key = validate::bytes32(&body.signing_key)?;
    // A signing key that is not a usable Ed25519 point could never sign the pledge.
    domain::signing::check_public_key(&signing_key).map_err(|_| ServerError::InvalidBody)?;
    let pin_proof = validate::bytes32(&body.pin_proof)?;
    let pin_verifier = domain::wrap::verifier::hash_secret(&pin_proof)?;
    let share = domain::wrap::device::ServerShare::generate()?;

    let now = now_ms();
    let hash = code_hash(&code);
    let mut tx = db::begin_write(state.db()).await?;
    let invite = sqlx::query(
        "SELECT i.volunteer_id FROM volunteer_invites i JOIN volunteers v ON v.id = i.volunteer_id \
         WHERE i.code_hash = ? AND i.used_at IS NULL AND i.expires_at > ? AND v.revoked_at IS NULL",
    )
    .bind(hash.as_slice())
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServerError::NotFound)?;
    let volunteer_id: String = invite.try_get("volunteer_id")?;
    let device_id = tokens::new_id()?;
    sqlx::query(
        "INSERT INTO devices (id, volunteer_id, public_key, signing_key, pin_verifier, share, \
         enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&device_id)
    .bind(&volunteer_id)
    .bind(body.public_key.as_bytes().as_slice())
    .bind(signing_key.as_slice())
    .bind(&pin_verifier)
    .bind(share.as_bytes().as_slice())
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let used = sqlx::query(
        "UPDATE volunteer_invites SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL",
    )
    .bind(now)
    .bind(&device_id)
    .bind(hash.as_slice())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if used != 1 {
        return Err(ServerError::NotFound);
    }
    audit::append(
        &mut tx,
        now,
        &device_id,
        action::DEVICE_ENROLLED,
        &volunteer_id,
        "",
    )
    .await?;
    session::end_presented(&mut tx, &headers).await?;
    start_device_session(&state, tx, &device_id, share.as_bytes(), now).await
}

/// `POST /api/device/unlock`: S for a correct PIN proof. Every wrong proof is counted durably
/// before the answer leaves; the tenth destroys S and locks the device for good.
pub async fn unlock(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DeviceUnlock>,
) -> Result<Response> {
    validate::id(&body.device_id)?;
    let proof = validate::bytes32(&body.pin_proof)?;
    let limits = state.limiter.limits();
    state
        .limiter
        .hit(&format!("ip\0unlock\0{ip}"), limits.per_ip)?;
    state.limiter.hit(
        &format!("device\0unlock\0{}", body.device_id),
        limits.per_device_unlock,
    )?;

    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let row = sqlx::query(
        "SELECT d.state, d.share, d.failed_pins, d.pin_verifier, v.revoked_at FROM devices d \
         JOIN volunteers v ON v.id = d.volunteer_id WHERE d.id = ?",
    )
    .bind(&body.device_id)
    .fetch_optional(&mut *tx)
    .await?;
    // An unknown device is answered like a dead one: the phone holds nothing it can still use.
    let Some(row) = row else {
        return Err(ServerError::DeviceGone);
    };
    let device_state: String = row.try_get("state")?;
    let share: Option<Vec<u8>> = row.try_get("share")?;
    let revoked: Option<i64> = row.try_get("revoked_at")?;
    let (Some(share), "active", None) = (share, device_state.as_str(), revoked) else {
        audit::append(
            &mut tx,
            now,
            &body.device_id,
            action::DEVICE_UNLOCK_REFUSED,
            &body.device_id,
            &device_state,
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::DeviceGone);
    };
    let verifier: Vec<u8> = row.try_get("pin_verifier")?;
    if !domain::wrap::verifier::verify_secret(&verifier, &proof)? {
        let failed = row.try_get::<i64, _>("failed_pins")? + 1;
        if failed >= MAX_FAILED_PINS {
            sqlx::query(
                "UPDATE devices SET failed_pins = ?, share = NULL, state = 'locked', revoked_at = ? \
                 WHERE id = ?",
            )
            .bind(MAX_FAILED_PINS)
            .bind(now)
            .bind(&body.device_id)
            .execute(&mut *tx)
            .await?;
            session::end_device_sessions(&mut tx, &body.device_id, now).await?;
            audit::append(
                &mut tx,
                now,
                &body.device_id,
                action::DEVICE_LOCKED,
                &body.device_id,
                &format!("failed={failed}"),
            )
            .await?;
            tx.commit().await?;
            return Err(ServerError::DeviceGone);
        }
        sqlx::query("UPDATE devices SET failed_pins = ? WHERE id = ?")
            .bind(failed)
            .bind(&body.device_id)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            now,
            &body.device_id,
            action::DEVICE_UNLOCK_FAILED,
            &body.device_id,
            &format!("failed={failed}"),
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::WrongPin {
            remaining: u32::try_from(MAX_FAILED_PINS - failed).unwrap_or(0),
        });
    }
    sqlx::query("UPDATE devices SET failed_pins = 0, last_seen_at = ? WHERE id = ?")
        .bind(now)
        .bind(&body.device_id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        now,
        &body.device_id,
        action::DEVICE_UNLOCKED,
        &body.device_id,
        "",
    )
    .await?;
    // One phone, one live session: unlocking replaces whatever session the device had.
    session::end_presented(&mut tx, &headers).await?;
    sqlx::query("DELETE FROM sessions WHERE device_id = ?")
        .bind(&body.device_id)
        .execute(&mut *tx)
        .await?;
    start_device_session(&state, tx, &body.device_id, &share, now).await
}

/// `GET /api/device/status`: a live device gets its status; a revoked, lost or locked one gets
/// 401 `device_gone` from the extractor.
pub async fn status(
    State(state): State<ApiState>,
    caller: crate::auth::AnyCaller,
) -> Result<Json<DeviceStatus>> {
    let crate::auth::AnyCaller::Device(device, csrf_token) = caller else {
        return Err(ServerError::Unauthorized);
    };
    let _: &DeviceCaller = &device;
    Ok(Json(DeviceStatus {
        pledge: pledge::status(
            state.db(),
            Some(&device.partner_id),
            Subject::Volunteer(&device.volunteer_id),
        )
        .await?,
        device_id: device.device_id,
        volunteer_id: device.volunteer_id,
        csrf_token,
    }))
}
