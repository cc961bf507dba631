//! Organisation keys: the copies sealed to me, the members still waiting, handing one on.

use domain::api::endpoints::{KEYS_GRANT, KEYS_MINE, KEYS_PENDING};
use domain::api::{KeyGrant, PendingGrant, SealedOrgKey};

use super::{fetch, send};
use crate::error::AppError;

pub async fn mine() -> Result<Vec<SealedOrgKey>, AppError> {
    fetch(KEYS_MINE).await
}

pub async fn pending() -> Result<Vec<PendingGrant>, AppError> {
    fetch(KEYS_PENDING).await
}

pub async fn grant(body: &KeyGrant) -> Result<SealedOrgKey, AppError> {
    send(KEYS_GRANT, body).await
}
