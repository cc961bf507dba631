//! `audit_events`: the rows of the hash chain. The chain itself (hashing, verifying) is
//! `crate::audit` over `domain::audit`; this file only reads and appends rows.

use super::{Conn, Result};

/// One stored link of the chain, as it is in the table.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub detail: String,
    pub hash: Vec<u8>,
}

/// The last row's sequence number and hash, if any.
pub async fn head(conn: &mut Conn) -> Result<Option<(i64, Vec<u8>)>> {
    sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        .fetch_optional(conn)
        .await
}

pub async fn insert(conn: &mut Conn, row: &AuditRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, object, detail, hash) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(row.seq)
    .bind(row.at)
    .bind(&row.actor)
    .bind(&row.action)
    .bind(&row.object)
    .bind(&row.detail)
    .bind(&row.hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every row, in chain order.
pub async fn all(conn: &mut Conn) -> Result<Vec<AuditRow>> {
    sqlx::query_as(
        "SELECT seq, at, actor, action, object, detail, hash FROM audit_events ORDER BY seq",
    )
    .fetch_all(conn)
    .await
}
