//! `server admin init`: the only way to create the first account. It makes a one-time admin
//! invite on a database with no users, and prints the link with the token in the fragment.

use domain::api::StaffRole;

use crate::audit::{self, action};
use crate::auth::invites::{self, StaffInvite};
use crate::http::Result;
use crate::keyfile::RelayKeys;
use crate::store::{self, Pool};

/// Display name the first admin is registered under; they can be told apart by login name.
pub const FIRST_ADMIN_NAME: &str = "管理者";

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The link to open: `BASE/invite#TOKEN`.
    Created { url: String, expires_at: i64 },
    /// Accounts exist: admins invite further admins from the app.
    UsersExist,
    /// An earlier invite is still waiting to be used.
    InviteOutstanding { expires_at: i64 },
}

pub async fn init_admin(
    pool: &Pool,
    keys: &RelayKeys,
    base_url: &str,
    now_ms: i64,
) -> Result<Outcome> {
    let mut tx = store::begin_write(pool).await?;
    if store::users::count(&mut tx).await? > 0 {
        return Ok(Outcome::UsersExist);
    }
    if let Some(expires_at) = store::invites::outstanding_admin(&mut tx, now_ms).await? {
        return Ok(Outcome::InviteOutstanding { expires_at });
    }
    let invite = invites::create_staff_invite(
        &mut tx,
        &StaffInvite {
            role: StaffRole::Admin,
            organisation_id: None,
            display_name: FIRST_ADMIN_NAME,
            created_by: None,
        },
        now_ms,
    )
    .await?;
    audit::append(
        &mut tx,
        keys,
        now_ms,
        audit::SYSTEM,
        action::ADMIN_BOOTSTRAP_INVITE,
        "",
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Created {
        url: format!("{}{}", base_url.trim_end_matches('/'), invite.path),
        expires_at: invite.expires_at,
    })
}
