//! A session's moves between its declaration and its closure, each with its own rules: its
//! runners submit it to the trainer or cancel it; the trainer sends the results or returns it
//! with a comment. `steps::take` does what they share (who, when, which version, the messages).

use super::plan::check_trainer;
use super::steps::{Current, StepRequest, Taker, take};
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::session::{self, Outcome, SessionKind, Step};
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::store::{reference, trainees};
use crate::workflow::statistics;
use chrono::{DateTime, Utc};

/// The session and the version the caller read (its `If-Match`, if sent).
pub type Target<'a> = (&'a SessionId, Option<&'a str>);

/// To the trainer, once it has between the scheme's minimum and maximum of trainees and, for a
/// MAC, each trainee's prior certificate (a token or a scan).
pub fn submit(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    target: Target,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = StepRequest::new(Taker::Runner, Step::Submit, "submitted");
    take(conn, config, access, target, request, ready_to_submit, now).map(drop)
}

fn ready_to_submit(conn: &mut DbConnection, current: &Current) -> AppResult<()> {
    let scheme = reference::scheme(conn, &current.scheme_code, current.level)?
        .ok_or_else(|| AppError::internal("a session names an unknown scheme"))?;
    let id = &current.record.id;
    let trainees = trainees::of_session(conn, id)?;
    session::check_trainee_count(trainees.len(), scheme.min_trainees, scheme.max_trainees)?;
    let scanned = trainees::with_proof(conn, id)?;
    let missing: Vec<String> = trainees
        .iter()
        .filter(|trainee| {
            trainee.prior_certificate_token.is_none() && !scanned.contains(&trainee.id)
        })
        .map(|trainee| format!("{} {}", trainee.family_name, trainee.given_name))
        .collect();
    let kind = SessionKind::parse(&current.record.kind)
        .ok_or_else(|| AppError::internal("unknown kind"))?;
    session::check_mac_proofs(kind, &missing)
}

/// Back to the entity, with the trainer's reason (required).
pub fn send_back(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    target: Target,
    comment: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let comment = comment.trim();
    let request = StepRequest {
        comment: Some(comment.to_owned()),
        ..StepRequest::new(Taker::Trainer, Step::Return, "returned")
    };
    let explained = |_: &mut DbConnection, _: &Current| {
        if comment.is_empty() {
            Err(AppError::new(
                Code::SessionCommentRequired,
                "Un retour se motive.",
            ))
        } else {
            Ok(())
        }
    };
    take(conn, config, access, target, request, explained, now).map(drop)
}

/// The trainer's results, once every trainee is marked and the trainer still holds a certificate
/// covering the session.
pub fn send_results(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    target: Target,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = StepRequest::new(Taker::Trainer, Step::SendResults, "results_sent");
    take(conn, config, access, target, request, results_ready, now).map(drop)
}

fn results_ready(conn: &mut DbConnection, current: &Current) -> AppResult<()> {
    let record = &current.record;
    let results: Vec<(bool, Option<Outcome>)> = trainees::of_session(conn, &record.id)?
        .iter()
        .map(|trainee| {
            (
                trainee.identity_checked,
                trainee.outcome.as_deref().and_then(Outcome::parse),
            )
        })
        .collect();
    session::check_results_complete(&results)?;
    check_trainer(
        conn,
        &record.trainer_id,
        &current.scheme_code,
        current.level,
        record.start_date,
        record.end_date,
    )
}

/// By its runners, before it is closed; kept 15 days, then purged.
pub fn cancel(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    target: Target,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = StepRequest::new(Taker::Runner, Step::Cancel, "cancelled");
    let session = take(conn, config, access, target, request, |_, _| Ok(()), now)?;
    statistics::count_cancellation(conn, &session, now)
}
