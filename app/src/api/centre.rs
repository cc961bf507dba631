//! The caseworker's side: the centre's programmes and its referrals.

use domain::api::endpoints::{
    CENTRE_PROGRAMMES, CENTRE_REFERRAL, CENTRE_REFERRAL_CREATE, CENTRE_REFERRAL_UPDATE,
    CENTRE_REFERRAL_WITHDRAW, CENTRE_REFERRALS,
};
use domain::api::{NewReferral, Programme, Referral, ReferralDetail, ReferralUpdate};
use domain::ids::ReferralId;

use super::{fetch, fetch_one, send, send_to};
use crate::error::AppError;

/// The programmes partners run for the caseworker's centre: where a referral can go.
pub async fn programmes() -> Result<Vec<Programme>, AppError> {
    fetch(CENTRE_PROGRAMMES).await
}

pub async fn referrals() -> Result<Vec<Referral>, AppError> {
    fetch(CENTRE_REFERRALS).await
}

pub async fn referral(id: &ReferralId) -> Result<ReferralDetail, AppError> {
    fetch_one(CENTRE_REFERRAL, id.as_str()).await
}

pub async fn create_referral(body: &NewReferral) -> Result<Referral, AppError> {
    send(CENTRE_REFERRAL_CREATE, body).await
}

/// A new version of the referral's content.
pub async fn update_referral(id: &ReferralId, body: &ReferralUpdate) -> Result<Referral, AppError> {
    send_to(CENTRE_REFERRAL_UPDATE, id.as_str(), body).await
}

/// Ends every assignment and brief made from the referral.
pub async fn withdraw_referral(id: &ReferralId) -> Result<Referral, AppError> {
    send_to(CENTRE_REFERRAL_WITHDRAW, id.as_str(), &()).await
}
