//! Who is calling: sessions, CSRF, the caller extractors every authenticated handler takes,
//! the credentials behind them (tokens, TOTP) and the invitations that create them.
//!
//! A session is an opaque 256-bit token in the cookie `__Host-yorisoi_session` (`Secure`,
//! `HttpOnly`, `SameSite=Strict`, `Path=/`), stored server-side only as its SHA-256. Staff and
//! device sessions end after 30 idle minutes and at the latest 12 hours after sign-in; every
//! sign-in or unlock issues a new token and deletes the one presented.
//!
//! CSRF: a state-changing request (POST, PUT, PATCH, DELETE) that acts with a session's authority
//! must carry `X-CSRF-Token` equal to that session's token (answered with the session). The
//! endpoints that establish a session from credentials in the body (login, register, TOTP
//! confirmation, enrol, unlock) do not act with a session's authority and do not need it; they
//! are also unreachable cross-site, as they take only `application/json`, which a cross-site form
//! cannot send and a cross-site `fetch` cannot send without a CORS preflight the relay refuses.

pub mod extract;
pub mod invites;
pub mod session;
pub mod tokens;
pub mod totp;

pub use extract::{
    AdminCaller, AnyCaller, CaseworkerCaller, ClientIp, CoordinatorCaller, DeviceCaller,
    MemberCaller, PendingTotpCaller, StaffCaller,
};
pub use session::{ABSOLUTE_MS, CSRF_HEADER, IDLE_MS, NewSession};
