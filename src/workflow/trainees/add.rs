//! Trainees join a session, all of a call or none, up to the scheme's maximum.

use super::check::{check, check_no_duplicate, fields_of, verify_prior};
use super::{TraineeInput, insert_all};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::fields::Fields;
use crate::domain::session;
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::store::reference;
use crate::store::trainees::{self as store, TraineeFields, TraineeRecord};
use crate::workflow::sessions::editable::{Editable, editable};
use chrono::{DateTime, Utc};

pub const MAX_PER_CALL: usize = 50;

/// The trainees added and the session's new version.
pub fn add(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    expected_version: Option<&str>,
    inputs: &[TraineeInput],
    now: DateTime<Utc>,
) -> AppResult<(Vec<TraineeRecord>, i32)> {
    if inputs.is_empty() || inputs.len() > MAX_PER_CALL {
        return Err(AppError::new(
            Code::TraineeBatchSize,
            format!("De 1 à {MAX_PER_CALL} stagiaires par appel."),
        ));
    }
    let editable = editable(conn, access, id, expected_version)?;
    let today = now.date_naive();
    let priors = inputs
        .iter()
        .map(|input| verify_prior(conn, input, today))
        .collect::<AppResult<Vec<_>>>()?;
    let mut fields = Fields::default();
    let checked: Vec<_> = inputs
        .iter()
        .zip(&priors)
        .enumerate()
        .map(|(index, (input, prior))| {
            check(
                input,
                &editable,
                prior.as_ref(),
                today,
                &mut fields,
                &format!("trainees[{index}]."),
            )
        })
        .collect();
    fields.finish()?;
    let mut present = present_with_room(conn, &editable, checked.len())?;
    for (index, trainee) in checked.iter().enumerate() {
        check_no_duplicate(&present, trainee, format!("trainees[{index}]"))?;
        present.push(trainee.clone());
    }
    insert_all(conn, &editable.session, &checked, now)
}

/// The trainees in the session, once checked that it has room for `adding` more (the scheme's
/// maximum).
pub fn present_with_room(
    conn: &mut DbConnection,
    editable: &Editable,
    adding: usize,
) -> AppResult<Vec<TraineeFields>> {
    let present: Vec<_> = store::of_session(conn, &editable.session.id)?
        .iter()
        .map(fields_of)
        .collect();
    let scheme = reference::scheme(
        conn,
        &editable.habilitation.scheme_code,
        editable.habilitation.level,
    )?
    .ok_or_else(|| AppError::internal("a session names an unknown scheme"))?;
    session::check_room_for_trainees(present.len(), adding, scheme.max_trainees)?;
    Ok(present)
}
