//! The HTTP edge: the one error type and shape, extractors whose rejections use it, cookies,
//! response headers, input checks and rate limits.

pub mod cookies;
pub mod error;
pub mod extract;
pub mod headers;
pub mod ratelimit;
pub mod validate;

pub use error::{Result, ServerError};
pub use extract::{ApiJson, IdPath};
