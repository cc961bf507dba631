//! Data the relay is started with: the first admin's invitation (`server admin init`) and the
//! fictitious demo (`--demo`). Both write through `store`, as the API would, never through it.

pub mod bootstrap;
pub mod demo;
