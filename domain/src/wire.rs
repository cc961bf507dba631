//! Types that cross the wire between the app and the relay.

use serde::{Deserialize, Serialize};

/// The one shape of every error the relay answers with (`{"error": code, "message": text}`).
/// `message` is generic and never contains personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
    pub message: String,
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the database answered.
    pub status: String,
    pub database: String,
    /// Highest applied migration version.
    pub schema_version: i64,
    /// Relay build version (the crate version).
    pub version: String,
}
