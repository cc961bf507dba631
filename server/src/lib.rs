//! The Yorisoi relay. It routes ciphertext and enforces who may fetch what; it never sees
//! personal data in the clear.
//!
//! Dependencies point one way:
//!
//! - `routes` (private modules, one per resource, merged in `routes/mod.rs`) use `auth`,
//!   `authz`, `store`, `audit` and `http`; nothing but the CLI uses `routes`, and no route
//!   module uses another.
//! - `auth` (sessions, callers, tokens, TOTP, invitations) uses `authz` for its audited role
//!   denials; `authz` (who may see what) uses `audit`; both read through `store`.
//! - `store` holds every SQL statement and depends only on `domain` (and sqlx).
//! - `http` (the one error type, extractors, cookies, headers, rate limits) depends on nothing
//!   else of the crate; `state` holds the pool, the clock and the rate limiter.
//! - `seed` (first admin, demo) writes through `store` (and issues the first invitation with
//!   `auth`), never through `routes`; `cli` wires everything together.
//! - `casework` holds the lifecycle steps several routes share (ending an assignment, expiring
//!   a brief, each with its audit row) and the expiry job; it uses `store` and `audit` only.
//! - `clock` is the one source of "now", carried in the state, so tests can move time.
//! - `keyfile` holds the keys kept outside the database (TOTP sealing, code hashes, the audit
//!   anchor), also carried in the state; it depends only on `store` and `http`'s error.

pub mod audit;
pub mod auth;
pub mod authz;
pub mod casework;
pub mod cli;
pub mod clock;
pub mod http;
pub mod keyfile;
pub mod routes;
pub mod seed;
pub mod state;
pub mod store;
pub mod telemetry;
