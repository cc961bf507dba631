//! The rules and the cryptography of Yorisoi, in one crate compiled natively (relay, tests) and to
//! wasm (the phone app), so that both sides provably agree.
//!
//! - [`ids`]: typed UUIDs, parsed at the edge.
//! - [`api`]: the wire types, error codes and the endpoint table.
//! - [`rules`]: the limits and validators shared by forms and the relay.
//! - [`schedule`]: weekly slots and visit schedules (JST), expanded into visits.
//! - `content` (feature): plaintext schemas that only ever travel sealed; the relay never
//!   enables it.
//! - the crypto core: [`envelope`], [`record`], [`keys`], [`identity`], [`wrap`], [`signing`],
//!   [`audit`]; and [`trust`], the certificates organisations sign so that nobody has to believe
//!   a key because the relay lists it.
//!
//! This crate has no browser or server dependencies.

pub mod api;
pub mod audit;
#[cfg(feature = "content")]
pub mod content;
pub mod encoding;
pub mod envelope;
pub mod error;
pub mod identity;
pub mod ids;
pub mod invitation;
pub mod keys;
pub mod record;
pub mod rules;
pub mod schedule;
pub mod signing;
pub mod trust;
pub mod wrap;

pub use error::{Error, Result};
