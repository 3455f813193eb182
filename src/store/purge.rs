//! Set-based deletions for the purge job, in bounded batches, each batch its own transaction.
//! Each function deletes one batch and says how many rows went; the job loops until none.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::{
    api_clients, directory_listings, entities, entity_documents, grants, habilitation_requests,
    habilitations, idempotency_keys, outbox, refresh_tokens, sessions, users,
};
use crate::domain::session::SessionStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

/// Closed and cancelled sessions ended before `cutoff`; their trainees, proofs, events and
/// certificate archive go with them (foreign keys cascade).
pub fn ended_sessions(
    conn: &mut DbConnection,
    cutoff: DateTime<Utc>,
    batch: i64,
) -> QueryResult<usize> {
    let ended = [
        SessionStatus::Closed.as_str(),
        SessionStatus::Cancelled.as_str(),
    ];
    let due = sessions::table
        .filter(sessions::status.eq_any(ended))
        .filter(sessions::ended_at.le(naive(cutoff)))
        .select(sessions::id)
        .limit(batch);
    let ids: Vec<String> = due.load(conn)?;
    diesel::delete(sessions::table.filter(sessions::id.eq_any(&ids))).execute(conn)
}

/// The tables the purge deletes from, directly or by cascade.
const PURGED_TABLES: [&str; 12] = [
    "idempotency_keys",
    "sessions",
    "trainees",
    "trainee_proofs",
    "session_events",
    "session_archives",
    "outbox",
    "refresh_tokens",
    "invitations",
    "grants",
    "users",
    "entities",
];

/// Makes the bytes of deleted rows unreadable where the backend can. On SQLite (whose
/// connections overwrite deleted content with zeros: `secure_delete`) the write-ahead log, which
/// still holds the pages as they were, is checkpointed into the database and truncated. On
/// PostgreSQL the purged tables are vacuumed: their dead rows' space is marked free (it is
/// overwritten when reused; see the README for what remains until then). Runs outside any
/// transaction.
pub fn reclaim(conn: &mut DbConnection) -> QueryResult<()> {
    let statement = match conn {
        DbConnection::Sqlite(_) => "PRAGMA wal_checkpoint(TRUNCATE)".to_owned(),
        DbConnection::Postgresql(_) => format!("VACUUM {}", PURGED_TABLES.join(", ")),
    };
    diesel::sql_query(statement).execute(conn).map(drop)
}

/// Answers kept for an `Idempotency-Key` since before `cutoff`.
pub fn expired_idempotency_keys(
    conn: &mut DbConnection,
    cutoff: DateTime<Utc>,
    batch: i64,
) -> QueryResult<usize> {
    let keys: Vec<(String, String)> = idempotency_keys::table
        .filter(idempotency_keys::created_at.le(naive(cutoff)))
        .select((idempotency_keys::caller, idempotency_keys::idempotency_key))
        .limit(batch)
        .load(conn)?;
    let mut deleted = 0;
    for key in keys {
        deleted += diesel::delete(idempotency_keys::table.find(key)).execute(conn)?;
    }
    Ok(deleted)
}

/// Refresh tokens that can no longer serve: expired, or spent or revoked before `cutoff` (a
/// spent one is kept a while, to detect its reuse).
pub fn dead_refresh_tokens(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    cutoff: DateTime<Utc>,
    batch: i64,
) -> QueryResult<usize> {
    let ids: Vec<String> = refresh_tokens::table
        .filter(
            refresh_tokens::expires_at
                .le(naive(now))
                .or(refresh_tokens::spent_at.le(naive(cutoff)))
                .or(refresh_tokens::revoked_at.le(naive(cutoff))),
        )
        .select(refresh_tokens::id)
        .limit(batch)
        .load(conn)?;
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::id.eq_any(&ids))).execute(conn)
}

/// Registrations abandoned since before `cutoff`: a provisional account (never confirmed by a
/// habilitation) and the entity it registered, when that entity holds nothing else (no
/// habilitation, request, document, session, API client, directory listing or other member).
/// Counts the accounts removed.
pub fn abandoned_registrations(
    conn: &mut DbConnection,
    cutoff: DateTime<Utc>,
    batch: i64,
) -> QueryResult<usize> {
    let people: Vec<String> = users::table
        .filter(users::provisional.eq(true))
        .filter(users::created_at.le(naive(cutoff)))
        .select(users::id)
        .limit(batch)
        .load(conn)?;
    let mut removed = 0;
    for person in people {
        let registered: Vec<Option<String>> = grants::table
            .filter(grants::user_id.eq(&person))
            .select(grants::entity_id)
            .load(conn)?;
        let registered: Vec<String> = registered.into_iter().flatten().collect();
        let mut abandoned = true;
        for entity in &registered {
            abandoned = abandoned && holds_nothing(conn, entity, &person)?;
        }
        if !abandoned {
            continue;
        }
        diesel::delete(grants::table.filter(grants::user_id.eq(&person))).execute(conn)?;
        diesel::delete(users::table.find(&person)).execute(conn)?;
        diesel::delete(entities::table.filter(entities::id.eq_any(&registered))).execute(conn)?;
        removed += 1;
    }
    Ok(removed)
}

fn holds_nothing(conn: &mut DbConnection, entity: &str, person: &str) -> QueryResult<bool> {
    let exists = |count: i64| count > 0;
    Ok(!(exists(
        habilitations::table
            .filter(habilitations::entity_id.eq(entity))
            .count()
            .get_result(conn)?,
    ) || exists(
        habilitation_requests::table
            .filter(habilitation_requests::entity_id.eq(entity))
            .count()
            .get_result(conn)?,
    ) || exists(
        entity_documents::table
            .filter(entity_documents::entity_id.eq(entity))
            .count()
            .get_result(conn)?,
    ) || exists(
        sessions::table
            .filter(sessions::entity_id.eq(entity))
            .count()
            .get_result(conn)?,
    ) || exists(
        api_clients::table
            .filter(api_clients::entity_id.eq(entity))
            .count()
            .get_result(conn)?,
    ) || exists(
        directory_listings::table
            .filter(directory_listings::entity_id.eq(entity))
            .count()
            .get_result(conn)?,
    ) || exists(
        grants::table
            .filter(grants::entity_id.eq(entity))
            .filter(grants::user_id.ne(person))
            .count()
            .get_result(conn)?,
    )))
}

/// Messages delivered, or given up, before `cutoff`.
pub fn sent_messages(
    conn: &mut DbConnection,
    cutoff: DateTime<Utc>,
    batch: i64,
) -> QueryResult<usize> {
    let ids: Vec<String> = outbox::table
        .filter(
            outbox::delivered_at
                .le(naive(cutoff))
                .or(outbox::failed_at.le(naive(cutoff))),
        )
        .select(outbox::id)
        .limit(batch)
        .load(conn)?;
    diesel::delete(outbox::table.filter(outbox::id.eq_any(&ids))).execute(conn)
}
