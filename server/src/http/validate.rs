//! Input checks the relay makes beyond `domain::rules` (which it shares with the app's forms):
//! the shapes of keys and secrets the browser derived, and the envelopes and certificates it
//! uploads. Every failure is a plain `invalid_body` 400: the message never says which value was
//! wrong, because values may be personal data.
//!
//! The relay cannot open an envelope or make a certificate, but it can verify both, so it refuses
//! garbage: an envelope not signed by the uploader's registered key, naming another object or
//! sealed to someone its stated holder is not, or a certificate the organisation did not sign.
//! Browsers never rely on these checks (they verify everything themselves); they keep a buggy or
//! hostile client from filling the directory with entries nobody can use.

use domain::api::B64;
use domain::envelope::{self, ObjectBinding};
use domain::identity::PublicIdentity;
use domain::ids::UserId;
use domain::keys::PublicKey;
use domain::signing::{SIGNATURE_LEN, VerifyingKey};
use domain::trust::Statement;

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

/// An identity someone registers or creates: both halves usable. The Ed25519 half was already
/// checked (a valid, not weak, point) when the JSON was parsed (`VerifyingKey`'s `Deserialize`).
pub fn identity(identity: &PublicIdentity) -> Result<()> {
    public_key(&identity.sealing)?;
    domain::signing::check_public_key(identity.signing.as_bytes())
        .map_err(|_| ServerError::InvalidBody)
}

/// An organisation's seed sealed to one holder: a few hundred bytes.
pub const MAX_SEALED_ORG_KEY: usize = 4096;
/// A member's pins: a list of organisations they verified.
pub const MAX_SEALED_PINS: usize = 64 * 1024;
/// An invitation's binding secret sealed to the partner.
pub const MAX_SEALED_SECRET: usize = 4096;
/// An incident note: at most `domain::rules::NOTE` characters of UTF-8.
pub const MAX_SEALED_NOTE: usize = 8192;
/// The largest plaintext an incident note can be.
pub const MAX_NOTE_BYTES: usize = 4 * *domain::rules::NOTE.end();
/// A referral's content: every typed field at its longest fits, with room for the household.
pub const MAX_SEALED_REFERRAL: usize = 128 * 1024;
/// A volunteer's matching profile.
pub const MAX_SEALED_PROFILE: usize = 48 * 1024;
/// A brief: the released fields, instructions and cautions, plus one slot per phone.
pub const MAX_SEALED_BRIEF: usize = 160 * 1024;
/// A decline's reason or a conflict override's reasons, sealed to both organisations.
pub const MAX_SEALED_CASE_NOTE: usize = 24 * 1024;
/// The largest plaintext such a reason can be.
pub const MAX_CASE_NOTE_BYTES: usize = 16 * 1024;

/// What an uploaded envelope must be: for this object, from this member with the signing key
/// the relay registered for them, sealed to exactly one recipient.
pub struct Sealed<'a> {
    pub binding: ObjectBinding,
    pub sender: &'a UserId,
    pub sender_key: &'a VerifyingKey,
    pub recipient: &'a PublicKey,
    /// Envelope bytes at most.
    pub max_len: usize,
    /// Plaintext bytes: exactly, or at most.
    pub plaintext: PlaintextLen,
}

#[derive(Debug, Clone, Copy)]
pub enum PlaintextLen {
    Exactly(usize),
    AtMost(usize),
}

/// Bytes the AEAD tag adds to the plaintext in `EnvelopeHeader::ciphertext_len`.
const TAG_LEN: usize = 16;

/// Checks an uploaded envelope against what it must be: the sender's signature over every byte
/// (by the key the header names), then that the header names the expected object, sender,
/// sender key and recipient, and a plausible plaintext length.
pub fn sealed(bytes: &[u8], expected: &Sealed<'_>) -> Result<()> {
    sealed_to_all(
        bytes,
        &SealedToAll {
            binding: &expected.binding,
            sender: expected.sender,
            sender_key: expected.sender_key,
            recipients: std::slice::from_ref(expected.recipient),
            max_len: expected.max_len,
            plaintext: expected.plaintext,
        },
    )
}

/// What an uploaded envelope sealed to several recipients must be: [`Sealed`] with a set of
/// recipients (a referral to both organisations, a brief to both and to each listed phone).
pub struct SealedToAll<'a> {
    pub binding: &'a ObjectBinding,
    pub sender: &'a UserId,
    pub sender_key: &'a VerifyingKey,
    /// Exactly these, each once, in any order: a recipient missing could not read it, and an
    /// extra one could read what it may not.
    pub recipients: &'a [PublicKey],
    pub max_len: usize,
    pub plaintext: PlaintextLen,
}

/// [`sealed`] for a set of recipients.
pub fn sealed_to_all(bytes: &[u8], expected: &SealedToAll<'_>) -> Result<()> {
    if bytes.len() > expected.max_len {
        return Err(ServerError::InvalidBody);
    }
    let header = envelope::verify_sender_signature(bytes).map_err(|_| ServerError::InvalidBody)?;
    let plaintext_len = header.ciphertext_len.checked_sub(TAG_LEN);
    let length_ok = match (expected.plaintext, plaintext_len) {
        (PlaintextLen::Exactly(n), Some(len)) => len == n,
        (PlaintextLen::AtMost(n), Some(len)) => len <= n,
        (_, None) => false,
    };
    let mut sent = header.recipients.clone();
    sent.sort_unstable();
    let mut wanted: Vec<_> = expected.recipients.iter().map(PublicKey::key_id).collect();
    wanted.sort_unstable();
    let ok = length_ok
        && header.binding == *expected.binding
        && header.sender == expected.sender.as_str()
        && header.sender_key == *expected.sender_key
        && sent == wanted
        && !wanted.windows(2).any(|pair| pair[0] == pair[1]);
    ok.then_some(()).ok_or(ServerError::InvalidBody)
}

/// A certificate (`domain::trust`) that must verify for `statement` under the identity of the
/// organisation that signs it; answers the 64 bytes to store.
pub fn certificate(
    certificate: &B64,
    statement: &Statement<'_>,
    organisation: &PublicIdentity,
) -> Result<[u8; SIGNATURE_LEN]> {
    let bytes: [u8; SIGNATURE_LEN] = certificate
        .0
        .as_slice()
        .try_into()
        .map_err(|_| ServerError::InvalidBody)?;
    statement
        .verify(organisation, &bytes)
        .map_err(|_| ServerError::InvalidBody)?;
    Ok(bytes)
}
