//! How long things are kept. Each function gives the instant before which something goes.

use chrono::{DateTime, Duration, Months, Utc};

/// Closed and cancelled sessions (with their trainees, results, uploads and certificates) are
/// deleted 15 calendar days after their closure or cancellation.
pub const SESSION_DAYS: i64 = 15;
/// A registration whose account never got further is dropped after 6 months.
pub const ABANDONED_REGISTRATION_MONTHS: u32 = 6;
/// Delivered (or abandoned) messages are kept 30 days, for support.
pub const SENT_MESSAGE_DAYS: i64 = 30;

pub fn sessions_ended_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(SESSION_DAYS)
}

pub fn registrations_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(ABANDONED_REGISTRATION_MONTHS))
        .unwrap_or(now)
}

/// A spent or revoked refresh token is kept 30 days, so that its reuse is still recognised.
pub const SPENT_TOKEN_DAYS: i64 = 30;

pub fn tokens_spent_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(SPENT_TOKEN_DAYS)
}

pub fn messages_sent_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(SENT_MESSAGE_DAYS)
}

/// The first answer to an `Idempotency-Key` is kept 24 hours (it may hold personal data).
pub const IDEMPOTENCY_HOURS: i64 = 24;

pub fn idempotency_keys_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::hours(IDEMPOTENCY_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_goes_fifteen_calendar_days_after_it_ended() {
        let now: DateTime<Utc> = "2026-12-07T10:00:00Z".parse().unwrap();
        let cutoff: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        assert_eq!(sessions_ended_before(now), cutoff);
        let six_months: DateTime<Utc> = "2026-06-07T10:00:00Z".parse().unwrap();
        assert_eq!(registrations_before(now), six_months);
    }
}
