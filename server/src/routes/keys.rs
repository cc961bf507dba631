//! Organisation keys: the copies sealed to me, the members still waiting for one, and granting.

use axum::Json;
use axum::extract::State;
use domain::keys::PublicKey;
use domain::wire::{B64, KeyGrant, PendingGrant, SealedOrgKey};
use sqlx::Row;

use crate::audit::{self, action};
use crate::auth::StaffCaller;
use crate::authz;
use crate::db;
use crate::error::{Result, ServerError};
use crate::http::ApiJson;
use crate::run::now_ms;
use crate::state::ApiState;
use crate::validate;

/// `GET /api/keys/mine`.
pub async fn mine(
    State(state): State<ApiState>,
    caller: StaffCaller,
) -> Result<Json<Vec<SealedOrgKey>>> {
    let rows = sqlx::query(
        "SELECT k.organisation_id, o.public_key, k.sealed_private_key FROM org_keys k \
         JOIN organisations o ON o.id = k.organisation_id \
         WHERE k.user_id = ? AND o.public_key IS NOT NULL ORDER BY k.organisation_id",
    )
    .bind(&caller.user_id)
    .fetch_all(state.db())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let key: Vec<u8> = r.try_get("public_key")?;
        out.push(SealedOrgKey {
            organisation_id: r.try_get("organisation_id")?,
            organisation_public_key: PublicKey::from_slice(&key)?,
            sealed_private_key: B64(r.try_get("sealed_private_key")?),
        });
    }
    Ok(Json(out))
}

/// `GET /api/keys/pending`: confirmed members of organisations whose key I hold, without a copy.
pub async fn pending(
    State(state): State<ApiState>,
    caller: StaffCaller,
) -> Result<Json<Vec<PendingGrant>>> {
    let rows = sqlx::query(
        "SELECT u.organisation_id, u.id, u.display_name, u.public_key FROM users u \
         JOIN org_keys mine ON mine.organisation_id = u.organisation_id AND mine.user_id = ? \
         WHERE u.disabled_at IS NULL AND u.totp_confirmed = 1 AND NOT EXISTS \
         (SELECT 1 FROM org_keys k WHERE k.organisation_id = u.organisation_id AND k.user_id = u.id) \
         ORDER BY u.organisation_id, u.created_at",
    )
    .bind(&caller.user_id)
    .fetch_all(state.db())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let key: Vec<u8> = r.try_get("public_key")?;
        out.push(PendingGrant {
            organisation_id: r.try_get("organisation_id")?,
            user_id: r.try_get("id")?,
            display_name: r.try_get("display_name")?,
            public_key: PublicKey::from_slice(&key)?,
        });
    }
    Ok(Json(out))
}

/// `POST /api/keys/grants`: only a holder of the organisation's key, only for a member without
/// a copy; anything else is a 404.
pub async fn grant(
    State(state): State<ApiState>,
    caller: StaffCaller,
    ApiJson(body): ApiJson<KeyGrant>,
) -> Result<Json<SealedOrgKey>> {
    validate::id(&body.organisation_id)?;
    validate::id(&body.user_id)?;
    let org_key = authz::held_org_key(&state, &caller.user_id, &body.organisation_id).await?;
    let member_key = authz::pending_member(
        &state,
        &caller.user_id,
        &body.organisation_id,
        &body.user_id,
    )
    .await?;
    validate::sealed_org_key(
        &body.sealed_private_key.0,
        &org_key,
        &caller.user_id,
        &member_key,
    )?;
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let inserted = sqlx::query(
        "INSERT OR IGNORE INTO org_keys (organisation_id, user_id, sealed_private_key, granted_by, \
         granted_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&body.organisation_id)
    .bind(&body.user_id)
    .bind(&body.sealed_private_key.0)
    .bind(&caller.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        // Another holder granted it in the meantime.
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        now,
        &caller.user_id,
        action::KEY_GRANTED,
        &body.organisation_id,
        &body.user_id,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(SealedOrgKey {
        organisation_id: body.organisation_id,
        organisation_public_key: org_key,
        sealed_private_key: body.sealed_private_key,
    }))
}
