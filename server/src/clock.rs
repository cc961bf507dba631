//! The relay's notion of "now", in unix milliseconds.
//!
//! Every lifetime the relay enforces (sessions, invites, TOTP steps) and every time it records
//! (audit rows, enrolments) reads this one clock from the state, never the system directly, so a
//! test can move time forward by hours and watch a session or an invite expire. Rate limiting
//! keeps its own monotonic clock: it measures bursts, not lifetimes.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of the current time.
pub trait TimeSource: Send + Sync {
    fn now_ms(&self) -> i64;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }
}

/// A clock that moves only when told to; clones share the same time.
#[derive(Debug, Clone, Default)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn starting_at(now_ms: i64) -> Self {
        Self(Arc::new(AtomicI64::new(now_ms)))
    }

    pub fn set(&self, now_ms: i64) {
        self.0.store(now_ms, Ordering::SeqCst);
    }

    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn advance_mins(&self, minutes: i64) {
        self.advance_ms(minutes * 60 * 1000);
    }
}

impl TimeSource for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The clock the state carries. Cheap to clone.
#[derive(Clone)]
pub struct Clock(Arc<dyn TimeSource>);

impl Clock {
    pub fn system() -> Self {
        Self(Arc::new(SystemClock))
    }

    pub fn manual(clock: &ManualClock) -> Self {
        Self(Arc::new(clock.clone()))
    }

    pub fn now_ms(&self) -> i64 {
        self.0.now_ms()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now_ms())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let manual = ManualClock::starting_at(1_000);
        let clock = Clock::manual(&manual);
        assert_eq!(clock.now_ms(), 1_000);
        manual.advance_mins(2);
        assert_eq!(clock.now_ms(), 121_000);
        manual.set(5);
        assert_eq!(clock.clone().now_ms(), 5);
        assert!(Clock::system().now_ms() > 1_600_000_000_000);
    }
}
