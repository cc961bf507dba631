//! The two server commands: `serve` and `migrate`.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio::net::TcpListener;

use crate::config::{DbArgs, ServeArgs};
use crate::error::Result;
use crate::state::AppState;
use crate::{db, demo, routes};

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub async fn migrate(args: DbArgs) -> Result<()> {
    let pool = db::connect(&args.database_url).await?;
    db::migrate(&pool).await?;
    tracing::info!(
        schema_version = db::schema_version(&pool).await?,
        "migrations applied"
    );
    Ok(())
}

pub async fn serve(args: ServeArgs) -> Result<()> {
    let pool = db::connect(&args.db.database_url).await?;
    db::migrate(&pool).await?;
    if args.demo && demo::seed_once(&pool, now_ms()).await? {
        tracing::info!("demo data loaded");
    }
    if !args.site_dir.join("index.html").is_file() {
        tracing::warn!(site_dir = %args.site_dir.display(), "no built app found; run `cargo xtask run`");
    }
    let state = AppState {
        db: pool.clone(),
        site_dir: args.site_dir,
    };
    let app = routes::router(state, args.max_body_bytes);
    let listener = TcpListener::bind(args.bind).await?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, "listening");
    // Printed plainly too: the xtask and the e2e harness wait for this line.
    println!("yorisoi: listening on http://{local}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
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
