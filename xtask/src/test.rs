//! `cargo xtask test`: everything CI runs, ending with one line `xtask: N passed, N failed`.
//!
//! Every stage runs even after an earlier one failed, so one run shows every problem. fmt and
//! clippy count as one check each; test stages count their tests.

use std::path::Path;
use std::process::Command;

use crate::error::{Result, fail};
use crate::serve::{self, RunningServer};
use crate::{proc, root, setup, site, step};

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failed_stages: Vec<String>,
}

impl Tally {
    fn check(&mut self, stage: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failed_stages.push(stage.to_owned());
        }
    }

    /// Adds the counts of libtest's `test result:` lines. A stage that failed without a failing
    /// test (a compile error, a crash) still counts as one failure.
    fn cargo_tests(&mut self, stage: &str, ok: bool, output: &str) {
        let (passed, failed) = libtest_counts(output);
        self.passed += passed;
        self.failed += failed;
        if !ok || failed > 0 {
            if failed == 0 {
                self.failed += 1;
            }
            self.failed_stages.push(stage.to_owned());
        }
    }
}

pub fn run() -> Result<()> {
    let mut tally = Tally::default();
    let cargo = || {
        let mut cmd = Command::new("cargo");
        cmd.current_dir(root());
        cmd
    };

    setup::wasm_target()?;
    setup::wasm_bindgen_cli()?;

    step("cargo fmt --check");
    let ok = proc::run(cargo().args(["fmt", "--all", "--", "--check"])).is_ok();
    tally.check("fmt", ok);

    step("cargo clippy (host)");
    let ok = proc::run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
    .is_ok();
    tally.check("clippy (host)", ok);

    step("cargo clippy (wasm app)");
    let ok = proc::run(cargo().args([
        "clippy",
        "-p",
        "app",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
    .is_ok();
    tally.check("clippy (wasm)", ok);

    step("the relay never links plaintext schemas (domain's `content` feature)");
    let ok = match relay_links_content() {
        Ok(false) => true,
        Ok(true) => {
            eprintln!("    server's dependency graph enables domain/content");
            false
        }
        Err(err) => {
            eprintln!("    could not check: {err}");
            false
        }
    };
    tally.check("relay without plaintext schemas", ok);

    // A second implementation of every published format (HPKE key schedule, envelopes, wraps,
    // signatures) recomputes the committed vectors, sharing no code with `domain`.
    let ok = match setup::python_for_vectors() {
        Ok(python) => {
            step("independent vector check (Python, pyca cryptography)");
            let vectors = root().join("domain/tests/vectors");
            proc::run(
                Command::new(python)
                    .arg(vectors.join("independent_check.py"))
                    .arg(&vectors),
            )
            .is_ok()
        }
        Err(err) => {
            eprintln!("    could not set up Python: {err}");
            false
        }
    };
    tally.check("independent vector check", ok);

    step("host tests: cargo test --workspace");
    let (ok, out) = proc::run_captured(cargo().args(["test", "--workspace"]))?;
    tally.cargo_tests("host tests", ok, &out);

    setup::browser()?;
    step("browser tests: cargo test -p app --target wasm32-unknown-unknown (Chromium)");
    let (ok, out) = proc::run_captured(
        cargo()
            .args(["test", "-p", "app", "--target", "wasm32-unknown-unknown"])
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
    )?;
    tally.cargo_tests("browser tests", ok, &out);

    match e2e(&[]) {
        Ok((passed, failed)) => {
            tally.passed += passed;
            tally.failed += failed;
            if failed > 0 {
                tally.failed_stages.push("e2e".into());
            }
        }
        Err(err) => {
            eprintln!("xtask: e2e could not run: {err}");
            tally.check("e2e", false);
        }
    }

    println!();
    if !tally.failed_stages.is_empty() {
        println!("failed stages: {}", tally.failed_stages.join(", "));
    }
    println!("xtask: {} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        return fail("some checks failed");
    }
    Ok(())
}

/// DESIGN §2: the relay never reads personal data. The plaintext schemas live behind domain's
/// `content` feature; if anything in the relay's dependency graph turns it on, the relay could
/// decode them. `cargo tree` resolves features for the relay alone (a workspace build unifies
/// them with the app's, so a cfg check inside a test could not see this). The app's graph is
/// checked for the feature too, so a change in `cargo tree`'s output cannot make the check pass
/// vacuously.
fn relay_links_content() -> Result<bool> {
    let enables = |package: &str| -> Result<bool> {
        let out = proc::output(
            Command::new("cargo")
                .current_dir(root())
                .args(["tree", "-p", package, "-e", "features", "-i", "domain"])
                .args(["--target", "all", "--prefix", "none"]),
        )
        .ok_or_else(|| crate::Error::Failed(format!("cargo tree -p {package} failed")))?;
        Ok(out.contains("domain feature \"content\""))
    };
    if !enables("app")? {
        return fail("cargo tree shows no `content` feature even for the app");
    }
    enables("server")
}

/// `cargo xtask e2e [args]`: the journeys alone, `args` passed to `playwright test`.
pub fn e2e_only(args: &[String]) -> Result<()> {
    setup::wasm_target()?;
    setup::wasm_bindgen_cli()?;
    setup::browser()?;
    let (passed, failed) = e2e(args)?;
    println!("xtask: {passed} passed, {failed} failed");
    if failed > 0 {
        return fail("some journeys failed");
    }
    Ok(())
}

/// Playwright against the release server on a free loopback port with a fresh database.
fn e2e(args: &[String]) -> Result<(u64, u64)> {
    let site = site::build()?;
    let binary = serve::build_server()?;
    let work = std::env::temp_dir().join(format!("yorisoi-e2e-{}", std::process::id()));
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;

    // A private copy: one journey publishes a "new version" by editing it.
    let site_copy = work.join("site");
    site::copy_dir(&site.dir, &site_copy)?;

    step("e2e: Playwright + Debian Chromium");
    let server = RunningServer::start(&binary, &site_copy, &work)?;
    println!(
        "    server {} (log {})",
        server.base_url,
        server.log_path.display()
    );
    let e2e_dir = root().join("e2e");
    let results = e2e_dir.join("artifacts/results.json");
    let canaries = e2e_dir.join("artifacts/canaries.txt");
    std::fs::create_dir_all(e2e_dir.join("artifacts"))?;
    let _ = std::fs::remove_file(&results);
    let _ = std::fs::remove_file(&canaries);
    let _ = std::fs::remove_file(e2e_dir.join("artifacts/relay-dirs.txt"));
    let ok = proc::run(
        Command::new("npx")
            .args(["playwright", "test"])
            .args(args)
            .current_dir(&e2e_dir)
            .env("BASE_URL", &server.base_url)
            .env("YORISOI_SERVER_LOG", &server.log_path)
            .env("YORISOI_SITE_DIR", &site_copy)
            .env("YORISOI_SERVER_BIN", &binary)
            .env("YORISOI_CANARIES", &canaries)
            .env("YORISOI_DB", work.join("yorisoi.db")),
    )
    .is_ok();
    drop(server);
    let (mut passed, mut failed) = playwright_counts(&results)?;
    step("relay dump: no canary in the database or the logs (DESIGN §6)");
    let scan = canaries_found(&canaries, &work);
    remove_fresh_relay_dirs(&canaries);
    match scan {
        Ok(found) if found.is_empty() => passed += 1,
        Ok(found) => {
            for (canary, file) in found {
                eprintln!("    canary {canary} found in {file}");
            }
            failed += 1;
        }
        Err(err) => {
            eprintln!("    could not scan: {err}");
            failed += 1;
        }
    }
    if ok && failed == 0 {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        println!("    kept server log and database in {}", work.display());
    }
    // A runner crash with no failing test must still fail the stage.
    Ok((passed, if ok { failed } else { failed.max(1) }))
}

/// Every secret or personal value the journeys typed is registered as a canary; none may appear
/// in any file the relay wrote (database, WAL, log) — for every relay the suite started, which
/// all live under `work` or the system temp dir the fresh relays use (registered too).
fn canaries_found(canaries: &Path, work: &Path) -> Result<Vec<(String, String)>> {
    let list = std::fs::read_to_string(canaries).unwrap_or_default();
    let needles: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter(|l| l.len() >= 6)
        .collect();
    println!("    {} canaries", needles.len());
    let mut dirs = vec![work.to_path_buf()];
    if let Ok(extra) = std::fs::read_to_string(canaries.with_file_name("relay-dirs.txt")) {
        dirs.extend(extra.lines().map(std::path::PathBuf::from));
    }
    let mut found = Vec::new();
    for dir in dirs {
        let mut files = Vec::new();
        if dir.is_dir() {
            site::walk_files(&dir, &mut files)?;
        }
        for file in files.iter().filter(|f| !f.starts_with(work.join("site"))) {
            let bytes = std::fs::read(file)?;
            for needle in &needles {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    found.push(((*needle).to_owned(), file.display().to_string()));
                }
            }
        }
    }
    Ok(found)
}

/// The journeys' own relays (`e2e/freshServer.ts`) leave their directories for the scan.
fn remove_fresh_relay_dirs(canaries: &Path) {
    let list =
        std::fs::read_to_string(canaries.with_file_name("relay-dirs.txt")).unwrap_or_default();
    for dir in list.lines().map(Path::new) {
        let is_fresh_relay = dir
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("yorisoi-fresh-"));
        if is_fresh_relay && dir.starts_with(std::env::temp_dir()) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn playwright_counts(results: &Path) -> Result<(u64, u64)> {
    let Ok(text) = std::fs::read_to_string(results) else {
        return Ok((0, 1));
    };
    let json: serde_json::Value = serde_json::from_str(&text)?;
    let stat = |k: &str| json["stats"][k].as_u64().unwrap_or(0);
    Ok((stat("expected") + stat("flaky"), stat("unexpected")))
}

fn libtest_counts(output: &str) -> (u64, u64) {
    let mut passed = 0;
    let mut failed = 0;
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let n: u64 = n.parse().unwrap_or(0);
            match label {
                "passed" => passed += n,
                "failed" => failed += n,
                _ => {}
            }
        }
    }
    (passed, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_libtest_summaries() {
        let out = "test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   noise\n\
                   test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(libtest_counts(out), (5, 1));
    }

    #[test]
    fn a_failed_stage_without_failing_tests_still_counts() {
        let mut tally = Tally::default();
        tally.cargo_tests("x", false, "error[E0308]: mismatched types");
        assert_eq!((tally.passed, tally.failed), (0, 1));
    }
}
