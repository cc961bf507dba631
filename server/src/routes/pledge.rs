//! `GET /api/pledge` and `POST /api/pledge/accept`, for staff and volunteers' devices alike.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{Pledge, PledgeAcceptance, PledgeStatus};
use domain::ids::DeviceId;
use domain::rules;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::AnyCaller;
use crate::http::{ApiJson, Result, ServerError};
use crate::state::ApiState;
use crate::store::pledges::{Acceptance, CurrentPledge};
use crate::store::{self, Conn};

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::PLEDGE, get)
        .route(&endpoints::PLEDGE_ACCEPT, accept)
}

/// The current text of the caller's organisation (404 if it has none; admins belong to none).
async fn get(State(state): State<ApiState>, caller: AnyCaller) -> Result<Json<Pledge>> {
    let organisation_id = caller.pledge_organisation().ok_or(ServerError::NotFound)?;
    let mut conn = store::acquire(state.db()).await?;
    let current = store::pledges::current(&mut conn, organisation_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let organisation = store::organisations::reference(&mut conn, organisation_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(Json(Pledge {
        organisation_name: organisation.name,
        version: current.version,
        hash: current.hash,
        text: current.text,
    }))
}

/// The acceptance must name the current version and its hash; a device's must be signed with
/// its Ed25519 key over [`domain::signing::pledge_message`].
async fn accept(
    State(state): State<ApiState>,
    caller: AnyCaller,
    ApiJson(body): ApiJson<PledgeAcceptance>,
) -> Result<Json<PledgeStatus>> {
    rules::line(&body.typed_name, rules::TYPED_NAME)?;
    let organisation_id = caller.pledge_organisation().ok_or(ServerError::NotFound)?;
    let mut conn = store::acquire(state.db()).await?;
    let current = store::pledges::current(&mut conn, organisation_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    if body.version != current.version || body.hash != current.hash {
        // An old or altered text: the browser must fetch the current one and show it again.
        return Err(ServerError::Conflict);
    }
    let subject = caller.pledge_subject();
    // Accepting twice is harmless: the first acceptance stands.
    let status = store::pledges::status(&mut conn, Some(organisation_id), subject).await?;
    if let PledgeStatus::Accepted { .. } = status {
        return Ok(Json(status));
    }
    let (device_id, signature) = match &caller {
        AnyCaller::Staff(..) => (None, None),
        AnyCaller::Device(device) => {
            let signature = body.signature.as_ref().ok_or(ServerError::InvalidBody)?;
            verify_signature(&mut conn, &device.device_id, &body, &current, &signature.0).await?;
            (Some(&device.device_id), Some(signature.0.as_slice()))
        }
    };
    drop(conn);
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    store::pledges::accept(
        &mut tx,
        &Acceptance {
            organisation_id,
            version: current.version,
            subject,
            device_id,
            typed_name: &body.typed_name,
            signature,
            accepted_at: now,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.actor(),
        action::PLEDGE_ACCEPTED,
        organisation_id.as_str(),
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
    conn: &mut Conn,
    device_id: &DeviceId,
    body: &PledgeAcceptance,
    current: &CurrentPledge,
    signature: &[u8],
) -> Result<()> {
    let key = store::devices::signing_key(conn, device_id)
        .await?
        .ok_or(ServerError::DeviceGone)?;
    let message = domain::signing::pledge_message(
        device_id.as_str(),
        body.version,
        &current.hash,
        &body.typed_name,
    );
    // Strict: refuses malleable signatures and small-order keys too.
    domain::signing::verify(&key, &message, signature).map_err(|_| ServerError::InvalidBody)
}
