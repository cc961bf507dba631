//! Authorization: the one place that decides whether a caller may see or act on an object.
//!
//! Role checks live in the caller extractors (`auth::extract`); this module adds organisation
//! membership, programme ownership and (later) assignment. Every check answers the object's row
//! or a 404 `not_found` — never 403, so a caller cannot tell "exists but not yours" from "does not
//! exist" — and writes the denial to the audit log (action `denied`, object = the id asked for).

use sqlx::Row;

use crate::audit;
use crate::error::{Result, ServerError};
use crate::run::now_ms;
use crate::state::ApiState;

/// Objects are UUIDs or API paths; anything longer is cut before it reaches the log.
const MAX_LOGGED_OBJECT: usize = 128;

/// Records a denial and returns the error to answer with. If the log cannot be written the
/// request still fails (with a 500), so a denial is never silently unrecorded.
pub async fn deny(state: &ApiState, actor: &str, object: &str) -> ServerError {
    let mut end = object.len().min(MAX_LOGGED_OBJECT);
    while !object.is_char_boundary(end) {
        end -= 1;
    }
    match audit::record(
        state.db(),
        now_ms(),
        actor,
        audit::action::DENIED,
        &object[..end],
        "not_visible",
    )
    .await
    {
        Ok(()) => ServerError::NotFound,
        Err(err) => err,
    }
}

/// `Ok(row)` when `row` is `Some`, else an audited 404.
async fn visible<T>(state: &ApiState, actor: &str, object: &str, row: Option<T>) -> Result<T> {
    match row {
        Some(row) => Ok(row),
        None => Err(deny(state, actor, object).await),
    }
}

#[derive(Debug, Clone)]
pub struct ProgrammeRow {
    pub id: String,
    pub name: String,
    pub partner_id: String,
}

/// A programme run by the coordinator's partner organisation.
pub async fn partner_programme(
    state: &ApiState,
    actor: &str,
    partner_id: &str,
    programme_id: &str,
) -> Result<ProgrammeRow> {
    let row =
        sqlx::query("SELECT id, name, partner_id FROM programmes WHERE id = ? AND partner_id = ?")
            .bind(programme_id)
            .bind(partner_id)
            .fetch_optional(state.db())
            .await?
            .map(|r| -> Result<ProgrammeRow> {
                Ok(ProgrammeRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    partner_id: r.try_get("partner_id")?,
                })
            })
            .transpose()?;
    visible(state, actor, programme_id, row).await
}

#[derive(Debug, Clone)]
pub struct VolunteerRow {
    pub id: String,
    pub programme_id: String,
    pub revoked_at: Option<i64>,
}

/// A volunteer of the coordinator's partner organisation (revoked ones included: the caller may
/// still see them).
pub async fn partner_volunteer(
    state: &ApiState,
    actor: &str,
    partner_id: &str,
    volunteer_id: &str,
) -> Result<VolunteerRow> {
    let row = sqlx::query(
        "SELECT id, programme_id, revoked_at FROM volunteers WHERE id = ? AND partner_id = ?",
    )
    .bind(volunteer_id)
    .bind(partner_id)
    .fetch_optional(state.db())
    .await?
    .map(|r| -> Result<VolunteerRow> {
        Ok(VolunteerRow {
            id: r.try_get("id")?,
            programme_id: r.try_get("programme_id")?,
            revoked_at: r.try_get("revoked_at")?,
        })
    })
    .transpose()?;
    visible(state, actor, volunteer_id, row).await
}

#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub id: String,
    pub volunteer_id: String,
}

/// A device of a volunteer of the coordinator's partner organisation.
pub async fn partner_device(
    state: &ApiState,
    actor: &str,
    partner_id: &str,
    device_id: &str,
) -> Result<DeviceRow> {
    let row = sqlx::query(
        "SELECT d.id, d.volunteer_id FROM devices d JOIN volunteers v ON v.id = d.volunteer_id \
         WHERE d.id = ? AND v.partner_id = ?",
    )
    .bind(device_id)
    .bind(partner_id)
    .fetch_optional(state.db())
    .await?
    .map(|r| -> Result<DeviceRow> {
        Ok(DeviceRow {
            id: r.try_get("id")?,
            volunteer_id: r.try_get("volunteer_id")?,
        })
    })
    .transpose()?;
    visible(state, actor, device_id, row).await
}

/// The public key of an organisation whose private key the caller holds (has an `org_keys` row).
pub async fn held_org_key(
    state: &ApiState,
    actor: &str,
    organisation_id: &str,
) -> Result<domain::keys::PublicKey> {
    let key: Option<Option<Vec<u8>>> = sqlx::query_scalar(
        "SELECT o.public_key FROM organisations o \
         JOIN org_keys k ON k.organisation_id = o.id AND k.user_id = ? WHERE o.id = ?",
    )
    .bind(actor)
    .bind(organisation_id)
    .fetch_optional(state.db())
    .await?;
    let key = key
        .flatten()
        .and_then(|k| domain::keys::PublicKey::from_slice(&k).ok());
    visible(state, actor, organisation_id, key).await
}

/// A confirmed, active member of `organisation_id` who has no sealed copy of its key yet.
pub async fn pending_member(
    state: &ApiState,
    actor: &str,
    organisation_id: &str,
    user_id: &str,
) -> Result<domain::keys::PublicKey> {
    let key: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT u.public_key FROM users u WHERE u.id = ? AND u.organisation_id = ? \
         AND u.disabled_at IS NULL AND u.totp_confirmed = 1 AND NOT EXISTS \
         (SELECT 1 FROM org_keys k WHERE k.organisation_id = u.organisation_id AND k.user_id = u.id)",
    )
    .bind(user_id)
    .bind(organisation_id)
    .fetch_optional(state.db())
    .await?;
    let key = key.and_then(|k| domain::keys::PublicKey::from_slice(&k).ok());
    visible(state, actor, user_id, key).await
}
