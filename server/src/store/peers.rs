//! `peer_certificates`: the organisations one works with (sharing a programme), and one
//! organisation's signature over another's identity after a member compared its code.

use domain::api::{B64, OrgKind, PeerOrganisation};
use domain::identity::PublicIdentity;
use domain::ids::{OrgId, UserId};

use super::{Conn, Result, optional_identity};

/// The organisations that share a programme with `organisation` (a centre's partners, a
/// partner's centres), as the SQL fragment both queries below use; `?1` is `organisation`.
const PEERS_OF: &str = "SELECT partner_id FROM programmes WHERE centre_id = ?1 \
     UNION SELECT centre_id FROM programmes WHERE partner_id = ?1";

#[derive(sqlx::FromRow)]
struct PeerRow {
    #[sqlx(try_from = "String")]
    id: OrgId,
    #[sqlx(try_from = "String")]
    kind: OrgKind,
    name: String,
    public_key: Option<Vec<u8>>,
    signing_key: Option<Vec<u8>>,
    certificate: Option<Vec<u8>>,
}

/// `organisation`'s peers, by name, with their identities (once created) and `organisation`'s
/// certificate of each (once a member compared it).
pub async fn of(conn: &mut Conn, organisation: &OrgId) -> Result<Vec<PeerOrganisation>> {
    let rows: Vec<PeerRow> = sqlx::query_as(&format!(
        "SELECT o.id, o.kind, o.name, o.public_key, o.signing_key, c.certificate \
         FROM organisations o \
         LEFT JOIN peer_certificates c ON c.organisation_id = ?1 AND c.peer_id = o.id \
         WHERE o.id IN ({PEERS_OF}) AND o.id <> ?1 ORDER BY o.kind, o.name, o.id"
    ))
    .bind(organisation.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PeerOrganisation {
                identity: optional_identity(r.public_key.as_deref(), r.signing_key.as_deref())?,
                organisation_id: r.id,
                kind: r.kind,
                name: r.name,
                certificate: r.certificate.map(B64),
            })
        })
        .collect()
}

/// A peer with an identity: what a certificate of it must name.
#[derive(Debug, Clone)]
pub struct Peer {
    pub kind: OrgKind,
    pub identity: PublicIdentity,
}

/// `peer` if it shares a programme with `organisation` and has an identity; `None` otherwise
/// (whether it does not exist, is no peer, or has no identity yet).
pub async fn peer_with_identity(
    conn: &mut Conn,
    organisation: &OrgId,
    peer: &OrgId,
) -> Result<Option<Peer>> {
    let row: Option<PeerRow> = sqlx::query_as(&format!(
        "SELECT o.id, o.kind, o.name, o.public_key, o.signing_key, NULL AS certificate \
         FROM organisations o WHERE o.id = ?2 AND o.id IN ({PEERS_OF}) AND o.id <> ?1"
    ))
    .bind(organisation.as_str())
    .bind(peer.as_str())
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let identity = optional_identity(row.public_key.as_deref(), row.signing_key.as_deref())?;
    Ok(identity.map(|identity| Peer {
        kind: row.kind,
        identity,
    }))
}

pub struct NewPeerCertificate<'a> {
    pub organisation_id: &'a OrgId,
    pub peer_id: &'a OrgId,
    pub certificate: &'a [u8],
    pub certified_by: &'a UserId,
    pub certified_at: i64,
}

/// Stores `organisation`'s certificate of `peer`, replacing an earlier one (both verify for the
/// same identities: identities are set once).
pub async fn certify(conn: &mut Conn, c: &NewPeerCertificate<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO peer_certificates (organisation_id, peer_id, certificate, certified_by, \
         certified_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (organisation_id, peer_id) DO UPDATE SET certificate = excluded.certificate, \
         certified_by = excluded.certified_by, certified_at = excluded.certified_at",
    )
    .bind(c.organisation_id.as_str())
    .bind(c.peer_id.as_str())
    .bind(c.certificate)
    .bind(c.certified_by.as_str())
    .bind(c.certified_at)
    .execute(conn)
    .await?;
    Ok(())
}
