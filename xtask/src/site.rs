//! The built site: public/ copied verbatim, plus the wasm bundle with content-hashed names, the
//! generated `boot.js` and `sw-precache.js`, and precompressed `.gz`/`.br` twins.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::{Result, fail};
use crate::{proc, root, setup, step};

pub struct Site {
    pub dir: PathBuf,
    pub wasm_gzip: u64,
    pub js_gzip: u64,
    pub wasm_raw: u64,
}

pub fn site_dir() -> PathBuf {
    root().join("target/site")
}

pub fn build() -> Result<Site> {
    setup::wasm_target()?;
    setup::wasm_bindgen_cli()?;
    setup::npm_packages()?;

    step("build the app (wasm, release)");
    proc::run(Command::new("cargo").current_dir(root()).args([
        "build",
        "-p",
        "app",
        "--target",
        "wasm32-unknown-unknown",
        "--release",
    ]))?;
    let input = root().join("target/wasm32-unknown-unknown/release/app.wasm");
    let (js, wasm) = bindgen_and_optimise(&input)?;

    step("assemble target/site");
    let dir = site_dir();
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    copy_dir(&root().join("public"), &dir)?;
    let version = hex(&Sha256::new()
        .chain_update(&js)
        .chain_update(&wasm)
        .finalize())[..12]
        .to_owned();
    let js_name = format!("app-{version}.js");
    let wasm_name = format!("app-{version}_bg.wasm");
    fs::create_dir_all(dir.join("pkg"))?;
    fs::write(dir.join("pkg").join(&js_name), &js)?;
    fs::write(dir.join("pkg").join(&wasm_name), &wasm)?;
    // index.html stays verbatim and loads /boot.js; CSP forbids an inline module script.
    fs::write(
        dir.join("boot.js"),
        format!(
            "import init from \"/pkg/{js_name}\";\ninit({{ module_or_path: \"/pkg/{wasm_name}\" }});\n"
        ),
    )?;
    write_precache(&dir, &version)?;
    precompress(&dir)?;

    let gz = |name: &str| fs::metadata(dir.join("pkg").join(format!("{name}.gz"))).map(|m| m.len());
    let site = Site {
        wasm_gzip: gz(&wasm_name)?,
        js_gzip: gz(&js_name)?,
        wasm_raw: wasm.len() as u64,
        dir,
    };
    println!(
        "    bundle: wasm {} KB raw, {} KB gzip; js {} KB gzip; total first load {} KB gzip (budget 250)",
        site.wasm_raw / 1024,
        site.wasm_gzip / 1024,
        site.js_gzip / 1024,
        (site.wasm_gzip + site.js_gzip) / 1024
    );
    Ok(site)
}

/// wasm-bindgen then binaryen's `wasm-opt -Oz` (from npm: Debian's v108 silently corrupts the
/// externref table). Cached by the hash of cargo's output so an unchanged app costs nothing.
fn bindgen_and_optimise(input: &Path) -> Result<(Vec<u8>, Vec<u8>)> {
    let work = root().join("target/site-build");
    let key = hex(&Sha256::digest(fs::read(input)?));
    let cached_js = work.join(format!("{key}.js"));
    let cached_wasm = work.join(format!("{key}.wasm"));
    if cached_js.is_file() && cached_wasm.is_file() {
        step("wasm-bindgen + wasm-opt: unchanged, reusing");
        return Ok((fs::read(cached_js)?, fs::read(cached_wasm)?));
    }
    if work.exists() {
        fs::remove_dir_all(&work)?;
    }
    let out = work.join("bindgen");
    step("wasm-bindgen");
    proc::run(
        Command::new("wasm-bindgen")
            .arg(input)
            .arg("--out-dir")
            .arg(&out)
            .args([
                "--out-name",
                "app",
                "--target",
                "web",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
            ]),
    )?;
    step("wasm-opt -Oz (binaryen from npm)");
    let wasm_opt = setup::wasm_opt();
    if !wasm_opt.is_file() {
        return fail("e2e/node_modules/.bin/wasm-opt missing; npm install failed?");
    }
    let optimised = work.join("app_opt.wasm");
    proc::run(
        Command::new(wasm_opt)
            .arg(out.join("app_bg.wasm"))
            .arg("-Oz")
            .arg("-o")
            .arg(&optimised),
    )?;
    let js = fs::read(out.join("app.js"))?;
    let wasm = fs::read(&optimised)?;
    fs::write(&cached_js, &js)?;
    fs::write(&cached_wasm, &wasm)?;
    Ok((js, wasm))
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Every file the app needs to start offline. The service worker itself and this list are
/// excluded: the browser fetches those on its own update checks.
fn write_precache(dir: &Path, version: &str) -> Result<()> {
    let mut paths = Vec::new();
    walk_files(dir, &mut paths)?;
    let mut files = vec!["/".to_owned()];
    files.extend(
        paths
            .iter()
            .filter_map(|p| p.strip_prefix(dir).ok())
            .map(|rel| format!("/{}", rel.to_string_lossy())),
    );
    files.retain(|f| f != "/sw.js" && f != "/sw-precache.js");
    files.sort();
    let manifest = serde_json::json!({ "version": version, "files": files });
    fs::write(
        dir.join("sw-precache.js"),
        format!("self.YORISOI_PRECACHE = {manifest};\n"),
    )?;
    Ok(())
}

const COMPRESSIBLE: [&str; 7] = ["html", "js", "css", "wasm", "webmanifest", "svg", "json"];

fn precompress(dir: &Path) -> Result<()> {
    step("precompress (.gz, .br)");
    let mut paths = Vec::new();
    walk_files(dir, &mut paths)?;
    for path in paths {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let data = fs::read(&path)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)?;
        fs::write(with_suffix(&path, "gz"), gz.finish()?)?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params)?;
        fs::write(with_suffix(&path, "br"), br)?;
    }
    Ok(())
}

pub fn walk_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
