//! The trainer marks each trainee: identity checked, passed or failed. Results are written while
//! the session awaits them, by its trainer only, and give the session a new version.

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::session::{Outcome, Step};
use crate::error::{AppError, AppResult, Code};
use crate::ids::{SessionId, TraineeId};
use crate::store::trainees::{self as store, TraineeRecord};
use crate::workflow::sessions::steps::{Taker, current};
use crate::workflow::trainees::touch;
use chrono::{DateTime, Utc};

pub struct Mark {
    pub trainee_id: TraineeId,
    pub identity_checked: bool,
    pub outcome: Outcome,
}

/// The session's trainees as marked, and its new version.
pub fn record(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    expected_version: Option<&str>,
    marks: &[Mark],
    now: DateTime<Utc>,
) -> AppResult<(Vec<TraineeRecord>, i32)> {
    let current = current(
        conn,
        access,
        id,
        Taker::Trainer,
        Step::SendResults,
        expected_version,
    )?;
    let known = store::of_session(conn, id)?;
    for mark in marks {
        if !known.iter().any(|trainee| trainee.id == mark.trainee_id) {
            return Err(AppError::new(
                Code::ResultsUnknownTrainee,
                "Un stagiaire n'est pas de cette session.",
            ));
        }
        store::set_result(
            conn,
            &mark.trainee_id,
            mark.identity_checked,
            mark.outcome.as_str(),
            now,
        )?;
    }
    let version = touch(conn, &current.record, now)?;
    Ok((store::of_session(conn, id)?, version))
}
