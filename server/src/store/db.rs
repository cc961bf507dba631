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
pub async fn connect(url: &str) -> Result<Pool> {
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

/// Highest successfully applied migration, reported by `/api/health`.
pub async fn schema_version(conn: &mut Conn) -> Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(conn)
        .await
}
