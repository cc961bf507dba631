use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::FromRef;

use crate::clock::Clock;
use crate::http::ratelimit::{Limits, RateLimiter};
use crate::keyfile::RelayKeys;
use crate::store::Pool;

/// Shared by every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Pool,
    pub site_dir: PathBuf,
    /// "Now" for every lifetime and timestamp (see `clock`).
    pub clock: Clock,
    /// The keys from the key file (`keyfile`): TOTP sealing, code hashes, the audit anchor.
    pub keys: Arc<RelayKeys>,
}

impl AppState {
    /// The state on the system clock.
    pub fn new(db: Pool, site_dir: PathBuf, keys: Arc<RelayKeys>) -> Self {
        Self {
            db,
            site_dir,
            clock: Clock::system(),
            keys,
        }
    }

    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }
}

/// Settings of the API layer that deployments (and the e2e harness) may change.
#[derive(Debug, Clone, Default)]
pub struct ApiOptions {
    pub limits: Limits,
    /// Behind a reverse proxy every connection comes from the proxy, so per-IP limits would
    /// throttle everyone together; with this set the client IP is the right-most
    /// `X-Forwarded-For` entry, the one the proxy itself appended.
    pub trust_forwarded_for: bool,
}

/// What the API handlers see: the app state plus per-router parts (the in-memory rate limiter
/// belongs to one router, so two test harnesses never share counters).
#[derive(Clone)]
pub struct ApiState {
    pub app: AppState,
    pub limiter: Arc<RateLimiter>,
    pub options: Arc<ApiOptions>,
}

impl ApiState {
    pub fn new(app: AppState, options: ApiOptions) -> Self {
        Self {
            app,
            limiter: Arc::new(RateLimiter::new(options.limits)),
            options: Arc::new(options),
        }
    }

    pub fn db(&self) -> &Pool {
        &self.app.db
    }

    pub fn now_ms(&self) -> i64 {
        self.app.clock.now_ms()
    }

    pub fn keys(&self) -> &RelayKeys {
        &self.app.keys
    }
}

impl FromRef<ApiState> for AppState {
    fn from_ref(state: &ApiState) -> Self {
        state.app.clone()
    }
}
