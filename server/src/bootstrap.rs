//! `server admin init`: the only way to create the first account. It makes a one-time admin
//! invite on a database with no users, and prints the link with the token in the fragment.

use domain::wire::StaffRole;
use sqlx::SqlitePool;

use crate::audit::{self, action};
use crate::db;
use crate::error::Result;
use crate::routes::admin::insert_staff_invite;

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

pub async fn init_admin(pool: &SqlitePool, base_url: &str, now_ms: i64) -> Result<Outcome> {
    let mut tx = db::begin_write(pool).await?;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *tx)
        .await?;
    if users > 0 {
        return Ok(Outcome::UsersExist);
    }
    let outstanding: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(expires_at) FROM staff_invites WHERE role = 'admin' AND used_at IS NULL \
         AND expires_at > ?",
    )
    .bind(now_ms)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(expires_at) = outstanding {
        return Ok(Outcome::InviteOutstanding { expires_at });
    }
    let invite = insert_staff_invite(
        &mut tx,
        StaffRole::Admin,
        None,
        FIRST_ADMIN_NAME,
        None,
        now_ms,
    )
    .await?;
    audit::append(
        &mut tx,
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
