//! `GET /api/pledge` and `POST /api/pledge/accept`, for staff and volunteers' devices alike.

use axum::Json;
use axum::extract::State;
use domain::wire::{Pledge, PledgeAcceptance, PledgeStatus};

use crate::audit::{self, action};
use crate::auth::AnyCaller;
use crate::db;
use crate::error::{Result, ServerError};
use crate::http::ApiJson;
use crate::pledge;
use crate::routes::session::organisation_ref;
use crate::run::now_ms;
use crate::state::ApiState;
use crate::validate;

/// `GET /api/pledge`: the current text of the caller's organisation (404 if it has none; admins
/// belong to none).
pub async fn get(State(state): State<ApiState>, caller: AnyCaller) -> Result<Json<Pledge>> {
    let organisation_id = pledge::organisation_of(&caller).ok_or(ServerError::NotFound)?;
    let current = pledge::current(state.db(), organisation_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let organisation = organisation_ref(state.db(), organisation_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(Json(Pledge {
        organisation_name: organisation.name,
        version: current.version,
        hash: current.hash,
        text: current.text,
    }))
}

/// `POST /api/pledge/accept`: the acceptance must name the current version and its hash; a
/// device's must be signed with its Ed25519 key over [`domain::signing::pledge_message`].
pub async fn accept(
    State(state): State<ApiState>,
    caller: AnyCaller,
    ApiJson(body): ApiJson<PledgeAcceptance>,
) -> Result<Json<PledgeStatus>> {
    validate::line(&body.typed_name, 1, 100)?;
    let organisation_id = pledge::organisation_of(&caller).ok_or(ServerError::NotFound)?;
    let current = pledge::current(state.db(), organisation_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    if body.version != current.version || body.hash != current.hash {
        // An old or altered text: the browser must fetch the current one and show it again.
        return Err(ServerError::Conflict);
    }
    let subject = pledge::subject_of(&caller);
    // Accepting twice is harmless: the first acceptance stands.
    let status = pledge::status(state.db(), Some(organisation_id), subject).await?;
    if let PledgeStatus::Accepted { .. } = status {
        return Ok(Json(status));
    }
    let (device_id, signature) = match &caller {
        AnyCaller::Staff(..) => (None, None),
        AnyCaller::Device(device, _) => {
            let signature = body.signature.as_ref().ok_or(ServerError::InvalidBody)?;
            verify_signature(
                &state,
                &device.device_id,
                &body,
                &current.hash,
                &signature.0,
            )
            .await?;
            (
                Some(device.device_id.as_str()),
                Some(signature.0.as_slice()),
            )
        }
    };
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    sqlx::query(
        "INSERT INTO pledge_acceptances (organisation_id, version, subject_kind, subject_id, \
         device_id, typed_name, signature, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(organisation_id)
    .bind(current.version)
    .bind(subject.kind())
    .bind(subject.id())
    .bind(device_id)
    .bind(&body.typed_name)
    .bind(signature)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        now,
        caller.actor(),
        action::PLEDGE_ACCEPTED,
        organisation_id,
        &format!("version={}", current.version),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(PledgeStatus::Accepted {
        version: current.version,
        accepted_at: now,
    }))
}

async fn verify_signature(
    state: &ApiState,
    device_id: &str,
    body: &PledgeAcceptance,
    hash: &str,
    signature: &[u8],
) -> Result<()> {
    let key: Vec<u8> = sqlx::query_scalar("SELECT signing_key FROM devices WHERE id = ?")
        .bind(device_id)
        .fetch_one(state.db())
        .await?;
    let message = domain::signing::pledge_message(device_id, body.version, hash, &body.typed_name);
    // Strict: refuses malleable signatures and small-order keys too.
    domain::signing::verify(&key, &message, signature).map_err(|_| ServerError::InvalidBody)
}
