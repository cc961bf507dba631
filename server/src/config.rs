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

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on. Loopback by default: put a TLS-terminating proxy in front in production.
    #[arg(long, env = "YORISOI_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Directory with the built site (public/ plus the wasm bundle), as made by `cargo xtask run`.
    #[arg(long, env = "YORISOI_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,
    /// Load the fictitious demo data into an empty database.
    #[arg(long, env = "YORISOI_DEMO", default_value_t = false)]
    pub demo: bool,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "YORISOI_MAX_BODY", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,
}
