//! A trainee leaves a session that is still in the entity's hands.

use super::{touch, trainee_of};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::store::trainees as store;
use crate::workflow::sessions::editable::editable;
use chrono::{DateTime, Utc};

/// The session's new version.
pub fn remove(
    conn: &mut DbConnection,
    access: &Access,
    (id, trainee_id): (&SessionId, &TraineeId),
    expected_version: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<i32> {
    let session = editable(conn, access, id, expected_version)?.session;
    trainee_of(&store::of_session(conn, id)?, trainee_id)?;
    store::delete(conn, trainee_id)?;
    touch(conn, &session, now)
}
