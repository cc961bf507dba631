//! `organisations`: centres and partners, with their identities (set once, by the first member).

use domain::api::{OrgKind, Organisation, OrganisationRef};
use domain::identity::PublicIdentity;
use domain::ids::OrgId;

use super::{Conn, Result, optional_identity};

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    #[sqlx(try_from = "String")]
    id: OrgId,
    #[sqlx(try_from = "String")]
    kind: OrgKind,
    name: String,
    public_key: Option<Vec<u8>>,
    signing_key: Option<Vec<u8>>,
    pledge_version: Option<i64>,
}

/// Every organisation, centres first, by name; with its identity once its first member made it.
pub async fn list(conn: &mut Conn) -> Result<Vec<Organisation>> {
    let rows: Vec<OrganisationRow> = sqlx::query_as(
        "SELECT o.id, o.kind, o.name, o.public_key, o.signing_key, \
         (SELECT MAX(version) FROM pledges p WHERE p.organisation_id = o.id) AS pledge_version \
         FROM organisations o ORDER BY o.kind, o.name",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Organisation {
                identity: optional_identity(r.public_key.as_deref(), r.signing_key.as_deref())?,
                id: r.id,
                kind: r.kind,
                name: r.name,
                pledge_version: r.pledge_version,
            })
        })
        .collect()
}

pub struct NewOrganisationRow<'a> {
    pub id: &'a OrgId,
    pub kind: OrgKind,
    pub name: &'a str,
    pub created_at: i64,
}

/// An organisation without an identity: admins make none (its first member does).
pub async fn insert(conn: &mut Conn, org: &NewOrganisationRow<'_>) -> Result<()> {
    sqlx::query("INSERT INTO organisations (id, kind, name, created_at) VALUES (?, ?, ?, ?)")
        .bind(org.id.as_str())
        .bind(org.kind.as_str())
        .bind(org.name)
        .bind(org.created_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets an organisation's identity if it has none; `false` if it already had one (someone else
/// created it first). Never replaces one (the schema refuses that too).
pub async fn set_identity(conn: &mut Conn, id: &OrgId, identity: &PublicIdentity) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE organisations SET public_key = ?, signing_key = ? \
         WHERE id = ? AND public_key IS NULL AND signing_key IS NULL",
    )
    .bind(identity.sealing.as_bytes().as_slice())
    .bind(identity.signing.as_bytes().as_slice())
    .bind(id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

#[derive(sqlx::FromRow)]
struct RefRow {
    #[sqlx(try_from = "String")]
    id: OrgId,
    #[sqlx(try_from = "String")]
    kind: OrgKind,
    name: String,
    public_key: Option<Vec<u8>>,
    signing_key: Option<Vec<u8>>,
}

pub async fn reference(conn: &mut Conn, id: &OrgId) -> Result<Option<OrganisationRef>> {
    let row: Option<RefRow> = sqlx::query_as(
        "SELECT id, kind, name, public_key, signing_key FROM organisations WHERE id = ?",
    )
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(OrganisationRef {
            identity: optional_identity(r.public_key.as_deref(), r.signing_key.as_deref())?,
            id: r.id,
            kind: r.kind,
            name: r.name,
        })
    })
    .transpose()
}

pub async fn kind_of(conn: &mut Conn, id: &OrgId) -> Result<Option<OrgKind>> {
    Ok(reference(conn, id).await?.map(|o| o.kind))
}

/// An organisation's identity: `None` if the organisation does not exist or has none yet.
pub async fn identity_of(conn: &mut Conn, id: &OrgId) -> Result<Option<PublicIdentity>> {
    Ok(reference(conn, id).await?.and_then(|o| o.identity))
}

pub async fn count(conn: &mut Conn) -> Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(conn)
        .await
}
