//! Organisation keys: the copies sealed to me, the members still waiting for one, granting.

use serde::{Deserialize, Serialize};

use super::B64;
use crate::envelope::{ObjectBinding, ObjectKind};
use crate::ids::{OrgId, UserId};
use crate::keys::PublicKey;

/// `GET /api/keys/mine`: each organisation key sealed to me.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedOrgKey {
    pub organisation_id: OrgId,
    pub organisation_public_key: PublicKey,
    pub sealed_private_key: B64,
}

/// `GET /api/keys/pending`: members of organisations whose key I hold who still lack it; my
/// browser seals it to them (`POST /api/keys/grants`, [`KeyGrant`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingGrant {
    pub organisation_id: OrgId,
    pub user_id: UserId,
    pub display_name: String,
    pub public_key: PublicKey,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyGrant {
    pub organisation_id: OrgId,
    pub user_id: UserId,
    pub sealed_private_key: B64,
}

/// The binding under which an organisation's private key is sealed to one holder, in
/// [`super::NewOrganisation::sealed_private_key`], [`KeyGrant::sealed_private_key`] and
/// [`SealedOrgKey::sealed_private_key`]: kind `OrgKey`, object id = the organisation public key's
/// [`crate::keys::KeyId`] in hex, version 1. The envelope's sender is the sealing user's id and
/// its only recipient the holder's public key; the plaintext is the 32-byte private key. Binding
/// to the key id rather than the organisation id lets the admin's browser seal before the relay
/// has assigned an id, and a sealed key can only ever open as the key it claims to be.
pub fn org_key_binding(org_public_key: &PublicKey) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::OrgKey, org_public_key.key_id().to_hex(), 1)
}
