//! The Yorisoi relay: routes → authorization → storage.
//!
//! It routes ciphertext and enforces who may fetch what; it never sees personal data in the clear.

pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod routes;
pub mod run;
pub mod state;
pub mod telemetry;
