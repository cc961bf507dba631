//! The coordinator's side: programmes, volunteers and their devices, incidents.

use domain::api::endpoints::{
    PARTNER_DEVICE_CERTIFY, PARTNER_DEVICE_LOST, PARTNER_DEVICE_REVOKE, PARTNER_INCIDENTS,
    PARTNER_PROGRAMMES, PARTNER_VOLUNTEER_INVITE_CREATE, PARTNER_VOLUNTEER_REVOKE,
    PARTNER_VOLUNTEERS,
};
use domain::api::{
    Device, DeviceCertification, Incident, LostDeviceReport, NewVolunteerInvite, Programme,
    Volunteer, VolunteerInvite,
};
use domain::ids::{DeviceId, VolunteerId};

use super::{fetch, send, send_to};
use crate::error::AppError;

pub async fn programmes() -> Result<Vec<Programme>, AppError> {
    fetch(PARTNER_PROGRAMMES).await
}

pub async fn invite_volunteer(body: &NewVolunteerInvite) -> Result<VolunteerInvite, AppError> {
    send(PARTNER_VOLUNTEER_INVITE_CREATE, body).await
}

pub async fn volunteers() -> Result<Vec<Volunteer>, AppError> {
    fetch(PARTNER_VOLUNTEERS).await
}

/// Every device of the volunteer stops working at once.
pub async fn revoke_volunteer(volunteer: &VolunteerId) -> Result<Volunteer, AppError> {
    send_to(PARTNER_VOLUNTEER_REVOKE, volunteer.as_str(), &()).await
}

/// One phone stops working; the volunteer keeps the others.
pub async fn revoke_device(device: &DeviceId) -> Result<Device, AppError> {
    send_to(PARTNER_DEVICE_REVOKE, device.as_str(), &()).await
}

/// The phone is lost: it stops working and an incident is opened (its note sealed already).
pub async fn report_lost(
    device: &DeviceId,
    report: &LostDeviceReport,
) -> Result<Incident, AppError> {
    send_to(PARTNER_DEVICE_LOST, device.as_str(), report).await
}

/// The partner vouches for this phone's keys: only after its invitation secret or its check code
/// proved them.
pub async fn certify_device(device: &DeviceId, certificate: Vec<u8>) -> Result<Device, AppError> {
    send_to(
        PARTNER_DEVICE_CERTIFY,
        device.as_str(),
        &DeviceCertification {
            certificate: domain::api::B64(certificate),
        },
    )
    .await
}

pub async fn incidents() -> Result<Vec<Incident>, AppError> {
    fetch(PARTNER_INCIDENTS).await
}
