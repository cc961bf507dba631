//! In-memory fixed-window rate limits for the endpoints that check a credential: staff login and
//! its parameters, invite inspection and registration, TOTP confirmation, device enrolment and
//! unlock.
//!
//! Each request is counted under two keys, the client IP and the thing being guessed at (login
//! name, invite token, device id, code), so neither many IPs against one account nor one IP
//! against many accounts gets far. Counters live in one process: with several relay instances the
//! effective limit multiplies by their number, which is still a hard bound. The durable defences
//! (10 wrong PINs destroy the share; TOTP on every staff login) do not depend on these.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::ServerError;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Per account, device, invite or code. 10 a minute is far above a person retyping a
    /// password and far below what guessing needs.
    pub per_key: Limit,
    /// Per client IP and endpoint class. Higher than per key: an office shares one address.
    pub per_ip: Limit,
    /// Unlock attempts per device. Above the 10-wrong-PIN lock so that the lock, which is
    /// durable, is what a guesser meets; this only stops hammering the share endpoint.
    pub per_device_unlock: Limit,
}

const MINUTE: Duration = Duration::from_secs(60);

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_key: Limit {
                max: 10,
                window: MINUTE,
            },
            per_ip: Limit {
                max: 120,
                window: MINUTE,
            },
            per_device_unlock: Limit {
                max: 20,
                window: MINUTE,
            },
        }
    }
}

/// Above this many live keys, expired windows are swept, so a flood of distinct keys cannot grow
/// memory without bound.
const SWEEP_AT: usize = 10_000;

pub struct RateLimiter {
    limits: Limits,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Counts one request under `key`; `Err(RateLimited)` once the window's budget is spent.
    pub fn hit(&self, key: &str, limit: Limit) -> Result<(), ServerError> {
        self.hit_at(key, limit, Instant::now())
    }

    fn hit_at(&self, key: &str, limit: Limit, now: Instant) -> Result<(), ServerError> {
        // A poisoned lock only means another request panicked mid-update; the counters are
        // still usable, and refusing all logins because of it would be worse.
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < limit.window.max(MINUTE));
        }
        let entry = windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= limit.window {
            *entry = (now, 0);
        }
        if entry.1 >= limit.max {
            let left = limit.window.saturating_sub(now.duration_since(entry.0));
            return Err(ServerError::RateLimited {
                retry_after_secs: left.as_secs().max(1),
            });
        }
        entry.1 += 1;
        Ok(())
    }

    /// The usual pair: the client IP for this endpoint class, and the key being tried.
    pub fn check(&self, class: &str, ip: &str, key: &str) -> Result<(), ServerError> {
        self.hit(&format!("ip\0{class}\0{ip}"), self.limits.per_ip)?;
        self.hit(&format!("key\0{class}\0{key}"), self.limits.per_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_fills_then_resets() {
        let limiter = RateLimiter::new(Limits::default());
        let limit = Limit {
            max: 3,
            window: MINUTE,
        };
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.hit_at("k", limit, t0).is_ok());
        }
        match limiter.hit_at("k", limit, t0 + Duration::from_secs(20)) {
            Err(ServerError::RateLimited { retry_after_secs }) => {
                assert_eq!(retry_after_secs, 40)
            }
            other => panic!("expected a limit, got {other:?}"),
        }
        assert!(limiter.hit_at("other", limit, t0).is_ok());
        assert!(limiter.hit_at("k", limit, t0 + MINUTE).is_ok());
    }
}
