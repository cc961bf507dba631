//! The pledge (誓約書) of the caller's organisation, for staff and phones alike.

use domain::api::endpoints::{PLEDGE, PLEDGE_ACCEPT};
use domain::api::{Pledge, PledgeAcceptance, PledgeStatus};

use super::{fetch, send};
use crate::error::AppError;

pub async fn current() -> Result<Pledge, AppError> {
    fetch(PLEDGE).await
}

pub async fn accept(body: &PledgeAcceptance) -> Result<PledgeStatus, AppError> {
    send(PLEDGE_ACCEPT, body).await
}
