//! Plaintext schemas that only ever exist sealed or encrypted: what a relay must never be able
//! to read. Behind the `content` feature, which the app enables and the relay crate does not, so
//! "the relay never reads personal data" is also a fact of its dependency graph (checked by
//! `cargo xtask test`).
//!
//! - [`referral`]: the shareable subset of a family's facts, as a caseworker writes it.
//! - [`profile`]: what a coordinator knows of a volunteer to match them safely.
//! - [`conflicts`]: the checks matching runs in the coordinator's browser.
//! - [`brief`]: the fields a coordinator released to one volunteer, as the phone shows them.
//!
//! Next to come here: the visit report.

pub mod brief;
pub mod conflicts;
pub mod profile;
pub mod referral;

use serde::{Deserialize, Serialize};

use crate::api::ProgrammeForDevice;

/// What the phone keeps about its own volunteer, AES-GCM-encrypted in its vault so the home
/// screen can be shown without the relay: the volunteer's name is personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VaultProfile {
    pub display_name: String,
    pub programme: ProgrammeForDevice,
}

/// Sealed content is JSON inside the envelope: self-describing, so a newer app can add a field
/// an older one ignores. The size limit of the envelope bounds what is parsed.
pub fn to_bytes<T: Serialize>(value: &T) -> crate::Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|_| crate::Error::Malformed)
}

pub fn from_bytes<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> crate::Result<T> {
    serde_json::from_slice(bytes).map_err(|_| crate::Error::Malformed)
}
