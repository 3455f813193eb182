//! What every workflow step shares: find the session (404), check who takes the step (403),
//! check the step is legal now (409) and the caller's version (412), then move the session and
//! record who did what and when.

use super::{SessionView, check_version, if_match, load, respond, stale};
use crate::AppState;
use crate::auth::Actor;
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::session::{SessionStatus, Step};
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::notifications;
use crate::store::access::Access;
use crate::store::habilitations;
use crate::store::sessions::{self as store, SessionRecord, plan};
use actix_web::{HttpRequest, HttpResponse};
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
            if row.0.trainer_id != access.user_id {
                return Err(AppError::new(
                    Code::SessionNotTheTrainer,
                    "Seul le formateur de la session prend cette décision.",
                ));
            }
            row
        }
    };
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

/// The session, if the caller runs it (a manager of the entity or a delegate of the
/// habilitation): 404 if it may not see it, 403 if it only sees it (its trainer, the network).
pub fn run_by(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
) -> AppResult<store::SessionRow> {
    let row = store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let habilitation = habilitations::find_visible(conn, access, &row.0.habilitation_id)?
        .ok_or_else(plan::not_a_runner)?;
    plan::check_runner(access, &habilitation)?;
    Ok(row)
}

/// Moves the session by `step`, records it (`event`: action and comment), queues the messages it
/// sends, and returns the session as it now is. A step that loses a race to another answers 409
/// with the status the winner left (or 412 if the session only changed).
pub fn advance(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    current: &Current,
    step: Step,
    event: (&str, Option<&str>),
    now: DateTime<Utc>,
) -> AppResult<(SessionView, i32)> {
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
                _ => stale(),
            },
        );
    }
    store::record_event(conn, id, event.0, &access.user_id, event.1, now)?;
    let session = (&current.record, current.scheme_code.as_str());
    notifications::session_moved(conn, config, session, (next, event.1), now)?;
    load(conn, access, id)
}

/// One step of a session, end to end, in one transaction: who takes it (`taker`), the step's own
/// rules (`check`, once the step is known to be legal now), the move, its event and the messages
/// it sends.
pub struct StepRequest {
    pub taker: Taker,
    pub step: Step,
    pub event: &'static str,
    pub comment: Option<String>,
}

pub async fn take(
    state: &AppState,
    actor: Actor,
    id: SessionId,
    req: &HttpRequest,
    request: StepRequest,
    check: impl FnOnce(&mut DbConnection, &Current) -> AppResult<()> + Send + 'static,
) -> AppResult<HttpResponse> {
    let expected = if_match(req);
    let now = state.clock.now();
    let session = state
        .db(move |conn, state| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                let current = current(
                    conn,
                    &access,
                    &id,
                    request.taker,
                    request.step,
                    expected.as_deref(),
                )?;
                check(conn, &current)?;
                advance(
                    conn,
                    &state.config,
                    &access,
                    &current,
                    request.step,
                    (request.event, request.comment.as_deref()),
                    now,
                )
            })
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), session))
}
