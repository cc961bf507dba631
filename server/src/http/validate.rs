//! Input checks the relay makes beyond `domain::rules` (which it shares with the app's forms):
//! the shapes of keys and secrets the browser derived. Every failure is a plain `invalid_body`
//! 400: the message never says which value was wrong, because values may be personal data.

use domain::ids::UserId;
use domain::keys::PublicKey;

use super::{Result, ServerError};

/// A 32-byte value from the browser (login secret, PIN proof, device credential, signing key).
pub fn bytes32(value: &[u8]) -> Result<[u8; 32]> {
    value.try_into().map_err(|_| ServerError::InvalidBody)
}

/// An X25519 public key that can be used: not a point of small order, in any encoding
/// (`domain::keys::PublicKey::check`). JSON bodies are already checked as they are parsed; this
/// says so where a handler accepts a key, and covers keys that arrive another way.
pub fn public_key(key: &PublicKey) -> Result<()> {
    key.check().map_err(|_| ServerError::InvalidBody)
}

/// The largest sealed org key we accept: one recipient's envelope of a 32-byte key is a few
/// hundred bytes.
pub const MAX_SEALED_ORG_KEY: usize = 4096;

/// A sealed org key must be an envelope under [`domain::api::org_key_binding`] for `org_key`,
/// from `sender`, to exactly `holder`. The relay cannot open it, but it can refuse one that its
/// holder could never open (sealed to someone else, or claiming to be another key).
pub fn sealed_org_key(
    sealed: &[u8],
    org_key: &PublicKey,
    sender: &UserId,
    holder: &PublicKey,
) -> Result<()> {
    if sealed.len() > MAX_SEALED_ORG_KEY {
        return Err(ServerError::InvalidBody);
    }
    let header = domain::envelope::inspect(sealed).map_err(|_| ServerError::InvalidBody)?;
    let ok = header.binding == domain::api::org_key_binding(org_key)
        && header.sender == sender.as_str()
        && header.recipients == [holder.key_id()];
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}
