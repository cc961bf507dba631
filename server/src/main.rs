//! `server`: the Yorisoi relay. See `server --help`.

use clap::Parser;
use server::cli::Cli;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    server::telemetry::init(&cli.log);
    // A panicking handler is answered with a 500 and the relay serves on (see `routes`); the
    // default hook would print the panic's message, which can quote a value, and values may be
    // personal data. Where it happened is enough to find the bug.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(%location, "panic");
    }));
    match server::cli::run(cli.command.unwrap_or_default()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server stopped with an error");
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
