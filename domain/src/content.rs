//! Plaintext schemas that only ever exist sealed or encrypted: what a relay must never be able
//! to read. Behind the `content` feature, which the app enables and the relay crate does not, so
//! "the relay never reads personal data" is also a fact of its dependency graph (checked by
//! `cargo xtask test`).
//!
//! Next to come here: the referral, the brief and the visit report.

use serde::{Deserialize, Serialize};

use crate::api::ProgrammeForDevice;

/// What the phone keeps about its own volunteer, AES-GCM-encrypted in its vault so the home
/// screen can be shown without the relay: the volunteer's name is personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VaultProfile {
    pub display_name: String,
    pub programme: ProgrammeForDevice,
}
