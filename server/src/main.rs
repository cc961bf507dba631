//! `server`: the Yorisoi relay. See `server --help`.

use clap::Parser;
use server::config::{AdminCommand, AuditCommand, Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    server::telemetry::init(&cli.log);
    let result = match cli.command.unwrap_or_default() {
        Command::Serve(args) => server::run::serve(args).await,
        Command::Migrate(args) => server::run::migrate(args).await,
        Command::Admin(AdminCommand::Init(args)) => server::run::admin_init(args).await,
        Command::Audit(AuditCommand::Verify(args)) => server::run::audit_verify(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server stopped with an error");
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
