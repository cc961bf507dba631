//! The Yorisoi relay: routes → authorization → storage.
//!
//! It routes ciphertext and enforces who may fetch what; it never sees personal data in the clear.

pub mod audit;
pub mod auth;
pub mod authz;
pub mod bootstrap;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod pledge;
pub mod ratelimit;
pub mod routes;
pub mod run;
pub mod state;
pub mod telemetry;
pub mod tokens;
pub mod totp;
pub mod validate;
