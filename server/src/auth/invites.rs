//! Issuing one-time staff invitations: a random token, stored only as its hash, handed out
//! once as an `/invite#token` link (the fragment never reaches a server's logs).

use domain::api::{CreatedInvite, StaffRole};
use domain::ids::{OrgId, UserId};
use domain::rules::STAFF_INVITE_TTL_MS;

use super::tokens;
use crate::http::Result;
use crate::store::{self, Conn};

/// Who a staff invitation is for.
pub struct StaffInvite<'a> {
    pub role: StaffRole,
    pub organisation_id: Option<&'a OrgId>,
    pub display_name: &'a str,
    /// `None` only for the first admin's, made by `server admin init`.
    pub created_by: Option<&'a UserId>,
}

/// Stores a new invitation valid for [`STAFF_INVITE_TTL_MS`] from `now`.
pub async fn create_staff_invite(
    conn: &mut Conn,
    invite: &StaffInvite<'_>,
    now: i64,
) -> Result<CreatedInvite> {
    let token = tokens::random_token()?;
    let expires_at = now + STAFF_INVITE_TTL_MS;
    store::invites::insert_staff(
        conn,
        &store::invites::NewStaffInvite {
            token_hash: &tokens::sha256(token.as_bytes()),
            role: invite.role,
            organisation_id: invite.organisation_id,
            display_name: invite.display_name,
            created_by: invite.created_by,
            created_at: now,
            expires_at,
        },
    )
    .await?;
    Ok(CreatedInvite {
        path: format!("/invite#{token}"),
        token,
        expires_at,
    })
}
