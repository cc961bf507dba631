//! Widgets every role's screens use: form fields, buttons, notes, list states, the section
//! navigation, the QR code, the pledge form, icons and a brief's map and phone links. Nothing here knows about a role.

mod action;
mod form;
pub mod icons;
pub mod links;
mod list;
mod msg;
mod notes;
mod pledge;
mod qr;
mod tabs;
mod time;

pub use action::Action;
pub use form::{CheckField, Field, PrimaryButton, SelectField, TextArea, max_chars};
pub use list::{ListState, list_state};
pub use msg::{UiMsg, UiPhrase};
pub use notes::{ErrorNote, Note, ProblemNote};
pub use pledge::PledgeForm;
pub use qr::QrCode;
pub use tabs::{FirstTab, Tab, TabNav};
pub use time::format_time;
