//! What every step of a session shares: find the session (404), check who takes the step
//! (403, `domain::access`), check the step is legal now (409) and the caller's version (412),
//! then move the session and record who did what and when, with the messages it sends.

use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::access::{self, Access};
use crate::domain::session::{self, SessionStatus, Step};
use crate::error::{AppError, AppResult};
use crate::ids::SessionId;
use crate::notifications;
use crate::store::habilitations;
use crate::store::sessions::{self as store, SessionRecord};
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
    let (record, scheme_code, level) = match taker {
        Taker::Runner => run_by(conn, access, id)?,
        Taker::Trainer => {
            let row = store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
            access.check_is_trainer(&row.0.trainer_id)?;
            row
        }
    };
    let status = SessionStatus::parse(&record.status)
        .ok_or_else(|| AppError::internal("unknown session status"))?;
    status.after(step)?;
    session::check_version(expected_version, record.version)?;
    Ok(Current {
        record,
        scheme_code,
        level,
        status,
    })
}

/// The session, if the caller runs it (a manager of the entity or a delegate of the
/// habilitation): 404 if it may not see it, 403 if it only sees it (its trainer, the network).
pub fn run_by(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
) -> AppResult<store::SessionRow> {
    let row = store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let habilitation = habilitations::find_visible(conn, access, &row.0.habilitation_id)?
        .ok_or_else(access::not_a_runner)?;
    access.check_runs(&habilitation.entity_id, &habilitation.id)?;
    Ok(row)
}

/// Moves the session by `step`, records it (`event`: action and comment) and queues the messages
/// it sends. A step that loses a race to another answers 409 with the status the winner left (or
/// 412 if the session only changed).
pub fn advance(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    current: &Current,
    step: Step,
    event: (&str, Option<&str>),
    now: DateTime<Utc>,
) -> AppResult<()> {
    let next = current.status.after(step)?;
    // A return keeps its comment on the session; every other step clears it.
    let return_comment = event.1.filter(|_| step == Step::Return);
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
        let (now_current, _, _) =
            store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
        return Err(
            match SessionStatus::parse(&now_current.status).map(|s| s.after(step)) {
                Some(Err(illegal)) => illegal,
                _ => session::stale(),
            },
        );
    }
    store::record_event(conn, id, event.0, &access.user_id, event.1, now)?;
    let session = (&current.record, current.scheme_code.as_str());
    notifications::session_moved(conn, config, session, (next, event.1), now)
}

/// One step of a session, end to end: who takes it (`taker`), the step's own rules (`check`,
/// once the step is known to be legal now), the move, its event and the messages it sends. The
/// caller runs it in a write transaction.
pub struct StepRequest {
    pub taker: Taker,
    pub step: Step,
    pub event: &'static str,
    pub comment: Option<String>,
}

impl StepRequest {
    pub fn new(taker: Taker, step: Step, event: &'static str) -> Self {
        StepRequest {
            taker,
            step,
            event,
            comment: None,
        }
    }
}

pub fn take(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    (id, expected_version): (&SessionId, Option<&str>),
    request: StepRequest,
    check: impl FnOnce(&mut DbConnection, &Current) -> AppResult<()>,
    now: DateTime<Utc>,
) -> AppResult<Current> {
    let current = current(
        conn,
        access,
        id,
        request.taker,
        request.step,
        expected_version,
    )?;
    check(conn, &current)?;
    advance(
        conn,
        config,
        access,
        &current,
        request.step,
        (request.event, request.comment.as_deref()),
        now,
    )?;
    Ok(current)
}
