//! The rules and the cryptography of Yorisoi, in one crate compiled natively (relay, tests) and to
//! wasm (the phone app), so that both sides provably agree.
//!
//! This crate has no browser or server dependencies.

pub mod wire;
