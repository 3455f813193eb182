//! A session's trainees. Callers reach them through a session they may see.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::{sessions, trainee_proofs, trainees};
use crate::domain::access::Access;
use crate::error::{AppError, AppResult};
use crate::ids::{SessionId, TraineeId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trainees)]
pub struct TraineeRecord {
    pub id: TraineeId,
    pub session_id: SessionId,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub prior_certificate_token: Option<String>,
    pub identity_checked: bool,
    pub outcome: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub forprev_number: Option<String>,
    /// The token id of its certificate, once its session is closed and it passed.
    pub certificate_token_id: Option<String>,
    /// The trainee consented to receive its certificate by e-mail.
    pub send_certificate: bool,
}

/// What the entity writes of a trainee, already checked.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = trainees, treat_none_as_null = true)]
pub struct TraineeFields {
    pub family_name: String,
    pub given_name: String,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub prior_certificate_token: Option<String>,
    pub forprev_number: Option<String>,
    pub send_certificate: bool,
}

pub fn of_session(conn: &mut DbConnection, session: &SessionId) -> QueryResult<Vec<TraineeRecord>> {
    trainees::table
        .filter(trainees::session_id.eq(session))
        .order((trainees::family_name, trainees::given_name, trainees::id))
        .select(TraineeRecord::as_select())
        .load(conn)
}

/// The trainees of a session the caller may see; 404 for any other session.
pub fn of_visible_session(
    conn: &mut DbConnection,
    access: &Access,
    session: &SessionId,
) -> AppResult<Vec<TraineeRecord>> {
    super::sessions::find_visible(conn, access, session)?.ok_or_else(AppError::not_found)?;
    Ok(of_session(conn, session)?)
}

/// A page of the trainees of a session the caller may see, in the order they were added, after
/// the trainee `after`; 404 for any other session.
pub fn page_of_visible_session(
    conn: &mut DbConnection,
    access: &Access,
    session: &SessionId,
    after: Option<&TraineeId>,
    limit: i64,
) -> AppResult<Vec<TraineeRecord>> {
    super::sessions::find_visible(conn, access, session)?.ok_or_else(AppError::not_found)?;
    let mut query = trainees::table
        .filter(trainees::session_id.eq(session))
        .order(trainees::id)
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(trainees::id.gt(after.clone()));
    }
    Ok(query.select(TraineeRecord::as_select()).load(conn)?)
}

pub fn insert(
    conn: &mut DbConnection,
    session: &SessionId,
    fields: &TraineeFields,
    now: DateTime<Utc>,
) -> QueryResult<TraineeId> {
    let id = TraineeId::generate();
    diesel::insert_into(trainees::table)
        .values((
            trainees::id.eq(&id),
            trainees::session_id.eq(session),
            trainees::family_name.eq(&fields.family_name),
            trainees::given_name.eq(&fields.given_name),
            trainees::birth_date.eq(fields.birth_date),
            trainees::email.eq(&fields.email),
            trainees::prior_certificate_token.eq(&fields.prior_certificate_token),
            trainees::forprev_number.eq(&fields.forprev_number),
            trainees::send_certificate.eq(fields.send_certificate),
            trainees::created_at.eq(naive(now)),
            trainees::updated_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn update(
    conn: &mut DbConnection,
    id: &TraineeId,
    fields: &TraineeFields,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(trainees::table.find(id))
        .set((fields.clone(), trainees::updated_at.eq(naive(now))))
        .execute(conn)
        .map(drop)
}

pub fn delete(conn: &mut DbConnection, id: &TraineeId) -> QueryResult<()> {
    diesel::delete(trainees::table.find(id))
        .execute(conn)
        .map(drop)
}

/// The session changed through its trainees: a new version, so that its ETag changes too. False
/// when someone changed the session first.
pub fn touch_session(
    conn: &mut DbConnection,
    session: &SessionId,
    version: i32,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        sessions::table
            .filter(sessions::id.eq(session))
            .filter(sessions::version.eq(version)),
    )
    .set((
        sessions::version.eq(version + 1),
        sessions::updated_at.eq(naive(now)),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// The trainee's certificate is now the one of `token_id`.
pub fn set_certificate(conn: &mut DbConnection, id: &TraineeId, token_id: &str) -> QueryResult<()> {
    diesel::update(trainees::table.find(id))
        .set(trainees::certificate_token_id.eq(token_id))
        .execute(conn)
        .map(drop)
}

/// The trainee's certificate goes from `old` to `new`, unless another correction replaced `old`
/// meanwhile (false): the row stays locked for the caller's transaction.
pub fn replace_certificate(
    conn: &mut DbConnection,
    id: &TraineeId,
    (old, new): (&str, &str),
) -> QueryResult<bool> {
    let updated = diesel::update(
        trainees::table
            .find(id)
            .filter(trainees::certificate_token_id.eq(old)),
    )
    .set(trainees::certificate_token_id.eq(new))
    .execute(conn)?;
    Ok(updated == 1)
}

/// A closed session's trainee, its identity corrected.
pub fn correct(
    conn: &mut DbConnection,
    id: &TraineeId,
    (family_name, given_name, birth_date): (&str, &str, NaiveDate),
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(trainees::table.find(id))
        .set((
            trainees::family_name.eq(family_name),
            trainees::given_name.eq(given_name),
            trainees::birth_date.eq(birth_date),
            trainees::updated_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

/// The trainer's result for one trainee.
pub fn set_result(
    conn: &mut DbConnection,
    id: &TraineeId,
    identity_checked: bool,
    outcome: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(trainees::table.find(id))
        .set((
            trainees::identity_checked.eq(identity_checked),
            trainees::outcome.eq(outcome),
            trainees::updated_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

/// Keeps the scan of the trainee's previous certificate (replacing an earlier one).
pub fn save_proof(
    conn: &mut DbConnection,
    trainee: &TraineeId,
    file_name: &str,
    content_type: &str,
    content: &[u8],
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(trainee_proofs::table.find(trainee)).execute(conn)?;
    diesel::insert_into(trainee_proofs::table)
        .values((
            trainee_proofs::trainee_id.eq(trainee),
            trainee_proofs::file_name.eq(file_name),
            trainee_proofs::content_type.eq(content_type),
            trainee_proofs::content.eq(content),
            trainee_proofs::uploaded_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

/// The trainees of the session who have an uploaded proof.
pub fn with_proof(conn: &mut DbConnection, session: &SessionId) -> QueryResult<Vec<TraineeId>> {
    trainee_proofs::table
        .inner_join(trainees::table)
        .filter(trainees::session_id.eq(session))
        .select(trainee_proofs::trainee_id)
        .load(conn)
}
