//! Statistics that survive the purge: counted in the transaction that closes or cancels a
//! session, reported within the caller's scope (admins the nation, network agents their caisse,
//! managers their entities).

use crate::db::DbConnection;
use crate::domain::access::{Access, STATISTICS_SCOPE};
use crate::domain::certificate::CertifiedRole;
use crate::domain::session::Outcome;
use crate::domain::statistics::{self, Counts, GroupBy, Key, Line};
use crate::error::{AppError, AppResult, Code};
use crate::store::statistics::{self as store, Selection};
use crate::store::{entities, trainees};
use crate::workflow::sessions::steps::Current;
use chrono::{DateTime, Utc};

/// Counts a closure: the session, its trainees, who passed and failed, the trainers it certified.
pub fn count_closure(
    conn: &mut DbConnection,
    session: &Current,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let outcomes: Vec<Option<String>> = trainees::of_session(conn, &session.record.id)?
        .into_iter()
        .map(|trainee| trainee.outcome)
        .collect();
    let count = |outcome: Outcome| {
        let n = outcomes
            .iter()
            .filter(|o| o.as_deref() == Some(outcome.as_str()))
            .count();
        i64::try_from(n).unwrap_or(i64::MAX)
    };
    let certifies_trainers =
        CertifiedRole::of_session_level(session.level) == CertifiedRole::Trainer;
    let counts = Counts::closure(
        count(Outcome::Passed),
        count(Outcome::Failed),
        certifies_trainers,
    );
    add(conn, session, &counts, now)
}

pub fn count_cancellation(
    conn: &mut DbConnection,
    session: &Current,
    now: DateTime<Utc>,
) -> AppResult<()> {
    add(conn, session, &Counts::cancellation(), now)
}

fn add(
    conn: &mut DbConnection,
    session: &Current,
    counts: &Counts,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let record = &session.record;
    let caisse_code = entities::caisse_of(conn, record.entity_id.as_str())?
        .ok_or_else(|| AppError::internal("a session's entity is gone"))?;
    let key = Key {
        month: statistics::month_of(now.date_naive()),
        entity_id: record.entity_id.to_string(),
        caisse_code,
        scheme_code: session.scheme_code.clone(),
        level: session.level,
        kind: record.kind.clone(),
    };
    Ok(store::add(conn, &key, counts)?)
}

/// A report: the rows the caller may see that the selection names, summed per group.
pub fn report(
    conn: &mut DbConnection,
    access: &Access,
    mut selection: Selection,
    group_by: &[GroupBy],
) -> AppResult<Vec<Line>> {
    selection.scope = scope(conn, access, &selection)?;
    Ok(statistics::group(store::rows(conn, &selection)?, group_by))
}

/// `None` for the nation; else the caller's caisses and entities. 403 for a caller who has none
/// (`Access::check_reads_statistics`), or whose filter names a caisse or an entity outside them (an entity is within an agent's
/// scope when it is of the agent's caisse, a caisse within a manager's when one of its entities
/// is of it).
fn scope(
    conn: &mut DbConnection,
    access: &Access,
    selection: &Selection,
) -> AppResult<Option<(Vec<String>, Vec<String>)>> {
    access.check_reads_statistics()?;
    if access.admin {
        return Ok(None);
    }
    let caisses = access.caisses.clone();
    let managed: Vec<String> = access.managed.iter().map(ToString::to_string).collect();
    let caisse_outside = match &selection.caisse_code {
        Some(caisse) if !caisses.contains(caisse) => {
            !entities::caisses_of(conn, &access.managed)?.contains(caisse)
        }
        _ => false,
    };
    let entity_outside = match &selection.entity_id {
        Some(entity) if !managed.contains(entity) => {
            !entities::caisse_of(conn, entity)?.is_some_and(|caisse| caisses.contains(&caisse))
        }
        _ => false,
    };
    if caisse_outside || entity_outside {
        return Err(AppError::new(Code::StatisticsOutOfScope, STATISTICS_SCOPE));
    }
    Ok(Some((caisses, managed)))
}
