//! Closing a validated session: its runners, by the closure deadline. One PDF certificate per
//! passed trainee, kept as one zip; in a trainers' session (level 2) each passed trainee becomes
//! a trainer; the statistics count it. All of it or nothing: a second close, even a simultaneous one, answers 409.

use super::steps::{self, Taker};
use crate::certificates::Signer;
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::session::{self, Step};
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::certificates::issue;
use crate::workflow::statistics;
use chrono::{DateTime, Utc};

/// Closes the session; returns how many certificates it issued.
pub fn close(
    conn: &mut DbConnection,
    (config, signer): (&Config, &Signer),
    access: &Access,
    (id, expected_version): (&SessionId, Option<&str>),
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let current = steps::current(
        conn,
        access,
        id,
        Taker::Runner,
        Step::Close,
        expected_version,
    )?;
    session::check_closure_deadline(current.record.end_date, now.date_naive())?;
    // Rendering is the slow part: done before the transaction, which stays short.
    let issue = issue::prepare(
        conn,
        signer,
        (&current.record, &current.scheme_code, current.level),
        &access.user_id,
    )?;
    conn.write_transaction(|conn| {
        steps::advance(
            conn,
            config,
            access,
            &current,
            Step::Close,
            ("closed", None),
            now,
        )?;
        issue::record(conn, config, &current.record, current.level, &issue, now)?;
        statistics::count_closure(conn, &current, now)
    })?;
    Ok(issue.certificates.len())
}
