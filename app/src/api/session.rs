//! Who is signed in, and signing out (staff and phones alike).

use domain::api::StaffSession;
use domain::api::endpoints::{LOGOUT, SESSION};

use super::{fetch, send};
use crate::error::AppError;

/// `GET /api/session` as a staff member. A phone's session answers a device status instead,
/// which does not read as a staff session ([`AppError::Unexpected`]).
pub async fn staff() -> Result<StaffSession, AppError> {
    fetch(SESSION).await
}

/// Ends the relay's session, whoever holds it; answers nothing.
pub async fn logout() -> Result<(), AppError> {
    send(LOGOUT, &()).await
}
