//! `server admin init`: prints the first admin's invite link, or why there is none.

use super::args::AdminInitArgs;
use super::open;
use crate::clock::Clock;
use crate::http::{Result, ServerError};
use crate::keyfile::IfMissing;
use crate::seed::bootstrap::{self, Outcome};

pub async fn init(args: AdminInitArgs) -> Result<()> {
    let (pool, keys) = open::relay(&args.db, &args.key, IfMissing::Create).await?;
    let outcome =
        bootstrap::init_admin(&pool, &keys, &args.base_url, Clock::system().now_ms()).await?;
    pool.close().await;
    match outcome {
        Outcome::Created { url, expires_at } => {
            println!("First admin invite (one use, valid 72 hours, until {expires_at} unix ms):");
            println!("{url}");
            Ok(())
        }
        Outcome::UsersExist => Err(ServerError::Refused(
            "accounts already exist; an admin invites further admins from the app",
        )),
        Outcome::InviteOutstanding { .. } => Err(ServerError::Refused(
            "an unused admin invite already exists; use it, or run this again after it expires",
        )),
    }
}
