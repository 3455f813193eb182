//! The scan of a MAC trainee's previous certificate, when it has no certificate token.

use super::{touch, trainee_of};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::store::trainees as store;
use crate::workflow::sessions::editable::editable;
use chrono::{DateTime, Utc};

pub struct Scan<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
}

/// Keeps the scan; the session's new version.
pub fn save(
    conn: &mut DbConnection,
    access: &Access,
    (id, trainee_id): (&SessionId, &TraineeId),
    expected_version: Option<&str>,
    scan: &Scan,
    now: DateTime<Utc>,
) -> AppResult<i32> {
    let session = editable(conn, access, id, expected_version)?.session;
    trainee_of(&store::of_session(conn, id)?, trainee_id)?;
    store::save_proof(
        conn,
        trainee_id,
        scan.file_name,
        scan.content_type,
        scan.content,
        now,
    )?;
    touch(conn, &session, now)
}
