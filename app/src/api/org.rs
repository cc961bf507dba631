//! My organisation's directory: its identity, its members, the organisations it works with.

use domain::api::endpoints::{
    ORG_IDENTITY_CREATE, ORG_LEDGER, ORG_MEMBER_CONFIRM, ORG_MEMBERS, ORG_PEER_CONFIRM, ORG_PEERS,
};
use domain::api::{
    LedgerEntry, MemberConfirmation, NewOrgIdentity, OrgMember, PeerConfirmation, PeerOrganisation,
    SealedOrgKey,
};
use domain::ids::{OrgId, UserId};

use super::{fetch, send, send_to};
use crate::error::AppError;

/// The first member creates the organisation's identity; a second attempt is a 409.
pub async fn create_identity(body: &NewOrgIdentity) -> Result<SealedOrgKey, AppError> {
    send(ORG_IDENTITY_CREATE, body).await
}

pub async fn members() -> Result<Vec<OrgMember>, AppError> {
    fetch(ORG_MEMBERS).await
}

/// After comparing the member's code on their own screen.
pub async fn confirm_member(member: &UserId, body: &MemberConfirmation) -> Result<(), AppError> {
    send_to(ORG_MEMBER_CONFIRM, member.as_str(), body).await
}

pub async fn peers() -> Result<Vec<PeerOrganisation>, AppError> {
    fetch(ORG_PEERS).await
}

/// After comparing the other organisation's code with someone there.
pub async fn confirm_peer(peer: &OrgId, body: &PeerConfirmation) -> Result<(), AppError> {
    send_to(ORG_PEER_CONFIRM, peer.as_str(), body).await
}

/// The device ledger (持ち出し管理台帳): every brief version on every phone, for my
/// organisation's referrals (a centre) or volunteers (a partner).
pub async fn ledger() -> Result<Vec<LedgerEntry>, AppError> {
    fetch(ORG_LEDGER).await
}
