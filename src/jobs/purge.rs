//! The purge: closed and cancelled sessions 15 days on (with their trainees, results, uploads,
//! certificate archive and every message about them), dead refresh tokens, abandoned
//! registrations, old sent messages; then the space the deleted rows held is reclaimed (see
//! `store::purge::reclaim`). Trainer certificates, signing keys and revocations are never touched.

use crate::db::{DbConnection, Pool};
use crate::domain::retention;
use crate::error::AppResult;
use crate::store::purge;
use chrono::{DateTime, Utc};
use diesel::QueryResult;

/// Rows per transaction: small enough that the API keeps answering while a big purge runs.
pub const BATCH: i64 = 500;
const LOCK_KEY: i32 = 0x5075_7267; // "Purg"

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub sessions: usize,
    pub refresh_tokens: usize,
    pub registrations: usize,
    pub messages: usize,
    pub idempotency_keys: usize,
}

pub fn run(pool: &Pool, now: DateTime<Utc>) -> AppResult<Report> {
    let mut conn = pool.get()?;
    let conn = &mut *conn;
    let report = Report {
        sessions: in_batches(conn, |conn| {
            purge::ended_sessions(conn, retention::sessions_ended_before(now), BATCH)
        })?,
        refresh_tokens: in_batches(conn, |conn| {
            purge::dead_refresh_tokens(conn, now, retention::tokens_spent_before(now), BATCH)
        })?,
        registrations: in_batches(conn, |conn| {
            purge::abandoned_registrations(conn, retention::registrations_before(now), BATCH)
        })?,
        messages: in_batches(conn, |conn| {
            purge::sent_messages(conn, retention::messages_sent_before(now), BATCH)
        })?,
        idempotency_keys: in_batches(conn, |conn| {
            purge::expired_idempotency_keys(conn, retention::idempotency_keys_before(now), BATCH)
        })?,
    };
    if report != Report::default() {
        purge::reclaim(conn)?;
        tracing::info!(
            sessions = report.sessions,
            refresh_tokens = report.refresh_tokens,
            registrations = report.registrations,
            messages = report.messages,
            idempotency_keys = report.idempotency_keys,
            "purged"
        );
    }
    Ok(report)
}

/// Runs `batch` in its own transaction until it deletes less than a full batch, or another
/// instance holds the lock. The total deleted.
fn in_batches(
    conn: &mut DbConnection,
    mut batch: impl FnMut(&mut DbConnection) -> QueryResult<usize>,
) -> QueryResult<usize> {
    let mut total = 0;
    loop {
        let deleted = conn.write_transaction(|conn| {
            if super::try_lock(conn, LOCK_KEY)? {
                batch(conn).map(Some)
            } else {
                Ok(None)
            }
        })?;
        match deleted {
            Some(deleted) => {
                total += deleted;
                if deleted < usize::try_from(BATCH).unwrap_or(usize::MAX) {
                    return Ok(total);
                }
            }
            None => return Ok(total),
        }
    }
}
