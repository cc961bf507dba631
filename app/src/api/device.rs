//! A volunteer's phone: enrolment, unlocking and whether it is still enrolled.

use domain::api::endpoints::{DEVICE_ENROL, DEVICE_STATUS, DEVICE_UNLOCK};
use domain::api::{DeviceEnrol, DeviceSession, DeviceStatus, DeviceUnlock};

use super::{fetch, send};
use crate::error::AppError;

pub async fn enrol(body: &DeviceEnrol) -> Result<DeviceSession, AppError> {
    send(DEVICE_ENROL, body).await
}

/// A wrong PIN is [`AppError::WrongPin`] with the tries left; a revoked, lost or locked phone
/// is [`AppError::DeviceGone`].
pub async fn unlock(body: &DeviceUnlock) -> Result<DeviceSession, AppError> {
    send(DEVICE_UNLOCK, body).await
}

/// Still enrolled? [`AppError::DeviceGone`] means the phone must wipe itself.
pub async fn status() -> Result<DeviceStatus, AppError> {
    fetch(DEVICE_STATUS).await
}
