//! Throttling of failed logins, per account and per client address, over a sliding window.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy)]
pub struct LoginThrottle {
    pub max_failures: usize,
    pub window: Duration,
}

/// Five wrong passwords for one account within 15 minutes lock that account for the rest of the
/// window: slow enough to stop guessing, short enough not to lock a person out for long.
pub const PER_ACCOUNT: LoginThrottle = LoginThrottle {
    max_failures: 5,
    window: Duration::minutes(15),
};

/// One address may fail more often (a training centre's staff behind one NAT), but not endlessly.
pub const PER_ADDRESS: LoginThrottle = LoginThrottle {
    max_failures: 20,
    window: Duration::minutes(15),
};

impl LoginThrottle {
    /// Failures before this instant no longer count.
    pub fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }

    /// How long the client must wait, if it must. `failures` are the instants of the failures
    /// inside the window, oldest first.
    pub fn retry_after(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
        if failures.len() < self.max_failures {
            return None;
        }
        // Once this failure leaves the window, one more attempt is allowed.
        let freeing = failures[failures.len() - self.max_failures];
        Some((freeing + self.window - now).max(Duration::seconds(1)))
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
        assert_eq!(PER_ACCOUNT.retry_after(&failures, at(5)), None);
    }

    #[test]
    fn at_the_limit_wait_until_the_oldest_counted_failure_leaves_the_window() {
        let failures: Vec<_> = (0..5).map(at).collect();
        assert_eq!(
            PER_ACCOUNT.retry_after(&failures, at(5)),
            Some(Duration::minutes(10))
        );
        let six: Vec<_> = (0..6).map(at).collect();
        assert_eq!(
            PER_ACCOUNT.retry_after(&six, at(6)),
            Some(Duration::minutes(10))
        );
    }
}
