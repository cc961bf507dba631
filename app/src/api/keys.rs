//! My organisation's key (sealed to me) and the keys I verified by hand (sealed to myself).

use domain::api::endpoints::{KEYS_MINE, KEYS_PINS, KEYS_PINS_PUT};
use domain::api::{SealedOrgKey, SealedPins};

use super::{fetch, send};
use crate::error::AppError;

/// At most one: the organisation I belong to, if someone confirmed me (or I created its key).
pub async fn mine() -> Result<Vec<SealedOrgKey>, AppError> {
    fetch(KEYS_MINE).await
}

/// `None` until I first verified something.
pub async fn pins() -> Result<Option<SealedPins>, AppError> {
    fetch(KEYS_PINS).await
}

/// Refused (409) when a newer version is already stored, e.g. by another tab.
pub async fn save_pins(body: &SealedPins) -> Result<(), AppError> {
    send(KEYS_PINS_PUT, body).await
}
