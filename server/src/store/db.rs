//! The SQLite backend: connecting (WAL), migrations, write transactions, and the connection
//! types every `store` function takes. This file and the rest of `store/` are the only places
//! that know the database is SQLite; a PostgreSQL backend is a second implementation of them.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::Result;

/// The database engine, for code that must name it (row types, `FromRow` bounds).
pub type Db = sqlx::Sqlite;
/// A pool of connections: what the state holds.
pub type Pool = sqlx::Pool<Db>;
/// One connection: what every `store` function takes, so a handler can pass a pooled
/// connection for reads or its write transaction, and an audit row lands in the same
/// transaction as the change it describes.
pub type Conn = sqlx::SqliteConnection;
/// A write transaction ([`begin_write`]).
pub type Tx = sqlx::Transaction<'static, Db>;
/// A connection borrowed from the pool.
pub type PoolConn = sqlx::pool::PoolConnection<Db>;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) the database. WAL lets readers proceed while a report is written;
/// `synchronous = NORMAL` is durable across application crashes in WAL mode, which is what
/// "nothing lost" needs from the relay once it has acknowledged a write.
///
/// `secure_delete = ON` on every connection: SQLite otherwise leaves the bytes of a deleted or
/// overwritten value in the page's free space, where a copy of the file still finds them. With
/// it, freed space is zeroed, so the server share S of a revoked, lost or locked phone is gone
/// from the pages the moment the destroying transaction writes them (and [`purge_wal`] removes
/// the older page images from the WAL).
pub async fn connect(url: &str) -> Result<Pool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .pragma("secure_delete", "ON")
        .busy_timeout(Duration::from_secs(5));
    if let Some(parent) = options.get_filename().parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
}

pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// A connection for reads.
pub async fn acquire(pool: &Pool) -> Result<PoolConn> {
    pool.acquire().await
}

/// A write transaction that takes SQLite's write lock at `BEGIN`. A deferred transaction that
/// reads first and writes later fails with `SQLITE_BUSY` (not a wait) when another writer
/// committed in between; taking the lock up front makes such transactions queue on
/// `busy_timeout` instead, and makes read-then-write sequences (the audit chain's head, the PIN
/// failure counter, one-time invites) atomic.
pub async fn begin_write(pool: &Pool) -> Result<Tx> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Copies every committed page from the WAL into the database file and truncates the WAL to
/// zero bytes (`wal_checkpoint(TRUNCATE)`), so page images written before a secret was destroyed
/// (every update of a device row rewrote the page with S in it) are gone from the WAL file too.
/// Waits up to the busy timeout for readers; `false` if some were still reading old pages, in
/// which case the WAL still holds them and the caller should try again.
pub async fn purge_wal(pool: &Pool) -> Result<bool> {
    let (busy, _log, _checkpointed): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(pool)
            .await?;
    Ok(busy == 0)
}

/// [`purge_wal`] after a transaction that destroyed a secret has committed. The destruction
/// already stands (the share is NULL and its page zeroed); this only clears the WAL's older page
/// images, so it never fails the request: a checkpoint blocked by readers is retried in the
/// background for a while, and only a warning is logged if it never gets through.
pub async fn purge_wal_soon(pool: &Pool) {
    if matches!(purge_wal(pool).await, Ok(true)) {
        return;
    }
    let pool = pool.clone();
    tokio::spawn(async move {
        for _ in 0..30 {
            tokio::time::sleep(Duration::from_secs(2)).await;
            if matches!(purge_wal(&pool).await, Ok(true)) {
                return;
            }
        }
        tracing::warn!("the WAL could not be checkpointed after a secret was destroyed");
    });
}

/// Highest successfully applied migration, reported by `/api/health`.
pub async fn schema_version(conn: &mut Conn) -> Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pooled connection zeroes what it frees: S is destroyed on whichever connection the
    /// destroying transaction happens to get.
    #[tokio::test]
    async fn every_connection_has_secure_delete() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let pool = connect(&url).await?;
        let mut held = Vec::new();
        for _ in 0..4 {
            let mut conn = pool.acquire().await?;
            let on: i64 = sqlx::query_scalar("PRAGMA secure_delete")
                .fetch_one(&mut *conn)
                .await?;
            assert_eq!(on, 1);
            held.push(conn);
        }
        drop(held);
        assert!(purge_wal(&pool).await?);
        Ok(())
    }
}
