//! Throttled events (failed logins, registrations, password resets), keyed by what they count.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::throttle_events;
use crate::domain::throttle::Throttle;
use crate::error::{AppError, AppResult, RateLimit};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

/// 429 when `key` already had as many events as `throttle` allows in its window; otherwise
/// where it stands (for the `RateLimit` headers).
pub fn check(
    conn: &mut DbConnection,
    key: &str,
    throttle: &Throttle,
    now: DateTime<Utc>,
) -> AppResult<RateLimit> {
    let events = since(conn, key, throttle.window_start(now))?;
    let state = throttle.state(&events, now);
    match throttle.retry_after(&events, now) {
        Some(wait) => {
            let mut refusal = AppError::too_many_requests(wait.num_seconds().unsigned_abs());
            refusal.rate_limit = Some(Box::new(state));
            Err(refusal)
        }
        None => Ok(state),
    }
}

/// How long until `key` may have another event; none when it may now.
pub fn wait(
    conn: &mut DbConnection,
    key: &str,
    throttle: &Throttle,
    now: DateTime<Utc>,
) -> QueryResult<Option<chrono::Duration>> {
    let events = since(conn, key, throttle.window_start(now))?;
    Ok(throttle.retry_after(&events, now))
}

/// The events of `key` since `since`, oldest first.
fn since(
    conn: &mut DbConnection,
    key: &str,
    since: DateTime<Utc>,
) -> QueryResult<Vec<DateTime<Utc>>> {
    let instants: Vec<NaiveDateTime> = throttle_events::table
        .filter(throttle_events::throttle_key.eq(key))
        .filter(throttle_events::occurred_at.gt(naive(since)))
        .order(throttle_events::occurred_at)
        .select(throttle_events::occurred_at)
        .load(conn)?;
    Ok(instants
        .into_iter()
        .map(|instant| instant.and_utc())
        .collect())
}

/// Records one event and forgets the events of `key` that left the throttle's window.
pub fn record(
    conn: &mut DbConnection,
    key: &str,
    throttle: &Throttle,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(
        throttle_events::table
            .filter(throttle_events::throttle_key.eq(key))
            .filter(throttle_events::occurred_at.le(naive(throttle.window_start(now)))),
    )
    .execute(conn)?;
    diesel::insert_into(throttle_events::table)
        .values((
            throttle_events::id.eq(uuid::Uuid::now_v7().to_string()),
            throttle_events::throttle_key.eq(key),
            throttle_events::occurred_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn clear(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    diesel::delete(throttle_events::table.filter(throttle_events::throttle_key.eq(key)))
        .execute(conn)
        .map(drop)
}
