//! `server admin init`: prints the first admin's invite link, or why there is none.

use super::args::AdminInitArgs;
use crate::clock::Clock;
use crate::http::{Result, ServerError};
use crate::seed::bootstrap::{self, Outcome};
use crate::store::db;

pub async fn init(args: AdminInitArgs) -> Result<()> {
    let pool = db::connect(&args.db.database_url).await?;
    db::migrate(&pool).await?;
    let outcome = bootstrap::init_admin(&pool, &args.base_url, Clock::system().now_ms()).await?;
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
