//! What every command that acts on the relay's data does first: connect, migrate, and open the
//! key file against the database (`keyfile::open`).

use std::sync::Arc;

use super::args::{DbArgs, KeyArgs};
use crate::auth::totp;
use crate::http::Result;
use crate::keyfile::{self, IfMissing, RelayKeys};
use crate::store::{Pool, db};

/// The database, migrated, with its keys; any TOTP secret still stored in the clear (from
/// before migration 0003) is sealed on the way.
pub async fn relay(
    db_args: &DbArgs,
    key: &KeyArgs,
    if_missing: IfMissing,
) -> Result<(Pool, Arc<RelayKeys>)> {
    let pool = db::connect(&db_args.database_url).await?;
    db::migrate(&pool).await?;
    let keys = keyfile::open(&pool, &key.key_file, if_missing).await?;
    let sealed = totp::seal_unsealed(&pool, &keys).await?;
    if sealed > 0 {
        tracing::info!(accounts = sealed, "sealed TOTP secrets stored in the clear");
    }
    Ok((pool, Arc::new(keys)))
}
