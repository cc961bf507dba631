//! `cargo xtask run`, and the release server that the e2e tests start.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Result, fail};
use crate::{proc, root, site, step};

pub fn run(args: &[String]) -> Result<()> {
    let mut port: u16 = 8080;
    let mut data_dir = root().join("data");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => match it.next().and_then(|p| p.parse().ok()) {
                Some(p) => port = p,
                None => return fail("--port needs a number"),
            },
            "--data-dir" => match it.next() {
                Some(d) => data_dir = PathBuf::from(d),
                None => return fail("--data-dir needs a directory"),
            },
            other => return fail(format!("unknown option {other}; see `cargo xtask help`")),
        }
    }

    let site = site::build()?;
    let server = build_server()?;
    let database_url =
        std::env::var("DATABASE_URL").unwrap_or_else(|_| sqlite_url(&data_dir.join("yorisoi.db")));
    // Kept next to the database but never inside it; the relay creates it on the first start.
    let key_file = std::env::var_os("YORISOI_KEY_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir.join("yorisoi.key"));

    step("serve");
    println!("    database: {database_url}");
    println!(
        "    key file: {} (keep it with the backups)",
        key_file.display()
    );
    println!("    site:     {}", site.dir.display());
    println!("    open:     http://127.0.0.1:{port}/");
    println!(
        "    demo data (fictitious): みどり市こども家庭センター（架空）, NPO法人 ひだまりネット（架空）,"
    );
    println!("              programmes おうち食堂 / おとなりさん / 見守り弁当 (all 架空)");
    println!("    demo logins: printed by the server below; sign in at /login");
    println!("    stop with Ctrl-C");
    let mut child = server_command(&server, port, &database_url, &key_file, &site.dir)
        .stdout(Stdio::inherit())
        .spawn()?;
    let status = child.wait()?;
    if !status.success() {
        return fail(format!("server exited with {status}"));
    }
    Ok(())
}

pub fn build_server() -> Result<PathBuf> {
    step("build the relay server (release)");
    proc::run(Command::new("cargo").current_dir(root()).args([
        "build",
        "-p",
        "server",
        "--release",
    ]))?;
    Ok(root().join("target/release/server"))
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

fn server_command(
    binary: &Path,
    port: u16,
    database_url: &str,
    key_file: &Path,
    site_dir: &Path,
) -> Command {
    let mut cmd = Command::new(binary);
    cmd.arg("serve")
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database-url")
        .arg(database_url)
        .arg("--key-file")
        .arg(key_file)
        .arg("--site-dir")
        .arg(site_dir)
        .arg("--demo");
    cmd
}

/// A server started for tests; stopped (SIGTERM, then kill) when dropped.
pub struct RunningServer {
    child: Child,
    pub base_url: String,
    pub log_path: PathBuf,
}

impl RunningServer {
    pub fn start(binary: &Path, site_dir: &Path, work: &Path) -> Result<RunningServer> {
        let port = free_port()?;
        let log_path = work.join("server.log");
        let log = std::fs::File::create(&log_path)?;
        let database_url = sqlite_url(&work.join("yorisoi.db"));
        let key_file = work.join("yorisoi.key");
        let child = server_command(binary, port, &database_url, &key_file, site_dir)
            .env("YORISOI_LOG", "info")
            // Every journey's browser comes from 127.0.0.1; the per-key limits still apply.
            .env("YORISOI_RATE_LIMIT_PER_IP", "100000")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let server = RunningServer {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log_path,
        };
        server.wait_healthy(port)?;
        Ok(server)
    }

    fn wait_healthy(&self, port: u16) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        fail(format!(
            "server did not start within 30 s; see {}",
            self.log_path.display()
        ))
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
