//! `meta`: small key/value facts about the database itself (the audit head, markers of what
//! the demo seeding did, the secret behind made-up login parameters).

use super::{Conn, Result};

pub async fn get(conn: &mut Conn, key: &str) -> Result<Option<String>> {
    sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// Stores `value` unless `key` already has one; `true` if this call stored it. The first writer
/// wins, so two processes racing to create a value agree on one.
pub async fn insert_if_absent(conn: &mut Conn, key: &str, value: &str) -> Result<bool> {
    let inserted = sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(inserted == 1)
}

pub async fn put(conn: &mut Conn, key: &str, value: &str) -> Result<()> {
    sqlx::query("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}
