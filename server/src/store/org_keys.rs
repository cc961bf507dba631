//! `org_keys`: an organisation's identity seed sealed to each of its holders, by the member who
//! confirmed them (or by themself, for the member who created the identity). Rows are only ever
//! added by a holder's deliberate act; nothing here lists "pending" members to grant to.

use domain::api::{B64, SealedOrgKey};
use domain::identity::PublicIdentity;
use domain::ids::{OrgId, UserId};

use super::{Conn, Result, identity};

pub struct NewOrgKey<'a> {
    pub organisation_id: &'a OrgId,
    pub holder: &'a UserId,
    pub sealed_seed: &'a [u8],
    pub granted_by: &'a UserId,
    pub granted_at: i64,
}

/// Inserts unless the holder already has a copy; `true` if this call inserted it.
pub async fn insert_if_absent(conn: &mut Conn, grant: &NewOrgKey<'_>) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO org_keys (organisation_id, user_id, sealed_seed, granted_by, granted_at) \
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (organisation_id, user_id) DO NOTHING",
    )
    .bind(grant.organisation_id.as_str())
    .bind(grant.holder.as_str())
    .bind(grant.sealed_seed)
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
    org_public_key: Vec<u8>,
    org_signing_key: Vec<u8>,
    sealed_seed: Vec<u8>,
    #[sqlx(try_from = "String")]
    granted_by: UserId,
    granter_public_key: Vec<u8>,
    granter_signing_key: Vec<u8>,
}

/// The seed of `organisation` sealed to `holder`, with the identities the holder's browser
/// checks it against (0 or 1 entries).
pub async fn sealed_to(
    conn: &mut Conn,
    organisation: &OrgId,
    holder: &UserId,
) -> Result<Vec<SealedOrgKey>> {
    let rows: Vec<SealedRow> = sqlx::query_as(
        "SELECT k.organisation_id, o.public_key AS org_public_key, \
         o.signing_key AS org_signing_key, k.sealed_seed, k.granted_by, \
         g.public_key AS granter_public_key, g.signing_key AS granter_signing_key \
         FROM org_keys k JOIN organisations o ON o.id = k.organisation_id \
         JOIN users g ON g.id = k.granted_by \
         WHERE k.user_id = ? AND k.organisation_id = ? \
         AND o.public_key IS NOT NULL AND o.signing_key IS NOT NULL \
         AND g.signing_key IS NOT NULL",
    )
    .bind(holder.as_str())
    .bind(organisation.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(SealedOrgKey {
                organisation_id: r.organisation_id,
                organisation_identity: identity(&r.org_public_key, &r.org_signing_key)?,
                sealed_seed: B64(r.sealed_seed),
                granted_by: r.granted_by,
                granter_identity: identity(&r.granter_public_key, &r.granter_signing_key)?,
            })
        })
        .collect()
}

/// The identity of organisation `id` if it has one and `holder` holds a sealed copy of its seed.
pub async fn identity_held_by(
    conn: &mut Conn,
    id: &OrgId,
    holder: &UserId,
) -> Result<Option<PublicIdentity>> {
    let row: Option<(Vec<u8>, Vec<u8>)> = sqlx::query_as(
        "SELECT o.public_key, o.signing_key FROM organisations o \
         JOIN org_keys k ON k.organisation_id = o.id AND k.user_id = ? \
         WHERE o.id = ? AND o.public_key IS NOT NULL AND o.signing_key IS NOT NULL",
    )
    .bind(holder.as_str())
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|(sealing, signing)| identity(&sealing, &signing))
        .transpose()
}
