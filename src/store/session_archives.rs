//! The zip of a closed session's certificates, and whether it has been downloaded.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::session_archives;
use crate::ids::SessionId;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

pub fn insert(
    conn: &mut DbConnection,
    session: &SessionId,
    content: &[u8],
    certificate_count: i32,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(session_archives::table)
        .values((
            session_archives::session_id.eq(session),
            session_archives::content.eq(content),
            session_archives::certificate_count.eq(certificate_count),
            session_archives::created_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The archive holds `content` now, to download again (the dashboard shows it once more).
pub fn replace(conn: &mut DbConnection, session: &SessionId, content: &[u8]) -> QueryResult<()> {
    diesel::update(session_archives::table.find(session))
        .set((
            session_archives::content.eq(content),
            session_archives::downloaded_at.eq(None::<chrono::NaiveDateTime>),
        ))
        .execute(conn)
        .map(drop)
}

pub fn content(conn: &mut DbConnection, session: &SessionId) -> QueryResult<Option<Vec<u8>>> {
    session_archives::table
        .find(session)
        .select(session_archives::content)
        .first(conn)
        .optional()
}

/// How many certificates the archive holds and when they were first marked downloaded.
pub fn summary(
    conn: &mut DbConnection,
    session: &SessionId,
) -> QueryResult<Option<(i32, Option<NaiveDateTime>)>> {
    session_archives::table
        .find(session)
        .select((
            session_archives::certificate_count,
            session_archives::downloaded_at,
        ))
        .first(conn)
        .optional()
}

/// Sets the flag, the first time only.
pub fn mark_downloaded(
    conn: &mut DbConnection,
    session: &SessionId,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(
        session_archives::table
            .find(session)
            .filter(session_archives::downloaded_at.is_null()),
    )
    .set(session_archives::downloaded_at.eq(naive(now)))
    .execute(conn)?;
    Ok(())
}
