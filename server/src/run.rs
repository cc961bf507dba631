//! The two server commands: `serve` and `migrate`.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio::net::TcpListener;

use std::net::SocketAddr;

use crate::config::{AdminInitArgs, AuditVerifyArgs, DbArgs, ServeArgs};
use crate::error::{Result, ServerError};
use crate::ratelimit::{Limit, Limits};
use crate::state::{ApiOptions, AppState};
use crate::{audit, bootstrap, db, demo, routes};

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

/// The fictitious demo accounts, printed (not logged) so whoever ran `cargo xtask run` can sign
/// in: add the TOTP secret to any authenticator app.
fn print_demo_logins() {
    println!(
        "yorisoi: demo logins (fictitious; password, then TOTP secret for an authenticator app):"
    );
    for (role, login, password, totp) in demo::demo_logins() {
        let role = format!("{role:?}").to_lowercase();
        println!("yorisoi:   {role:<12} {login:<18} {password}  {totp}");
    }
}

pub async fn serve(args: ServeArgs) -> Result<()> {
    let pool = db::connect(&args.db.database_url).await?;
    db::migrate(&pool).await?;
    if args.demo {
        if demo::seed_once(&pool, now_ms()).await? {
            tracing::info!("demo data loaded");
        }
        print_demo_logins();
    }
    if !args.site_dir.join("index.html").is_file() {
        tracing::warn!(site_dir = %args.site_dir.display(), "no built app found; run `cargo xtask run`");
    }
    let state = AppState {
        db: pool.clone(),
        site_dir: args.site_dir,
    };
    let defaults = Limits::default();
    let options = ApiOptions {
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
    };
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
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// `server admin init`: prints the first admin's invite link, or why there is none.
pub async fn admin_init(args: AdminInitArgs) -> Result<()> {
    let pool = db::connect(&args.db.database_url).await?;
    db::migrate(&pool).await?;
    let outcome = bootstrap::init_admin(&pool, &args.base_url, now_ms()).await?;
    pool.close().await;
    match outcome {
        bootstrap::Outcome::Created { url, expires_at } => {
            println!("First admin invite (one use, valid 72 hours, until {expires_at} unix ms):");
            println!("{url}");
            Ok(())
        }
        bootstrap::Outcome::UsersExist => Err(ServerError::Refused(
            "accounts already exist; an admin invites further admins from the app",
        )),
        bootstrap::Outcome::InviteOutstanding { .. } => Err(ServerError::Refused(
            "an unused admin invite already exists; use it, or run this again after it expires",
        )),
    }
}

/// `server audit verify`: checks the chain; exit 1 on any break.
pub async fn audit_verify(args: AuditVerifyArgs) -> Result<()> {
    let expected = match &args.expect {
        Some(text) => Some(audit::parse_checkpoint(text).ok_or(ServerError::Refused(
            "--expect must be SEQ:HEX (64 hex digits)",
        ))?),
        None => None,
    };
    let pool = db::connect(&args.db.database_url).await?;
    db::migrate(&pool).await?;
    let verification = audit::verify(&pool, expected).await?;
    pool.close().await;
    match verification {
        audit::Verification::Ok { head } => {
            println!("audit log OK: head {}", audit::format_checkpoint(&head));
            Ok(())
        }
        audit::Verification::Broken { position } => {
            println!("audit log BROKEN at row {position}");
            Err(ServerError::Refused("audit chain does not verify"))
        }
        audit::Verification::Truncated { head, expected } => {
            println!(
                "audit log TRUNCATED: ends at {} but {} was recorded",
                audit::format_checkpoint(&head),
                audit::format_checkpoint(&expected)
            );
            Err(ServerError::Refused("audit log truncated"))
        }
    }
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
