//! In-memory rate limits for the endpoints that check a credential: staff login and its
//! parameters, invite inspection and registration, TOTP confirmation, device enrolment and
//! unlock.
//!
//! Each request is counted under two keys, the client IP and the thing being guessed at (login
//! name, invite token, device id, code), so neither many IPs against one account nor one IP
//! against many accounts gets far. The limits are GCRA (`governor`): a burst of `max`, then one
//! more every `window / max`, so there is no window edge at which twice the budget fits. Counters
//! live in one process: with several relay instances the effective limit multiplies by their
//! number, which is still a hard bound. The durable defences (10 wrong PINs destroy the share;
//! TOTP on every staff login) do not depend on these.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter as Gcra};

use super::ServerError;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    /// A burst of `max`, refilled evenly over `window`. Zero values are lifted to one: a limit
    /// that refuses everything would lock everyone out.
    fn quota(self) -> Quota {
        let max = NonZeroU32::new(self.max).unwrap_or(NonZeroU32::MIN);
        let period = (self.window / max.get()).max(Duration::from_millis(1));
        Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_minute(max))
            .allow_burst(max)
    }
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

/// Above this many live keys, keys whose budget has refilled are forgotten, so a flood of
/// distinct keys cannot grow memory without bound.
const SWEEP_AT: usize = 10_000;

type Keyed<C> =
    Gcra<String, DefaultKeyedStateStore<String>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// The three keyed limiters. `C` is the limiter's own monotonic clock (a fake one in tests).
pub struct RateLimiter<C: Clock = DefaultClock> {
    limits: Limits,
    clock: C,
    per_key: Keyed<C>,
    per_ip: Keyed<C>,
    per_device_unlock: Keyed<C>,
}

impl RateLimiter {
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, DefaultClock::default())
    }
}

impl<C: Clock + Clone> RateLimiter<C> {
    pub fn with_clock(limits: Limits, clock: C) -> Self {
        let keyed = |limit: Limit| {
            Gcra::new(
                limit.quota(),
                DefaultKeyedStateStore::default(),
                clock.clone(),
            )
        };
        Self {
            limits,
            per_key: keyed(limits.per_key),
            per_ip: keyed(limits.per_ip),
            per_device_unlock: keyed(limits.per_device_unlock),
            clock,
        }
    }
}

impl<C: Clock> RateLimiter<C> {
    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn hit(&self, limiter: &Keyed<C>, key: String) -> Result<(), ServerError> {
        if limiter.len() >= SWEEP_AT {
            limiter.retain_recent();
        }
        limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            // Whole seconds, rounded up: a client that waits what it was told succeeds.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            ServerError::RateLimited {
                retry_after_secs: secs.max(1),
            }
        })
    }

    /// The usual pair: the client IP for this endpoint class, and the key being tried.
    pub fn check(&self, class: &str, ip: &str, key: &str) -> Result<(), ServerError> {
        self.hit(&self.per_ip, format!("{class}\0{ip}"))?;
        self.hit(&self.per_key, format!("{class}\0{key}"))
    }

    /// Only the key being tried (a TOTP confirmation, whose caller is already known).
    pub fn check_key(&self, class: &str, key: &str) -> Result<(), ServerError> {
        self.hit(&self.per_key, format!("{class}\0{key}"))
    }

    /// A PIN unlock: the client IP, then the device.
    pub fn check_unlock(&self, ip: &str, device: &str) -> Result<(), ServerError> {
        self.hit(&self.per_ip, format!("unlock\0{ip}"))?;
        self.hit(&self.per_device_unlock, device.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    fn limiter(max: u32) -> (RateLimiter<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        let limit = Limit {
            max,
            window: MINUTE,
        };
        let limits = Limits {
            per_key: limit,
            per_ip: Limit {
                max: 1000,
                window: MINUTE,
            },
            per_device_unlock: limit,
        };
        (RateLimiter::with_clock(limits, clock.clone()), clock)
    }

    #[test]
    fn a_burst_then_one_per_interval_with_retry_after() {
        let (limiter, clock) = limiter(3);
        for _ in 0..3 {
            assert!(limiter.check("c", "ip", "k").is_ok());
        }
        clock.advance(Duration::from_secs(5));
        match limiter.check("c", "ip", "k") {
            // One cell comes back every 20 s; 5 have passed.
            Err(ServerError::RateLimited { retry_after_secs }) => {
                assert_eq!(retry_after_secs, 15)
            }
            other => panic!("expected a limit, got {other:?}"),
        }
        assert!(limiter.check("c", "ip", "other").is_ok());
        clock.advance(Duration::from_secs(15));
        assert!(limiter.check("c", "ip", "k").is_ok());
        assert!(limiter.check("c", "ip", "k").is_err());
        clock.advance(MINUTE);
        for _ in 0..3 {
            assert!(limiter.check("c", "ip", "k").is_ok());
        }
    }

    /// The fixed window this replaced let a guesser spend a full budget just before a window
    /// ended and another just after; GCRA gives no such edge.
    #[test]
    fn no_double_burst_at_a_window_edge() {
        let (limiter, clock) = limiter(10);
        clock.advance(Duration::from_secs(59));
        let first: usize = (0..20)
            .filter(|_| limiter.check_key("c", "k").is_ok())
            .count();
        clock.advance(Duration::from_secs(2));
        let second: usize = (0..20)
            .filter(|_| limiter.check_key("c", "k").is_ok())
            .count();
        assert_eq!(first, 10);
        assert!(second <= 1, "{second} more after two seconds");
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_keys() {
        let (limiter, clock) = limiter(10);
        for i in 0..SWEEP_AT {
            assert!(limiter.check_key("c", &i.to_string()).is_ok());
        }
        clock.advance(MINUTE);
        assert!(limiter.check_key("c", "one more").is_ok());
        assert!(limiter.per_key.len() < 10);
    }
}
