//! Command line and environment configuration. Every flag has an environment variable and a
//! documented default, so a deployment can be configured either way.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "server", version, about = "Yorisoi relay server")]
pub struct Cli {
    /// Log filter (tracing `EnvFilter` syntax).
    #[arg(
        long,
        env = "YORISOI_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the API and the app (the default).
    Serve(ServeArgs),
    /// Apply migrations and exit.
    Migrate(DbArgs),
    /// Administration from the server's shell.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create the one-time invite for the first admin (only on a database without accounts) and
    /// print its link.
    Init(AdminInitArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AdminInitArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub key: KeyArgs,
    /// The address people open the app at; the printed link starts with it.
    #[arg(
        long,
        env = "YORISOI_BASE_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base_url: String,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole hash chain; print the head and OK, or the first bad row (exit 1).
    Verify(AuditVerifyArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AuditVerifyArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The relay's key file: the recorded head's MAC is checked with it.
    #[command(flatten)]
    pub key: KeyArgs,
    /// A checkpoint recorded earlier (`SEQ:HEX`, as printed by a previous verify), to also catch
    /// rows cut off the end.
    #[arg(long)]
    pub expect: Option<String>,
}

/// `server` with no subcommand serves, still reading every setting from the environment.
impl Default for Command {
    fn default() -> Self {
        #[derive(Parser)]
        struct ServeOnly {
            #[command(flatten)]
            args: ServeArgs,
        }
        Command::Serve(ServeOnly::parse_from(["server"]).args)
    }
}

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL. SQLite (`sqlite://path/to/file.db`) is the embedded default.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/yorisoi.db")]
    pub database_url: String,
}

/// The key file (`keyfile`): required, because TOTP secrets, volunteer code hashes and the
/// audit anchor depend on it. Created (mode 0600) on the first start with a new database;
/// refused if missing or different once the database has recorded a key.
#[derive(Debug, Clone, Args)]
pub struct KeyArgs {
    /// Path of the relay's key file (64 hex digits, kept outside the database and its backups).
    #[arg(long = "key-file", env = "YORISOI_KEY_FILE")]
    pub key_file: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Address to listen on. Loopback by default: put a TLS-terminating proxy in front in production.
    #[arg(long, env = "YORISOI_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Directory with the built site (public/ plus the wasm bundle), as made by `cargo xtask run`.
    #[arg(long, env = "YORISOI_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,
    /// Load the fictitious demo data into an empty database (refused on one with other data).
    #[arg(long, env = "YORISOI_DEMO", default_value_t = false)]
    pub demo: bool,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "YORISOI_MAX_BODY", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,
    /// Credential attempts (login, unlock, enrol, invite) allowed per client IP and minute.
    /// Generous on purpose: mobile carriers put many phones behind one address (CGNAT), so a
    /// whole programme's volunteers may share it; the per-key limit below is the tight one.
    #[arg(long, env = "YORISOI_RATE_LIMIT_PER_IP", default_value_t = 120)]
    pub rate_limit_per_ip: u32,
    /// Credential attempts allowed per account, device, invite or code and minute.
    #[arg(long, env = "YORISOI_RATE_LIMIT_PER_KEY", default_value_t = 10)]
    pub rate_limit_per_key: u32,
    /// Take the client IP from the last `X-Forwarded-For` entry (set this only behind a reverse
    /// proxy that appends it).
    #[arg(long, env = "YORISOI_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,
}
