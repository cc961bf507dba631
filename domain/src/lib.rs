//! The rules and the cryptography of Yorisoi, in one crate compiled natively (relay, tests) and to
//! wasm (the phone app), so that both sides provably agree.
//!
//! This crate has no browser or server dependencies.

pub mod audit;
pub mod encoding;
pub mod envelope;
pub mod error;
pub mod keys;
pub mod pin;
pub mod record;
pub mod signing;
pub mod wire;
pub mod wrap;

pub use error::{Error, Result};
