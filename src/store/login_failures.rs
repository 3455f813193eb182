//! Failed logins, keyed by account or by client address, for throttling.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::login_failures;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

/// The failures of `key` since `since`, oldest first.
pub fn since(
    conn: &mut DbConnection,
    key: &str,
    since: DateTime<Utc>,
) -> QueryResult<Vec<DateTime<Utc>>> {
    let instants: Vec<NaiveDateTime> = login_failures::table
        .filter(login_failures::throttle_key.eq(key))
        .filter(login_failures::failed_at.gt(naive(since)))
        .order(login_failures::failed_at)
        .select(login_failures::failed_at)
        .load(conn)?;
    Ok(instants
        .into_iter()
        .map(|instant| instant.and_utc())
        .collect())
}

/// Records one failure and forgets the failures of `key` that left the window.
pub fn record(
    conn: &mut DbConnection,
    key: &str,
    now: DateTime<Utc>,
    window_start: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::throttle_key.eq(key))
            .filter(login_failures::failed_at.le(naive(window_start))),
    )
    .execute(conn)?;
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(uuid::Uuid::now_v7().to_string()),
            login_failures::throttle_key.eq(key),
            login_failures::failed_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn clear(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::throttle_key.eq(key)))
        .execute(conn)
        .map(drop)
}
