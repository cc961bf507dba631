//! A volunteer's phone: enrolment, unlocking and whether it is still enrolled.

use domain::api::endpoints::{
    DEVICE_ASSIGNMENT, DEVICE_BRIEF, DEVICE_ENROL, DEVICE_STATUS, DEVICE_SYNC, DEVICE_UNLOCK,
};
use domain::api::{
    DeviceAssignment, DeviceBrief, DeviceEnrol, DeviceSession, DeviceStatus, DeviceSync,
    DeviceSyncRequest, DeviceUnlock,
};
use domain::ids::{AssignmentId, BriefId};

use super::{fetch, fetch_one, send};
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

/// Uploads what the phone did offline (briefs opened, deleted); answers what it should hold.
/// Anything it holds that is not in the answer it must delete.
pub async fn sync(body: &DeviceSyncRequest) -> Result<DeviceSync, AppError> {
    send(DEVICE_SYNC, body).await
}

/// One assignment, if the relay still serves it to this phone (a 404 once it ended).
pub async fn assignment(id: &AssignmentId) -> Result<DeviceAssignment, AppError> {
    fetch_one(DEVICE_ASSIGNMENT, id.as_str()).await
}

/// The current version of a brief, sealed to this phone (the relay audits every fetch).
pub async fn brief(id: &BriefId) -> Result<DeviceBrief, AppError> {
    fetch_one(DEVICE_BRIEF, id.as_str()).await
}
