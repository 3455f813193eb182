//! What every workflow step shares: find the session (404), check who takes the step (403),
//! check the step is legal now (409) and the caller's version (412), then move the session and
//! record who did what and when.

use super::{SessionView, check_version, load, stale};
use crate::db::DbConnection;
use crate::domain::session::{SessionStatus, Step};
use crate::error::{AppError, AppResult};
use crate::ids::SessionId;
use crate::store::access::Access;
use crate::store::habilitations;
use crate::store::sessions::{self as store, SessionRecord, plan};
use chrono::{DateTime, Utc};

pub struct Current {
    pub record: SessionRecord,
    pub scheme_code: String,
    pub level: i32,
    pub status: SessionStatus,
}

#[derive(Clone, Copy)]
pub enum Taker {
    /// A manager of the entity or a delegate of the habilitation.
    Runner,
    /// The session's own trainer.
    Trainer,
}

/// The session, once the caller may take `step` on it now.
pub fn current(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    taker: Taker,
    step: Step,
    expected_version: Option<&str>,
) -> AppResult<Current> {
    let (record, scheme_code, level) =
        store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    match taker {
        Taker::Runner => {
            let habilitation = habilitations::find_visible(conn, access, &record.habilitation_id)?
                .ok_or_else(AppError::not_found)?;
            plan::check_runner(access, &habilitation)?;
        }
        Taker::Trainer if record.trainer_id != access.user_id => {
            return Err(AppError::forbidden(
                "session.not_the_trainer",
                "Seul le formateur de la session prend cette décision.",
            ));
        }
        Taker::Trainer => {}
    }
    let status = SessionStatus::parse(&record.status)
        .ok_or_else(|| AppError::internal("unknown session status"))?;
    status.after(step)?;
    check_version(expected_version, record.version)?;
    Ok(Current {
        record,
        scheme_code,
        level,
        status,
    })
}

/// Moves the session by `step`, records it, and returns the session as it now is.
pub fn advance(
    conn: &mut DbConnection,
    access: &Access,
    current: &Current,
    step: Step,
    return_comment: Option<&str>,
    event: (&str, Option<&str>),
    now: DateTime<Utc>,
) -> AppResult<(SessionView, i32)> {
    let next = current.status.after(step)?;
    let ended = matches!(next, SessionStatus::Closed | SessionStatus::Cancelled);
    let id = &current.record.id;
    if !store::transition(
        conn,
        id,
        current.record.version,
        next,
        return_comment,
        ended,
        now,
    )? {
        return Err(stale());
    }
    store::record_event(conn, id, event.0, &access.user_id, event.1, now)?;
    load(conn, access, id)
}
