//! `server`: the Yorisoi relay. See `server --help`.

use clap::Parser;
use server::cli::Cli;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    server::telemetry::init(&cli.log);
    match server::cli::run(cli.command.unwrap_or_default()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server stopped with an error");
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
