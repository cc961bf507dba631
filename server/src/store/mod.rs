//! Storage: every SQL statement of the relay, and the mapping between rows and the domain's
//! types (typed ids, text enums), one file per group of tables.
//!
//! Functions take a connection ([`Conn`]): a pooled one for reads, or the handler's write
//! transaction, so an audit row is written in the same transaction as the change it describes.
//! They answer the store's own row structs or `domain::api` types, and `sqlx::Error` for
//! failures (a stored value that does not decode is a `Decode` error: the relay's fault, never
//! the caller's). Nothing here knows about HTTP, sessions or who is asking: those decisions are
//! made by `auth` and `authz` before a function here is called.
//!
//! This module is the seam for a second backend: PostgreSQL means another implementation of
//! these files with the same signatures, and nothing outside `store/` changes.

pub mod assignments;
pub mod audit;
pub mod briefs;
pub mod db;
pub mod devices;
pub mod incidents;
pub mod invites;
pub mod ledger;
pub mod meta;
pub mod org_keys;
pub mod organisations;
pub mod peers;
pub mod pledges;
pub mod profiles;
pub mod programmes;
pub mod referrals;
pub mod sessions;
pub mod users;
pub mod volunteers;

pub use db::{Conn, Pool, PoolConn, Tx, acquire, begin_write};
pub use sqlx::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A nullable `TEXT` column holding a typed id or text enum: `#[sqlx(try_from = "Option<String>")]`
/// on a field of type `Nullable<T>` checks it like a non-null one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nullable<T>(pub Option<T>);

impl<T: TryFrom<String>> TryFrom<Option<String>> for Nullable<T> {
    type Error = T::Error;

    fn try_from(value: Option<String>) -> Result<Self, T::Error> {
        value.map(T::try_from).transpose().map(Nullable)
    }
}

/// A stored public key; a malformed one is the relay's own corruption, reported as a decode
/// error.
fn public_key(bytes: &[u8]) -> Result<domain::keys::PublicKey> {
    domain::keys::PublicKey::from_slice(bytes).map_err(|e| Error::Decode(Box::new(e)))
}

/// A stored identity (an X25519 and an Ed25519 key); a malformed one is the relay's own
/// corruption, reported as a decode error.
fn identity(sealing: &[u8], signing: &[u8]) -> Result<domain::identity::PublicIdentity> {
    Ok(domain::identity::PublicIdentity {
        sealing: public_key(sealing)?,
        signing: domain::signing::VerifyingKey::from_slice(signing)
            .map_err(|e| Error::Decode(Box::new(e)))?,
    })
}

/// An identity stored in two nullable columns, set together (the schema checks it): `None`
/// until it is created.
fn optional_identity(
    sealing: Option<&[u8]>,
    signing: Option<&[u8]>,
) -> Result<Option<domain::identity::PublicIdentity>> {
    match (sealing, signing) {
        (Some(sealing), Some(signing)) => identity(sealing, signing).map(Some),
        _ => Ok(None),
    }
}

/// A stored id or text enum read on its own (`query_scalar`); one that does not parse is the
/// relay's own corruption, reported as a decode error.
fn parse<T: TryFrom<String, Error = domain::Error>>(text: String) -> Result<T> {
    T::try_from(text).map_err(|e| Error::Decode(Box::new(e)))
}
