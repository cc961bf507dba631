//! `server serve` and `server migrate`.

use std::io::IsTerminal;
use std::net::SocketAddr;

use tokio::net::TcpListener;

use super::args::{DbArgs, ServeArgs};
use super::open;
use crate::clock::Clock;
use crate::http::Result;
use crate::http::ratelimit::{Limit, Limits};
use crate::keyfile::IfMissing;
use crate::routes;
use crate::seed::demo;
use crate::state::{ApiOptions, AppState};
use crate::store::{self, db};

pub async fn migrate(args: DbArgs) -> Result<()> {
    let pool = db::connect(&args.database_url).await?;
    db::migrate(&pool).await?;
    let version = db::schema_version(&mut *store::acquire(&pool).await?).await?;
    tracing::info!(schema_version = version, "migrations applied");
    Ok(())
}

/// The fictitious demo accounts, printed (not logged) so whoever ran `cargo xtask run` can sign
/// in: add the TOTP secret to any authenticator app. Only to a terminal: when the output goes
/// to a file (a service's log, the e2e harness), the TOTP secrets are left out, so no log holds
/// a second factor, even a published one.
fn print_demo_logins() {
    let to_terminal = std::io::stdout().is_terminal();
    if to_terminal {
        println!(
            "yorisoi: demo logins (fictitious; password, then TOTP secret for an authenticator app):"
        );
    } else {
        println!("yorisoi: demo logins (fictitious; TOTP secrets are shown on a terminal only):");
    }
    for (role, login, password, totp) in demo::demo_logins() {
        let role = role.as_str();
        let totp = if to_terminal { totp.as_str() } else { "" };
        println!("yorisoi:   {role:<12} {login:<18} {password}  {totp}");
    }
}

fn api_options(args: &ServeArgs) -> ApiOptions {
    let defaults = Limits::default();
    ApiOptions {
        limits: Limits {
            per_ip: Limit {
                max: args.rate_limit_per_ip,
                ..defaults.per_ip
            },
            per_key: Limit {
                max: args.rate_limit_per_key,
                ..defaults.per_key
            },
            ..defaults
        },
        trust_forwarded_for: args.trust_forwarded_for,
    }
}

pub async fn serve(args: ServeArgs) -> Result<()> {
    let (pool, keys) = open::relay(&args.db, &args.key, IfMissing::Create).await?;
    let clock = Clock::system();
    if args.demo {
        if demo::seed_once(&pool, &keys, clock.now_ms()).await? {
            tracing::info!("demo data loaded");
        }
        print_demo_logins();
    }
    if !args.site_dir.join("index.html").is_file() {
        tracing::warn!(site_dir = %args.site_dir.display(), "no built app found; run `cargo xtask run`");
    }
    let options = api_options(&args);
    let state = AppState::new(pool.clone(), args.site_dir, keys).with_clock(clock);
    // Ends assignments and expires briefs whose time is up, every minute (reads never serve
    // them in between either).
    let expiry = crate::casework::spawn_expiry(state.clone());
    let app = routes::router_with(state, args.max_body_bytes, options);
    let listener = TcpListener::bind(args.bind).await?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, "listening");
    // Printed plainly too: the xtask and the e2e harness wait for this line.
    println!("yorisoi: listening on http://{local}");
    // Connect info gives the rate limiter the client's address.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    expiry.abort();
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// SIGINT (Ctrl-C) or SIGTERM: stop accepting, finish in-flight requests, close the database.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received");
}
