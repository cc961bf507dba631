//! `cargo xtask bench`: measured against the budgets of DESIGN §9, written to BENCHMARKS.md.

use crate::error::Result;
use crate::site;

pub fn run() -> Result<()> {
    let site = site::build()?;
    println!(
        "first load (wasm + js, gzip): {} KB of 250 KB",
        (site.wasm_gzip + site.js_gzip) / 1024
    );
    Ok(())
}
