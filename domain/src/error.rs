//! The one error type of the crate.
//!
//! Messages are fixed strings: they may end up in logs and HTTP answers, so they never carry key
//! material, plaintext, identifiers or the reason an AEAD rejected its input.

/// Every way the crypto core can refuse an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes do not follow the documented layout (short, trailing bytes, bad length, bad UTF-8).
    #[error("malformed input")]
    Malformed,
    /// The leading format version byte is one this build does not know.
    #[error("unsupported format version {0}")]
    UnsupportedVersion(u8),
    /// The algorithm suite or blob kind byte is one this build does not know.
    #[error("unsupported algorithm")]
    UnsupportedAlgorithm,
    /// The caller's key is not among the envelope's recipients.
    #[error("not a recipient")]
    NotARecipient,
    /// An authenticated decryption failed. Deliberately says nothing about why: wrong key, wrong
    /// PIN, wrong share and a flipped bit must be indistinguishable to whoever sees the error.
    #[error("decryption failed")]
    Decrypt,
    /// A signature does not verify: the envelope (or statement) was changed after signing, or
    /// was never signed by the key it names.
    #[error("signature does not verify")]
    BadSignature,
    /// The envelope names a sender, or a sender key, other than the one the opener trusts for it.
    #[error("envelope from an untrusted sender")]
    UntrustedSender,
    /// An older version of an object than one already opened: a replay.
    #[error("older version than one already opened")]
    Rollback,
    /// The envelope was sealed for another object (kind, id or version).
    #[error("envelope belongs to another object")]
    WrongObject,
    /// More recipients than [`crate::envelope::MAX_RECIPIENTS`].
    #[error("too many recipients")]
    TooManyRecipients,
    /// The caller passed an argument outside the documented limits (empty or over-long id, no
    /// recipients, duplicate recipients, over-long plaintext).
    #[error("invalid input")]
    InvalidInput,
    /// A public key that cannot be used for key agreement (a low-order point).
    #[error("invalid key")]
    InvalidKey,
    /// Key-derivation parameters below the floor this build accepts.
    #[error("key derivation parameters too weak")]
    WeakParams,
    /// The audit chain does not verify; `position` is the 0-based index of the first bad event in
    /// the slice that was checked.
    #[error("audit chain broken at position {position}")]
    AuditChainBroken { position: u64 },
    /// The audit chain verifies but ends before the checkpoint it was compared with.
    #[error("audit log truncated")]
    Truncated,
    /// The platform's random number generator failed.
    #[error("randomness unavailable")]
    Randomness,
}

pub type Result<T> = core::result::Result<T, Error>;
