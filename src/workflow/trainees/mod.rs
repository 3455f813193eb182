//! Who follows a session. Trainees change only while the session is in the entity's hands (its
//! runners, `domain::access`); each change gives the session a new version (its `ETag`).

pub mod add;
pub mod check;
pub mod correct;
pub mod import;
pub mod proof;
pub mod remove;
pub mod update;

use crate::db::DbConnection;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::session::stale;
use crate::error::{AppError, AppResult};
use crate::ids::TraineeId;
use crate::store::sessions::SessionRecord;
use crate::store::trainees::{self as store, TraineeFields, TraineeRecord};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TraineeInput {
    #[schema(example = "Lefèvre-Garçon")]
    pub family_name: String,
    #[schema(example = "Éloïse")]
    pub given_name: String,
    /// In the past, and at least 14 years before the session's first day.
    pub birth_date: NaiveDate,
    /// Required in a trainers' session (level 2): passed trainees become trainers.
    pub email: Option<String>,
    /// For a MAC: the token of the trainee's previous certificate (its QR code). It must verify
    /// (an expired certificate is fine), be of the session's scheme and level, and name the trainee.
    pub prior_certificate_token: Option<String>,
    /// The trainee's Forprev number, if it has an account: in a trainers' session, the
    /// certificate goes to that account (otherwise to the account of its e-mail, or a new one).
    pub forprev_number: Option<ForprevNumber>,
    /// The trainee consented (to the training body, which records it here) to receive its own
    /// certificate by e-mail at closure, with a calendar reminder of its MAC; requires `email`.
    #[serde(default)]
    pub send_certificate: bool,
}

/// The trainee among the session's, or 404.
fn trainee_of<'a>(all: &'a [TraineeRecord], trainee: &TraineeId) -> AppResult<&'a TraineeRecord> {
    all.iter()
        .find(|record| &record.id == trainee)
        .ok_or_else(AppError::not_found)
}

/// Gives the session its new version after a trainee change.
pub fn touch(
    conn: &mut DbConnection,
    session: &SessionRecord,
    now: DateTime<Utc>,
) -> AppResult<i32> {
    if store::touch_session(conn, &session.id, session.version, now)? {
        Ok(session.version + 1)
    } else {
        Err(stale())
    }
}

/// Adds checked trainees to the session and gives it its new version: the records added, and
/// the version.
pub fn insert_all(
    conn: &mut DbConnection,
    session: &SessionRecord,
    trainees: &[TraineeFields],
    now: DateTime<Utc>,
) -> AppResult<(Vec<TraineeRecord>, i32)> {
    let mut added = Vec::new();
    for trainee in trainees {
        added.push(store::insert(conn, &session.id, trainee, now)?);
    }
    let version = touch(conn, session, now)?;
    let records = store::of_session(conn, &session.id)?
        .into_iter()
        .filter(|record| added.contains(&record.id))
        .collect();
    Ok((records, version))
}
