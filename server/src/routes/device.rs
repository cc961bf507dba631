//! A volunteer's phone: enrolment with an invite code, unlocking (the server share S for a
//! correct PIN proof and the device credential), and the status check that tells a revoked
//! phone to wipe itself.

use axum::Json;
use axum::extract::State;
use axum_extra::extract::cookie::CookieJar;
use domain::api::endpoints;
use domain::api::{
    DeviceEnrol, DeviceSession, DeviceState, DeviceStatus, DeviceUnlock, OrganisationIdentity,
    SecretB64,
};
use domain::ids::DeviceId;
use domain::rules::{MAX_FAILED_PINS, code};

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::session::{self, Owner};
use crate::auth::{ClientIp, DeviceCaller, tokens};
use crate::http::{ApiJson, Result, ServerError, validate};
use crate::state::ApiState;
use crate::store::{self, Conn, Tx};
use zeroize::Zeroizing;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::DEVICE_ENROL, enrol)
        .route(&endpoints::DEVICE_UNLOCK, unlock)
        .route(&endpoints::DEVICE_STATUS, status)
}

/// An organisation's identity as the relay lists it; the phone believes it only if its
/// invitation link vouches for it (or a person compared the check code).
async fn listed(conn: &mut Conn, id: &domain::ids::OrgId) -> Result<OrganisationIdentity> {
    Ok(OrganisationIdentity {
        id: id.clone(),
        identity: store::organisations::identity_of(conn, id).await?,
    })
}

/// Ends an enrolment or unlock: a new device session in the same transaction, the
/// [`DeviceSession`] answer with S (and, at enrolment only, the device credential), and the
/// session cookie; the pledge status is read after the commit.
async fn start_device_session(
    state: &ApiState,
    mut tx: Tx,
    jar: CookieJar,
    device_id: &DeviceId,
    share: &[u8],
    credential: Option<&[u8]>,
    now: i64,
) -> Result<(CookieJar, Json<DeviceSession>)> {
    let new = session::create(&mut tx, Owner::Device(device_id), now).await?;
    let context = store::devices::context(&mut tx, device_id)
        .await?
        .ok_or(ServerError::DeviceGone)?;
    tx.commit().await?;
    let mut conn = store::acquire(state.db()).await?;
    let status = store::devices::status(
        &mut conn,
        device_id,
        &context.volunteer_id,
        &context.partner_id,
        &new.csrf_token,
    )
    .await?;
    let partner = listed(&mut conn, &context.partner_id).await?;
    let centre = listed(&mut conn, &context.centre_id).await?;
    let answer = DeviceSession {
        partner,
        centre,
        device_id: device_id.clone(),
        volunteer_id: context.volunteer_id.clone(),
        display_name: context.display_name.clone(),
        share: SecretB64::from_slice(share),
        device_credential: credential.map(SecretB64::from_slice),
        programme: context.programme(),
        pledge: status.pledge,
        csrf_token: new.csrf_token.clone(),
    };
    Ok((new.cookie(jar), Json(answer)))
}

/// A one-time code becomes a device with its keys, a PIN verifier and a fresh share S, and a
/// device session.
async fn enrol(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(body): ApiJson<DeviceEnrol>,
) -> Result<(CookieJar, Json<DeviceSession>)> {
    let code = code::normalise(&body.code).ok_or(ServerError::InvalidBody)?;
    state.limiter.check("enrol", &ip, &code)?;
    validate::public_key(&body.public_key)?;
    let signing_key = validate::bytes32(&body.signing_key.0)?;
    // A signing key that is not a usable Ed25519 point could never sign the pledge.
    domain::signing::check_public_key(&signing_key).map_err(|_| ServerError::InvalidBody)?;
    let pin_proof = Zeroizing::new(validate::bytes32(body.pin_proof.as_slice())?);
    // From a link: an HMAC over the phone's identity under the invitation's secret, which only
    // the coordinators' browsers can check. Its shape is all the relay can.
    let binding_tag = body
        .binding_tag
        .as_ref()
        .map(|tag| validate::bytes32(&tag.0))
        .transpose()?;
    let pin_verifier = domain::wrap::verifier::hash_secret(&pin_proof)?;
    let share = domain::wrap::device::ServerShare::generate()?;
    // 256 random bits the phone presents at every unlock; stored only as a hash (a copy of the
    // database cannot present it), so a device id alone cannot spend the phone's PIN tries.
    let credential = Zeroizing::new(tokens::random_bytes::<32>()?);

    let now = state.now_ms();
    let hash = tokens::volunteer_code_hash(state.keys(), &code);
    let mut tx = store::begin_write(state.db()).await?;
    // Claimed first, in one conditional statement: of two phones racing with one code, one
    // gets the volunteer and the other nothing, whatever the database's locking.
    let invite = store::invites::claim_volunteer(&mut tx, &hash, now)
        .await?
        .ok_or(ServerError::NotFound)?;
    let volunteer_id = invite.volunteer_id;
    let device_id = DeviceId::random()?;
    store::devices::insert(
        &mut tx,
        &store::devices::NewDevice {
            id: &device_id,
            volunteer_id: &volunteer_id,
            public_key: &body.public_key,
            signing_key: &signing_key,
            pin_verifier: &pin_verifier,
            share: share.as_bytes(),
            binding_tag: binding_tag.as_ref(),
            invitation_id: invite.invitation_id.0.as_ref(),
            credential_hash: &tokens::sha256(&*credential),
            enrolled_at: now,
        },
    )
    .await?;
    store::invites::record_volunteer_device(&mut tx, &hash, &device_id).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        device_id.as_str(),
        action::DEVICE_ENROLLED,
        volunteer_id.as_str(),
        "",
    )
    .await?;
    session::end_presented(&mut tx, &jar).await?;
    start_device_session(
        &state,
        tx,
        jar,
        &device_id,
        share.as_bytes(),
        Some(credential.as_slice()),
        now,
    )
    .await
}

