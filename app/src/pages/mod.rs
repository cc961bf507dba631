//! One module per screen, grouped by role.

pub mod landing;
pub mod not_found;
