//! The pages every bundle shows: the landing page (who are you?) and "not found".

pub mod landing;
mod msg;
pub mod not_found;

pub use msg::Msg;
