//! Staff invitations, registration with TOTP enrolment, and sign-in.

use domain::api::endpoints::{
    STAFF_INVITE_INSPECT, STAFF_LOGIN, STAFF_LOGIN_PARAMS, STAFF_REGISTER, STAFF_TOTP_CONFIRM,
};
use domain::api::{
    InviteToken, LoginName, LoginParams, StaffInviteInfo, StaffLogin, StaffRegister, StaffSession,
    TotpCode, TotpEnrolment,
};

use super::send;
use crate::error::AppError;

/// What an invitation link is for, before registering.
pub async fn inspect_invite(token: String) -> Result<StaffInviteInfo, AppError> {
    send(STAFF_INVITE_INSPECT, &InviteToken { token }).await
}

pub async fn register(body: &StaffRegister) -> Result<TotpEnrolment, AppError> {
    send(STAFF_REGISTER, body).await
}

/// The first code from the new authenticator; signs the new member in.
pub async fn confirm_totp(code: String) -> Result<StaffSession, AppError> {
    send(STAFF_TOTP_CONFIRM, &TotpCode { code }).await
}

/// The KDF parameters for a login name (made up, but stable, for unknown names).
pub async fn login_params(login_name: String) -> Result<LoginParams, AppError> {
    send(STAFF_LOGIN_PARAMS, &LoginName { login_name }).await
}

pub async fn login(body: &StaffLogin) -> Result<StaffSession, AppError> {
    send(STAFF_LOGIN, body).await
}
