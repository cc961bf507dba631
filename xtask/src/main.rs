//! `cargo xtask run|test|bench`: installs what is missing, builds, serves, tests.
//!
//! Every step prints what it does; every install is skipped when already satisfied, so a second
//! run is fast and harmless.

mod bench;
mod error;
mod proc;
mod serve;
mod setup;
mod site;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

pub use error::{Error, Result};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run [--port N] [--data-dir DIR]   build everything and serve on http://127.0.0.1:N (default 8080)
                                    with the embedded SQLite database in DIR (default data/)
  test                              fmt, clippy, host tests, browser tests, Playwright e2e
  e2e [PLAYWRIGHT ARGS]             only the Playwright journeys (e.g. `e2e tests/volunteer`)
  bench                             benchmarks against the budgets; writes BENCHMARKS.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => serve::run(&args[1..]),
        Some("test") => test::run(),
        Some("e2e") => test::e2e_only(&args[1..]),
        Some("bench") => bench::run(),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// A visible step header, so a long run shows where it is.
pub fn step(text: &str) {
    println!("\n==> {text}");
}
