//! `organisations`: centres and partners, with their public keys.

use domain::api::{OrgKind, Organisation, OrganisationRef};
use domain::ids::OrgId;
use domain::keys::PublicKey;

use super::{Conn, Result};

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    #[sqlx(try_from = "String")]
    id: OrgId,
    #[sqlx(try_from = "String")]
    kind: OrgKind,
    name: String,
    public_key: Option<Vec<u8>>,
    pledge_version: Option<i64>,
}

impl OrganisationRow {
    /// Rows from before organisation keys existed (an old demo database) have none and cannot
    /// be used for anything sealed; they are left out rather than shown with a fake key.
    fn into_api(self) -> Option<Organisation> {
        let public_key = PublicKey::from_slice(self.public_key.as_deref()?).ok()?;
        Some(Organisation {
            id: self.id,
            kind: self.kind,
            name: self.name,
            fingerprint: public_key.fingerprint(),
            public_key,
            pledge_version: self.pledge_version,
        })
    }
}

/// Every organisation that has a key, centres first, by name.
pub async fn list(conn: &mut Conn) -> Result<Vec<Organisation>> {
    let rows: Vec<OrganisationRow> = sqlx::query_as(
        "SELECT o.id, o.kind, o.name, o.public_key, \
         (SELECT MAX(version) FROM pledges p WHERE p.organisation_id = o.id) AS pledge_version \
         FROM organisations o ORDER BY o.kind, o.name",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(OrganisationRow::into_api)
        .collect())
}

pub struct NewOrganisationRow<'a> {
    pub id: &'a OrgId,
    pub kind: OrgKind,
    pub name: &'a str,
    /// `None` only for the demo's organisations, whose keys are added with the demo accounts.
    pub public_key: Option<&'a PublicKey>,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, org: &NewOrganisationRow<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO organisations (id, kind, name, public_key, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(org.id.as_str())
    .bind(org.kind.as_str())
    .bind(org.name)
    .bind(org.public_key.map(|k| k.as_bytes().as_slice()))
    .bind(org.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives an organisation created without a key (the demo's) its key; never replaces one.
pub async fn set_missing_public_key(conn: &mut Conn, id: &OrgId, key: &PublicKey) -> Result<()> {
    sqlx::query("UPDATE organisations SET public_key = ? WHERE id = ? AND public_key IS NULL")
        .bind(key.as_bytes().as_slice())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct RefRow {
    #[sqlx(try_from = "String")]
    id: OrgId,
    #[sqlx(try_from = "String")]
    kind: OrgKind,
    name: String,
}

pub async fn reference(conn: &mut Conn, id: &OrgId) -> Result<Option<OrganisationRef>> {
    let row: Option<RefRow> =
        sqlx::query_as("SELECT id, kind, name FROM organisations WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| OrganisationRef {
        id: r.id,
        kind: r.kind,
        name: r.name,
    }))
}

pub async fn kind_of(conn: &mut Conn, id: &OrgId) -> Result<Option<OrgKind>> {
    Ok(reference(conn, id).await?.map(|o| o.kind))
}

pub async fn count(conn: &mut Conn) -> Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(conn)
        .await
}
