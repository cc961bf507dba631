//! One module per screen, grouped by role.

pub mod caseworker;
pub mod coordinator;
pub mod landing;
pub mod not_found;
mod staff;
pub mod volunteer;
