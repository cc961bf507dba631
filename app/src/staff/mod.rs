//! The staff screens: desktop and tablet first, still usable at 360 px. Everything here runs
//! after a password + TOTP sign-in whose keys live in memory only (`session`).
//!
//! This folder holds what every staff role shares (session and keys, invitation, sign-in, the
//! role gate, the staff bar, the account card); each role's screens live in their own folder
//! (`admin/`, `coordinator/`, `caseworker/`), which may use this one but never each other
//! (checked by `app/tests/structure.rs`).

mod account;
pub mod admin;
mod bar;
pub mod casework;
pub mod caseworker;
pub mod coordinator;
mod gate;
pub mod invite;
mod keys;
pub mod login;
mod msg;
mod password;
pub mod session;
mod team;

use domain::api::StaffRole;
use leptos::prelude::*;

pub use account::AccountCard;
pub use bar::StaffBar;
pub use gate::RoleGate;
pub use keys::OrgKey;
pub use msg::{StaffMsg, StaffPhrase, TeamMsg};
pub use team::{OrgKeyBanner, TeamScreen};

pub fn role_msg(role: StaffRole) -> StaffMsg {
    match role {
        StaffRole::Admin => StaffMsg::RoleAdmin,
        StaffRole::Coordinator => StaffMsg::RoleCoordinator,
        StaffRole::Caseworker => StaffMsg::RoleCaseworker,
    }
}

/// `location.origin`, for turning a relay path into a link to show or put in a QR code.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// Lets the browser paint the busy state before a second of Argon2id blocks the thread.
pub async fn let_the_spinner_show() {
    gloo_timers::future::TimeoutFuture::new(60).await;
}
