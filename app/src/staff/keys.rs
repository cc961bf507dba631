//! Organisation keys in the staff browser: made by the admin, opened after sign-in, and handed on
//! to members who still lack them. The relay stores only envelopes it cannot open.
//!
//! Every browser must agree on the binding of an org-key envelope: `domain::api::org_key_binding`
//! (kind `OrgKey`, object id = the hex key id of the organisation's public key, version 1), the
//! plaintext being the 32 secret bytes.

use domain::api::{B64, KeyGrant, PendingGrant, SealedOrgKey, org_key_binding};
use domain::envelope;
use domain::ids::{OrgId, UserId};
use domain::keys::{KeyPair, PublicKey, SecretKey};

use crate::api;
use crate::error::AppError;

/// An organisation's key pair, held in memory only while signed in.
#[derive(Clone)]
pub struct OrgKey {
    pub organisation_id: OrgId,
    pub public: PublicKey,
    pub secret: SecretKey,
}

/// Seals an org secret key to one member.
pub fn seal_org_key(
    org_public: &PublicKey,
    org_secret: &SecretKey,
    sender: &UserId,
    recipient: &PublicKey,
) -> Result<Vec<u8>, AppError> {
    Ok(envelope::seal(
        &org_key_binding(org_public),
        sender.as_str(),
        &[*recipient],
        org_secret.to_bytes().as_slice(),
    )?)
}

/// Opens one sealed org key and checks that it really is the secret half of the announced
/// public key (a relay swapping envelopes between organisations fails here).
pub fn open_org_key(sealed: &SealedOrgKey, my_secret: &SecretKey) -> Result<OrgKey, AppError> {
    let plain = envelope::open(
        &org_key_binding(&sealed.organisation_public_key),
        my_secret,
        &sealed.sealed_private_key.0,
    )?;
    let secret = SecretKey::from_slice(&plain)?;
    if secret.public_key() != sealed.organisation_public_key {
        return Err(AppError::Crypto);
    }
    Ok(OrgKey {
        organisation_id: sealed.organisation_id.clone(),
        public: sealed.organisation_public_key,
        secret,
    })
}

/// `GET /api/keys/mine`, opened. An envelope that does not open is skipped rather than locking
/// the person out of everything else.
pub async fn fetch_my_org_keys(my_secret: &SecretKey) -> Result<Vec<OrgKey>, AppError> {
    let sealed = api::keys::mine().await?;
    Ok(sealed
        .iter()
        .filter_map(|s| open_org_key(s, my_secret).ok())
        .collect())
}

/// Seals each pending org key to the member who lacks it. Returns how many were handed on.
pub async fn run_pending_grants(org_keys: &[OrgKey], sender: &UserId) -> Result<usize, AppError> {
    if org_keys.is_empty() {
        return Ok(0);
    }
    let pending: Vec<PendingGrant> = api::keys::pending().await?;
    let mut granted = 0;
    for grant in pending {
        let Some(key) = org_keys
            .iter()
            .find(|k| k.organisation_id == grant.organisation_id)
        else {
            continue;
        };
        let sealed = seal_org_key(&key.public, &key.secret, sender, &grant.public_key)?;
        let body = KeyGrant {
            organisation_id: grant.organisation_id.clone(),
            user_id: grant.user_id.clone(),
            sealed_private_key: B64(sealed),
        };
        api::keys::grant(&body).await?;
        granted += 1;
    }
    Ok(granted)
}

/// A new organisation key pair, its secret sealed to the admin's own public key.
pub fn new_org_key(
    admin_public: &PublicKey,
    sender: &UserId,
) -> Result<(KeyPair, Vec<u8>), AppError> {
    let pair = KeyPair::generate()?;
    let sealed = seal_org_key(&pair.public(), pair.secret(), sender, admin_public)?;
    Ok((pair, sealed))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_org_key_sealed_to_a_member_opens_for_that_member_only() {
        let admin = KeyPair::generate().unwrap();
        let member = KeyPair::generate().unwrap();
        let admin_id = UserId::random().unwrap();
        let (org, sealed_admin) = new_org_key(&admin.public(), &admin_id).unwrap();
        let mine = SealedOrgKey {
            organisation_id: OrgId::random().unwrap(),
            organisation_public_key: org.public(),
            sealed_private_key: B64(sealed_admin.clone()),
        };
        let opened = open_org_key(&mine, admin.secret()).unwrap();
        assert_eq!(opened.public, org.public());
        assert!(open_org_key(&mine, member.secret()).is_err());

        let to_member =
            seal_org_key(&opened.public, &opened.secret, &admin_id, &member.public()).unwrap();
        let theirs = SealedOrgKey {
            sealed_private_key: B64(to_member),
            ..mine.clone()
        };
        assert_eq!(
            open_org_key(&theirs, member.secret()).unwrap().secret,
            *org.secret()
        );

        // Announced under another organisation's public key: refused.
        let other = KeyPair::generate().unwrap();
        let swapped = SealedOrgKey {
            organisation_public_key: other.public(),
            ..mine
        };
        assert!(open_org_key(&swapped, admin.secret()).is_err());
    }
}
