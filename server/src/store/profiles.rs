//! `volunteer_profiles`: a volunteer's matching profile, sealed to the partner only. Only the
//! current version is kept; a new one overwrites it in place (`secure_delete` zeroes the old
//! bytes).

use domain::api::{B64, SealedProfile};
use domain::ids::{OrgId, UserId, VolunteerId};

use super::users::Signers;
use super::{Conn, Result};

/// The current version of a volunteer's profile, 0 if none.
pub async fn version_of(conn: &mut Conn, volunteer: &VolunteerId) -> Result<u32> {
    let found: Option<u32> =
        sqlx::query_scalar("SELECT version FROM volunteer_profiles WHERE volunteer_id = ?")
            .bind(volunteer.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(found.unwrap_or(0))
}

/// Stores `version` if it is the next one (1 for a first profile); `false`, nothing written,
/// otherwise (a stale tab, or another coordinator saved first).
pub async fn put(
    conn: &mut Conn,
    volunteer: &VolunteerId,
    version: u32,
    sealed: &[u8],
    by: &UserId,
    now: i64,
) -> Result<bool> {
    let written = if version == 1 {
        sqlx::query(
            "INSERT INTO volunteer_profiles (volunteer_id, version, sealed, sealed_by, updated_at) \
             VALUES (?, 1, ?, ?, ?) ON CONFLICT (volunteer_id) DO NOTHING",
        )
        .bind(volunteer.as_str())
        .bind(sealed)
        .bind(by.as_str())
        .bind(now)
        .execute(conn)
        .await?
    } else {
        sqlx::query(
            "UPDATE volunteer_profiles SET version = ?1, sealed = ?2, sealed_by = ?3, \
             updated_at = ?4 WHERE volunteer_id = ?5 AND version + 1 = ?1",
        )
        .bind(version)
        .bind(sealed)
        .bind(by.as_str())
        .bind(now)
        .bind(volunteer.as_str())
        .execute(conn)
        .await?
    };
    Ok(written.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    #[sqlx(try_from = "String")]
    volunteer_id: VolunteerId,
    version: u32,
    sealed: Vec<u8>,
    #[sqlx(try_from = "String")]
    sealed_by: UserId,
    updated_at: i64,
}

async fn rows_into_api(conn: &mut Conn, rows: Vec<ProfileRow>) -> Result<Vec<SealedProfile>> {
    let mut signers = Signers::default();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(SealedProfile {
            signer: signers.get(&mut *conn, &r.sealed_by).await?,
            volunteer_id: r.volunteer_id,
            version: r.version,
            sealed: B64(r.sealed),
            updated_at: r.updated_at,
        });
    }
    Ok(out)
}

/// The current profile of each of `partner`'s volunteers who has one.
pub async fn of_partner(conn: &mut Conn, partner: &OrgId) -> Result<Vec<SealedProfile>> {
    let rows: Vec<ProfileRow> = sqlx::query_as(
        "SELECT p.volunteer_id, p.version, p.sealed, p.sealed_by, p.updated_at \
         FROM volunteer_profiles p JOIN volunteers v ON v.id = p.volunteer_id \
         WHERE v.partner_id = ? ORDER BY v.created_at, v.id",
    )
    .bind(partner.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows_into_api(conn, rows).await
}

pub async fn get(conn: &mut Conn, volunteer: &VolunteerId) -> Result<Option<SealedProfile>> {
    let rows: Vec<ProfileRow> = sqlx::query_as(
        "SELECT volunteer_id, version, sealed, sealed_by, updated_at FROM volunteer_profiles \
         WHERE volunteer_id = ?",
    )
    .bind(volunteer.as_str())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows_into_api(conn, rows).await?.into_iter().next())
}
