//! Installs what the project needs, each only when missing.

use std::path::Path;
use std::process::Command;

use crate::error::{Result, fail};
use crate::{proc, root, step};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn wasm_target() -> Result<()> {
    step("rust target wasm32-unknown-unknown");
    let installed = proc::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("    already installed");
        return Ok(());
    }
    proc::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The version of a crate as resolved in Cargo.lock.
pub fn locked_version(name: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let needle = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle
            && let Some(version) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    fail(format!("{name} not found in Cargo.lock"))
}

/// wasm-bindgen's CLI must equal the library version in Cargo.lock exactly. Installed without
/// `--locked`: the CLI's own lockfile pins a crate newer than the registry mirror has.
pub fn wasm_bindgen_cli() -> Result<()> {
    let wanted = locked_version("wasm-bindgen")?;
    step(&format!("wasm-bindgen-cli {wanted}"));
    let have = proc::output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = proc::output(Command::new("wasm-bindgen-test-runner").arg("--version"));
    if have.split_whitespace().nth(1) == Some(wanted.as_str()) && runner.is_some() {
        println!("    already installed");
        return Ok(());
    }
    println!("    installing (about 3 minutes on 2 cores)");
    proc::run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

/// npm packages of e2e/ (Playwright's runner, axe-core, binaryen's wasm-opt), from the lockfile.
pub fn npm_packages() -> Result<()> {
    step("npm packages in e2e/");
    let e2e = root().join("e2e");
    let marker = e2e.join("node_modules/.package-lock.json");
    if is_newer(&marker, &e2e.join("package-lock.json"))
        && is_newer(&marker, &e2e.join("package.json"))
    {
        println!("    up to date");
        return Ok(());
    }
    proc::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .current_dir(&e2e),
    )
}

fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(a), Some(b)) if a >= b)
}

/// Debian's Chromium and its driver (never Playwright's own browser download), and CJK fonts so
/// Japanese renders in screenshots.
pub fn browser() -> Result<()> {
    step("chromium, chromium-driver, fonts-noto-cjk (Debian)");
    let packages = ["chromium", "chromium-driver", "fonts-noto-cjk"];
    let missing: Vec<&str> = packages
        .into_iter()
        .filter(|p| {
            let status = proc::output(Command::new("dpkg-query").args(["-W", "-f=${Status}", p]));
            status.as_deref() != Some("install ok installed")
        })
        .collect();
    if missing.is_empty() {
        println!("    already installed");
        return Ok(());
    }
    apt_install(&missing)
}

fn apt_install(packages: &[&str]) -> Result<()> {
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        proc::run(&mut cmd)
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(packages);
    apt(&args)
}

/// The oldest pyca `cryptography` with Argon2id, which the staff-wrap vectors need.
const PY_CRYPTOGRAPHY: &str = "cryptography>=44,<49";

/// A Python 3 that imports `cryptography` >= 44, for the independent check of the vectors
/// (`domain/tests/vectors/independent_check.py`): the system's when it has one (this machine
/// image does), else a virtualenv in `target/vectors-venv` with the package from PyPI (Debian's
/// python3-cryptography is too old for Argon2id).
pub fn python_for_vectors() -> Result<std::path::PathBuf> {
    step("python3 with cryptography >= 44 (independent vector check)");
    let probe = "import cryptography, sys; \
                 sys.exit(0 if int(cryptography.__version__.split('.')[0]) >= 44 else 1)";
    let works = |python: &Path| {
        Command::new(python)
            .args(["-c", probe])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let system = std::path::PathBuf::from("python3");
    if works(&system) {
        println!("    the system's python3");
        return Ok(system);
    }
    let venv = root().join("target/vectors-venv");
    let python = venv.join("bin/python3");
    if works(&python) {
        println!("    target/vectors-venv");
        return Ok(python);
    }
    if !Command::new("python3")
        .args(["-c", "import venv, ensurepip"])
        .status()
        .is_ok_and(|s| s.success())
    {
        apt_install(&["python3", "python3-venv"])?;
    }
    proc::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    proc::run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(PY_CRYPTOGRAPHY),
    )?;
    if works(&python) {
        Ok(python)
    } else {
        fail("could not install a python3 with cryptography >= 44")
    }
}

fn is_root() -> bool {
    proc::output(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0")
}

pub fn wasm_opt() -> std::path::PathBuf {
    root().join("e2e/node_modules/.bin/wasm-opt")
}
