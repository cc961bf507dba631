//! Storage: the embedded SQLite database (WAL mode) and its migrations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::error::Result;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) the database. WAL lets readers proceed while a report is written;
/// `synchronous = NORMAL` is durable across application crashes in WAL mode, which is what
/// "nothing lost" needs from the relay once it has acknowledged a write.
pub async fn connect(url: &str) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(parent) = options.get_filename().parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    Ok(pool)
}

pub async fn migrate(pool: &SqlitePool) -> Result<()> {
    MIGRATOR.run(pool).await?;
    Ok(())
}

/// A write transaction that takes SQLite's write lock at `BEGIN`. A deferred transaction that
/// reads first and writes later fails with `SQLITE_BUSY` (not a wait) when another writer
/// committed in between; taking the lock up front makes such transactions queue on
/// `busy_timeout` instead, and makes read-then-write sequences (the audit chain's head, the PIN
/// failure counter, one-time invites) atomic.
pub async fn begin_write(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// Highest successfully applied migration, reported by `/api/health`.
pub async fn schema_version(pool: &SqlitePool) -> Result<i64> {
    let version: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await?;
    Ok(version)
}
