//! The `server` command: `serve` (the default), `migrate`, `admin init` and `audit verify`.

mod admin;
pub mod args;
mod audit;
mod open;
mod serve;

pub use args::{AdminCommand, AuditCommand, Cli, Command, DbArgs, KeyArgs};
/// Also what the HTTP tests start from, so they open a database the way the relay does.
pub use open::relay;

use crate::http::Result;

/// Runs one command to its end.
pub async fn run(command: Command) -> Result<()> {
    match command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Migrate(args) => serve::migrate(args).await,
        Command::Admin(AdminCommand::Init(args)) => admin::init(args).await,
        Command::Audit(AuditCommand::Verify(args)) => audit::verify(args).await,
    }
}
