//! Throttling over a sliding window: failed logins per account and per client address,
//! registrations and password resets per client address, reset e-mails per account.

use crate::error::RateLimit;
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    /// Its name in the `RateLimit` headers.
    pub policy: &'static str,
    pub max_events: usize,
    pub window: Duration,
}

/// Five wrong passwords for one account within 15 minutes lock that account for the rest of the
/// window: slow enough to stop guessing, short enough not to lock a person out for long.
pub const LOGIN_PER_ACCOUNT: Throttle = Throttle {
    policy: "login-account",
    max_events: 5,
    window: Duration::minutes(15),
};

/// One address may fail more often (a training centre's staff behind one NAT), but not endlessly.
pub const LOGIN_PER_ADDRESS: Throttle = Throttle {
    policy: "login-address",
    max_events: 20,
    window: Duration::minutes(15),
};

/// A handful of new training bodies may register from one address in an hour; a script may not.
pub const REGISTRATIONS_PER_ADDRESS: Throttle = Throttle {
    policy: "registration-address",
    max_events: 3,
    window: Duration::hours(1),
};

/// Password-reset requests: a few per address per hour (each may send an e-mail)…
pub const RESETS_PER_ADDRESS: Throttle = Throttle {
    policy: "password-reset-address",
    max_events: 5,
    window: Duration::hours(1),
};

/// …and one e-mail per account every 15 minutes, whoever asks: no mailbox flooding.
pub const RESETS_PER_ACCOUNT: Throttle = Throttle {
    policy: "password-reset-account",
    max_events: 1,
    window: Duration::minutes(15),
};

impl Throttle {
    /// Events before this instant no longer count.
    pub fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }

    /// How long the client must wait, if it must. `events` are the instants of the events inside
    /// the window, oldest first.
    pub fn retry_after(&self, events: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
        if events.len() < self.max_events {
            return None;
        }
        // Once this event leaves the window, one more is allowed.
        let freeing = events[events.len() - self.max_events];
        Some((freeing + self.window - now).max(Duration::seconds(1)))
    }
}

impl Throttle {
    /// Where a client stands in the window, for the `RateLimit` headers: attempts left and
    /// seconds until the window frees one (its full length when nothing is counted).
    pub fn state(&self, events: &[DateTime<Utc>], now: DateTime<Utc>) -> RateLimit {
        let reset = events
            .first()
            .map_or(self.window, |oldest| *oldest + self.window - now)
            .max(Duration::seconds(1));
        RateLimit {
            policy: self.policy,
            quota: u32::try_from(self.max_events).unwrap_or(u32::MAX),
            window_seconds: self.window.num_seconds().unsigned_abs(),
            remaining: u32::try_from(self.max_events.saturating_sub(events.len())).unwrap_or(0),
            reset_seconds: reset.num_seconds().unsigned_abs(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap() + Duration::minutes(minute)
    }

    #[test]
    fn below_the_limit_nothing_waits() {
        let failures: Vec<_> = (0..4).map(at).collect();
        assert_eq!(LOGIN_PER_ACCOUNT.retry_after(&failures, at(5)), None);
    }

    #[test]
    fn at_the_limit_wait_until_the_oldest_counted_failure_leaves_the_window() {
        let failures: Vec<_> = (0..5).map(at).collect();
        assert_eq!(
            LOGIN_PER_ACCOUNT.retry_after(&failures, at(5)),
            Some(Duration::minutes(10))
        );
        let six: Vec<_> = (0..6).map(at).collect();
        assert_eq!(
            LOGIN_PER_ACCOUNT.retry_after(&six, at(6)),
            Some(Duration::minutes(10))
        );
    }
}
