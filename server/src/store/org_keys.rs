//! `org_keys`: an organisation's private key sealed to each of its holders, and the members
//! still waiting for their copy.

use domain::api::{B64, PendingGrant, SealedOrgKey};
use domain::ids::{OrgId, UserId};
use domain::keys::PublicKey;

use super::{Conn, Result, public_key};

pub struct NewOrgKey<'a> {
    pub organisation_id: &'a OrgId,
    pub holder: &'a UserId,
    pub sealed_private_key: &'a [u8],
    pub granted_by: &'a UserId,
    pub granted_at: i64,
}

pub async fn insert(conn: &mut Conn, grant: &NewOrgKey<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO org_keys (organisation_id, user_id, sealed_private_key, granted_by, granted_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(grant.organisation_id.as_str())
    .bind(grant.holder.as_str())
    .bind(grant.sealed_private_key)
    .bind(grant.granted_by.as_str())
    .bind(grant.granted_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts unless the holder already has a copy; `true` if this call inserted it.
pub async fn insert_if_absent(conn: &mut Conn, grant: &NewOrgKey<'_>) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT OR IGNORE INTO org_keys (organisation_id, user_id, sealed_private_key, granted_by, \
         granted_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(grant.organisation_id.as_str())
    .bind(grant.holder.as_str())
    .bind(grant.sealed_private_key)
    .bind(grant.granted_by.as_str())
    .bind(grant.granted_at)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Deletes every copy of every organisation key sealed to `holder` (a disabled account keeps
/// none); answers how many there were.
pub async fn delete_for_user(conn: &mut Conn, holder: &UserId) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM org_keys WHERE user_id = ?")
        .bind(holder.as_str())
        .execute(conn)
        .await?
        .rows_affected())
}

#[derive(sqlx::FromRow)]
struct SealedRow {
    #[sqlx(try_from = "String")]
    organisation_id: OrgId,
    public_key: Vec<u8>,
    sealed_private_key: Vec<u8>,
}

/// Every organisation key sealed to `holder`.
pub async fn sealed_to(conn: &mut Conn, holder: &UserId) -> Result<Vec<SealedOrgKey>> {
    let rows: Vec<SealedRow> = sqlx::query_as(
        "SELECT k.organisation_id, o.public_key, k.sealed_private_key FROM org_keys k \
         JOIN organisations o ON o.id = k.organisation_id \
         WHERE k.user_id = ? AND o.public_key IS NOT NULL ORDER BY k.organisation_id",
    )
    .bind(holder.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(SealedOrgKey {
                organisation_id: r.organisation_id,
                organisation_public_key: public_key(&r.public_key)?,
                sealed_private_key: B64(r.sealed_private_key),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    #[sqlx(try_from = "String")]
    organisation_id: OrgId,
    #[sqlx(try_from = "String")]
    id: UserId,
    display_name: String,
    public_key: Vec<u8>,
}

/// Confirmed, active members of the organisations whose key `holder` holds, who have no copy
/// yet: the grants `holder`'s browser can make.
pub async fn pending_for(conn: &mut Conn, holder: &UserId) -> Result<Vec<PendingGrant>> {
    let rows: Vec<PendingRow> = sqlx::query_as(
        "SELECT u.organisation_id, u.id, u.display_name, u.public_key FROM users u \
         JOIN org_keys mine ON mine.organisation_id = u.organisation_id AND mine.user_id = ? \
         WHERE u.disabled_at IS NULL AND u.totp_confirmed = 1 AND NOT EXISTS \
         (SELECT 1 FROM org_keys k WHERE k.organisation_id = u.organisation_id AND k.user_id = u.id) \
         ORDER BY u.organisation_id, u.created_at",
    )
    .bind(holder.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PendingGrant {
                organisation_id: r.organisation_id,
                user_id: r.id,
                display_name: r.display_name,
                public_key: public_key(&r.public_key)?,
            })
        })
        .collect()
}

/// The public key of organisation `id` if `holder` holds its private key.
pub async fn key_held_by(
    conn: &mut Conn,
    id: &OrgId,
    holder: &UserId,
) -> Result<Option<PublicKey>> {
    let key: Option<Option<Vec<u8>>> = sqlx::query_scalar(
        "SELECT o.public_key FROM organisations o \
         JOIN org_keys k ON k.organisation_id = o.id AND k.user_id = ? WHERE o.id = ?",
    )
    .bind(holder.as_str())
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(key.flatten().and_then(|k| PublicKey::from_slice(&k).ok()))
}

/// The public key of `user` if they are a confirmed, active member of `organisation_id`
/// without a copy of its key.
pub async fn pending_member_key(
    conn: &mut Conn,
    organisation_id: &OrgId,
    user: &UserId,
) -> Result<Option<PublicKey>> {
    let key: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT u.public_key FROM users u WHERE u.id = ? AND u.organisation_id = ? \
         AND u.disabled_at IS NULL AND u.totp_confirmed = 1 AND NOT EXISTS \
         (SELECT 1 FROM org_keys k WHERE k.organisation_id = u.organisation_id AND k.user_id = u.id)",
    )
    .bind(user.as_str())
    .bind(organisation_id.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(key.and_then(|k| PublicKey::from_slice(&k).ok()))
}
