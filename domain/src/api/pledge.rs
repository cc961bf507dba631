//! The pledge (誓約書): its current text and accepting it.

use serde::{Deserialize, Serialize};

use super::B64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PledgeStatus {
    /// The organisation has no pledge text yet.
    NoPledge,
    /// A version exists that this person has not accepted.
    Required {
        version: i64,
        hash: String,
    },
    Accepted {
        version: i64,
        accepted_at: i64,
    },
}

impl PledgeStatus {
    pub fn is_required(&self) -> bool {
        matches!(self, PledgeStatus::Required { .. })
    }
}

/// `GET /api/pledge`: the current text for the caller's organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pledge {
    pub organisation_name: String,
    pub version: i64,
    /// Hex SHA-256 of the text; what an acceptance refers to.
    pub hash: String,
    pub text: String,
}

/// `POST /api/pledge/accept`. A volunteer's acceptance is signed with the device key over
/// [`crate::signing::pledge_message`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PledgeAcceptance {
    pub version: i64,
    pub hash: String,
    pub typed_name: String,
    pub signature: Option<B64>,
}
