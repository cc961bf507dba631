//! The admin's objects: organisations, programmes, staff invitations, pledge texts and the
//! staff accounts.

use domain::api::endpoints::{
    ADMIN_ORGANISATION_CREATE, ADMIN_ORGANISATIONS, ADMIN_PLEDGE_PUT, ADMIN_PROGRAMME_CREATE,
    ADMIN_PROGRAMMES, ADMIN_STAFF_INVITE_CREATE, ADMIN_USER_DISABLE, ADMIN_USERS,
};
use domain::api::{
    CreatedInvite, NewOrganisation, NewProgramme, NewStaffInvite, Organisation, Pledge, PledgeText,
    Programme, StaffMember,
};
use domain::ids::{OrgId, UserId};

use super::{fetch, send, send_to};
use crate::error::AppError;

pub async fn organisations() -> Result<Vec<Organisation>, AppError> {
    fetch(ADMIN_ORGANISATIONS).await
}

pub async fn create_organisation(body: &NewOrganisation) -> Result<Organisation, AppError> {
    send(ADMIN_ORGANISATION_CREATE, body).await
}

/// A new version of an organisation's pledge.
pub async fn put_pledge(organisation: &OrgId, text: String) -> Result<Pledge, AppError> {
    send_to(
        ADMIN_PLEDGE_PUT,
        organisation.as_str(),
        &PledgeText { text },
    )
    .await
}

pub async fn programmes() -> Result<Vec<Programme>, AppError> {
    fetch(ADMIN_PROGRAMMES).await
}

pub async fn create_programme(body: &NewProgramme) -> Result<Programme, AppError> {
    send(ADMIN_PROGRAMME_CREATE, body).await
}

pub async fn create_staff_invite(body: &NewStaffInvite) -> Result<CreatedInvite, AppError> {
    send(ADMIN_STAFF_INVITE_CREATE, body).await
}

pub async fn users() -> Result<Vec<StaffMember>, AppError> {
    fetch(ADMIN_USERS).await
}

/// Disables a staff account: no more sign-in, every session ended, every org key removed.
pub async fn disable_user(user: &UserId) -> Result<StaffMember, AppError> {
    send_to(ADMIN_USER_DISABLE, user.as_str(), &serde_json::json!({})).await
}