/// S for a correct PIN proof from a phone that presents its device credential. Every wrong
/// proof is counted durably before the answer leaves; the tenth destroys S and locks the device
/// for good. Without the right credential nothing is counted: the answer is the one an unknown
/// device gets.
async fn unlock(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(body): ApiJson<DeviceUnlock>,
) -> Result<(CookieJar, Json<DeviceSession>)> {
    let proof = Zeroizing::new(validate::bytes32(body.pin_proof.as_slice())?);
    let credential = Zeroizing::new(validate::bytes32(body.device_credential.as_slice())?);
    let device_id = body.device_id;
    state.limiter.check_unlock(&ip, device_id.as_str())?;

    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    // An unknown device is answered like a dead one: the phone holds nothing it can still use.
    let Some(device) = store::devices::for_unlock(&mut tx, &device_id).await? else {
        return Err(ServerError::DeviceGone);
    };
    let presented = tokens::sha256(&*credential);
    let credential_ok = device
        .credential_hash
        .as_deref()
        .is_some_and(|stored| tokens::ct_eq(stored, &presented));
    if !credential_ok {
        // Someone knows the device id but not the credential: recorded, answered like an
        // unknown device, and no PIN try is spent.
        audit::append(
            &mut tx,
            state.keys(),
            now,
            device_id.as_str(),
            action::DEVICE_UNLOCK_REFUSED,
            device_id.as_str(),
            "credential",
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::DeviceGone);
    }
    let (Some(share), DeviceState::Active, None) = (device.share, device.state, device.revoked_at)
    else {
        audit::append(
            &mut tx,
            state.keys(),
            now,
            device_id.as_str(),
            action::DEVICE_UNLOCK_REFUSED,
            device_id.as_str(),
            device.state.as_str(),
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::DeviceGone);
    };
    if !domain::wrap::verifier::verify_secret(&device.pin_verifier, &proof)? {
        let max = i64::from(MAX_FAILED_PINS);
        let Some(failed) = store::devices::count_wrong_pin(&mut tx, &device_id, max, now).await?
        else {
            return Err(ServerError::DeviceGone);
        };
        if failed >= max {
            session::end_device_sessions(&mut tx, &device_id, now).await?;
            audit::append(
                &mut tx,
                state.keys(),
                now,
                device_id.as_str(),
                action::DEVICE_LOCKED,
                device_id.as_str(),
                &format!("failed={failed}"),
            )
            .await?;
            tx.commit().await?;
            store::db::purge_wal_soon(state.db()).await;
            return Err(ServerError::DeviceGone);
        }
        audit::append(
            &mut tx,
            state.keys(),
            now,
            device_id.as_str(),
            action::DEVICE_UNLOCK_FAILED,
            device_id.as_str(),
            &format!("failed={failed}"),
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::WrongPin {
            remaining: u32::try_from(max - failed).unwrap_or(0),
        });
    }
    store::devices::unlocked(&mut tx, &device_id, now).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        device_id.as_str(),
        action::DEVICE_UNLOCKED,
        device_id.as_str(),
        "",
    )
    .await?;
    // One phone, one live session: unlocking replaces whatever session the device had.
    session::end_presented(&mut tx, &jar).await?;
    store::sessions::delete_for_device(&mut tx, &device_id).await?;
    let share = Zeroizing::new(share);
    start_device_session(&state, tx, jar, &device_id, &share, None, now).await
}

/// A live device gets its status; a revoked, lost or locked one gets 401 `device_gone` from the
/// extractor.
async fn status(State(state): State<ApiState>, device: DeviceCaller) -> Result<Json<DeviceStatus>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::devices::status(
            &mut conn,
            &device.device_id,
            &device.volunteer_id,
            &device.partner_id,
            &device.csrf_token,
        )
        .await?,
    ))
}
