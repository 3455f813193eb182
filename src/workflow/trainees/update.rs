//! A trainee's details change, checked again as a whole.

use super::check::{check, check_no_duplicate, fields_of, verify_prior};
use super::{TraineeInput, touch, trainee_of};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::fields::Fields;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::store::trainees::{self as store, TraineeRecord};
use crate::workflow::sessions::editable::editable;
use chrono::{DateTime, Utc};

/// The trainee as updated and the session's new version; `patched` gives the trainee as the
/// caller wants it from the trainee as it is.
pub fn update(
    conn: &mut DbConnection,
    access: &Access,
    (id, trainee_id): (&SessionId, &TraineeId),
    expected_version: Option<&str>,
    patched: impl FnOnce(&TraineeRecord) -> TraineeInput,
    now: DateTime<Utc>,
) -> AppResult<(TraineeRecord, i32)> {
    let editable = editable(conn, access, id, expected_version)?;
    let all = store::of_session(conn, id)?;
    let current = trainee_of(&all, trainee_id)?;
    let input = patched(current);
    let today = now.date_naive();
    let prior = verify_prior(conn, &input, today)?;
    let mut fields = Fields::default();
    let trainee = check(&input, &editable, prior.as_ref(), today, &mut fields, "");
    fields.finish()?;
    let others: Vec<_> = all
        .iter()
        .filter(|record| &record.id != trainee_id)
        .map(fields_of)
        .collect();
    check_no_duplicate(&others, &trainee, "trainee".into())?;
    store::update(conn, trainee_id, &trainee, now)?;
    let version = touch(conn, &editable.session, now)?;
    let updated = trainee_of(&store::of_session(conn, id)?, trainee_id)?.clone();
    Ok((updated, version))
}
