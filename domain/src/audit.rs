//! The append-only audit log's hash chain.
//!
//! ```text
//! hash_0 = GENESIS = SHA-256(len ‖ "yorisoi/v1/audit-genesis")
//! hash_i = SHA-256(hash_{i-1} ‖ encode(event_i))
//! encode = len ‖ "yorisoi/v1/audit-event" ‖ sequence (u64 BE) ‖ time_ms (i64 BE)
//!          ‖ len ‖ actor ‖ len ‖ action ‖ len ‖ object ‖ len ‖ detail      (len = u32 BE)
//! ```
//!
//! Sequences start at 1 and increase by one. Editing, deleting, reordering or inserting a row
//! breaks the chain at that row; cutting rows off the end is caught by comparing with a
//! [`Checkpoint`] exported earlier (e.g. printed in a report or kept by the centre).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::encoding::{self, Writer};
use crate::error::{Error, Result};

pub type ChainHash = [u8; 32];

/// One audited action.
///
/// Every field is metadata that the relay may read: ids, role names, action codes. None of them
/// ever holds personal data (no names, no free text from a report or brief), because the log is
/// kept in the clear and outlives the sealed objects it describes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub sequence: u64,
    /// Unix time in milliseconds.
    pub time_ms: i64,
    /// Who: a user, device or system id.
    pub actor: String,
    /// What: a stable code such as `brief.fetch` or `device.revoke`.
    pub action: String,
    /// On what: an object id, or empty.
    pub object: String,
    /// Non-personal detail: a status, a count, an error code.
    pub detail: String,
}

impl Event {
    /// The canonical bytes that are hashed.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(
            64 + self.actor.len() + self.action.len() + self.object.len() + self.detail.len(),
        );
        w.lp32(b"yorisoi/v1/audit-event")
            .u64(self.sequence)
            .i64(self.time_ms)
            .lp32(self.actor.as_bytes())
            .lp32(self.action.as_bytes())
            .lp32(self.object.as_bytes())
            .lp32(self.detail.as_bytes());
        w.into_vec()
    }
}

/// An event as stored, with the chain hash computed when it was appended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainedEvent {
    #[serde(flatten)]
    pub event: Event,
    #[serde(with = "encoding::serde_hex")]
    pub hash: ChainHash,
}

/// The head of the chain at some sequence number (0 = empty log, hash = [`genesis`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub sequence: u64,
    #[serde(with = "encoding::serde_hex")]
    pub hash: ChainHash,
}

impl Checkpoint {
    pub fn genesis() -> Self {
        Self {
            sequence: 0,
            hash: genesis(),
        }
    }
}

/// The fixed hash before the first event.
pub fn genesis() -> ChainHash {
    let mut w = Writer::default();
    w.lp32(b"yorisoi/v1/audit-genesis");
    Sha256::digest(w.as_slice()).into()
}

/// `hash_i` from `hash_{i-1}` and event i.
pub fn chain_hash(previous: &ChainHash, event: &Event) -> ChainHash {
    let mut h = Sha256::new();
    h.update(previous);
    h.update(event.encode());
    h.finalize().into()
}

/// Appends `event` after `head`, giving it the next sequence number; returns the stored form.
pub fn append(head: &Checkpoint, mut event: Event) -> Result<ChainedEvent> {
    event.sequence = head.sequence.checked_add(1).ok_or(Error::InvalidInput)?;
    let hash = chain_hash(&head.hash, &event);
    Ok(ChainedEvent { event, hash })
}

/// Verifies a whole log from genesis; see [`verify_from`].
pub fn verify(events: &[ChainedEvent], expected: Option<&Checkpoint>) -> Result<Checkpoint> {
    verify_from(&Checkpoint::genesis(), events, expected)
}

/// Verifies `events` as the continuation of `start` and returns the head.
///
/// Errors with [`Error::AuditChainBroken`] at the 0-based index of the first event whose sequence
/// or hash is wrong, and with [`Error::Truncated`] if `expected` lies beyond the end. An
/// `expected` checkpoint inside the checked range must match the hash stored at its sequence.
pub fn verify_from(
    start: &Checkpoint,
    events: &[ChainedEvent],
    expected: Option<&Checkpoint>,
) -> Result<Checkpoint> {
    let mut head = *start;
    let mut at_expected = expected.is_some_and(|c| *c == head);
    for (i, stored) in events.iter().enumerate() {
        let broken = Error::AuditChainBroken {
            position: u64::try_from(i).unwrap_or(u64::MAX),
        };
        if Some(stored.event.sequence) != head.sequence.checked_add(1) {
            return Err(broken);
        }
        let hash = chain_hash(&head.hash, &stored.event);
        if hash != stored.hash {
            return Err(broken);
        }
        head = Checkpoint {
            sequence: stored.event.sequence,
            hash,
        };
        if let Some(c) = expected
            && c.sequence == head.sequence
        {
            if c.hash != head.hash {
                return Err(broken);
            }
            at_expected = true;
        }
    }
    match expected {
        Some(c) if c.sequence > head.sequence => Err(Error::Truncated),
        // A checkpoint from before `start` says nothing about this segment.
        Some(_) if !at_expected => Err(Error::InvalidInput),
        _ => Ok(head),
    }
}
