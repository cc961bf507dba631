//! The coordinator's side: programmes, volunteers and their devices, incidents.

use domain::api::endpoints::{
    PARTNER_ASSIGNMENT_CREATE, PARTNER_ASSIGNMENT_END, PARTNER_BRIEF_APPROVE, PARTNER_BRIEF_REVOKE,
    PARTNER_DEVICE_CERTIFY, PARTNER_DEVICE_LOST, PARTNER_DEVICE_REVOKE, PARTNER_INCIDENTS,
    PARTNER_PROFILE_PUT, PARTNER_PROFILES, PARTNER_PROGRAMMES, PARTNER_REFERRAL,
    PARTNER_REFERRAL_ANSWER, PARTNER_REFERRALS, PARTNER_VOLUNTEER_INVITE_CREATE,
    PARTNER_VOLUNTEER_REVOKE, PARTNER_VOLUNTEERS,
};
use domain::api::{
    Assignment, BriefVersion, Device, DeviceCertification, Incident, LostDeviceReport,
    NewAssignment, NewBrief, NewVolunteerInvite, ProfileUpdate, Programme, Referral,
    ReferralAnswer, ReferralDetail, SealedProfile, Volunteer, VolunteerInvite,
};
use domain::ids::{AssignmentId, BriefId, DeviceId, ReferralId, VolunteerId};

use super::{fetch, fetch_one, send, send_to};
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

/// Referrals sent to the partner's programmes: the coordinator's inbox.
pub async fn referrals() -> Result<Vec<Referral>, AppError> {
    fetch(PARTNER_REFERRALS).await
}

pub async fn referral(id: &ReferralId) -> Result<ReferralDetail, AppError> {
    fetch_one(PARTNER_REFERRAL, id.as_str()).await
}

/// Accepts, or declines with a reason sealed to both organisations.
pub async fn answer_referral(id: &ReferralId, body: &ReferralAnswer) -> Result<Referral, AppError> {
    send_to(PARTNER_REFERRAL_ANSWER, id.as_str(), body).await
}

pub async fn profiles() -> Result<Vec<SealedProfile>, AppError> {
    fetch(PARTNER_PROFILES).await
}

pub async fn put_profile(
    volunteer: &VolunteerId,
    body: &ProfileUpdate,
) -> Result<SealedProfile, AppError> {
    send_to(PARTNER_PROFILE_PUT, volunteer.as_str(), body).await
}

/// Matches a volunteer to an accepted referral; the relay creates the visits.
pub async fn create_assignment(body: &NewAssignment) -> Result<Assignment, AppError> {
    send(PARTNER_ASSIGNMENT_CREATE, body).await
}

/// Ends the assignment: its briefs are deleted from the relay and, at their next contact, from
/// the phones.
pub async fn end_assignment(id: &AssignmentId) -> Result<Assignment, AppError> {
    send_to(PARTNER_ASSIGNMENT_END, id.as_str(), &()).await
}

/// Approves a version of a brief, sealed to the volunteer's phones and both organisations.
pub async fn approve_brief(body: &NewBrief) -> Result<BriefVersion, AppError> {
    send(PARTNER_BRIEF_APPROVE, body).await
}

pub async fn revoke_brief(id: &BriefId) -> Result<BriefVersion, AppError> {
    send_to(PARTNER_BRIEF_REVOKE, id.as_str(), &()).await
}
