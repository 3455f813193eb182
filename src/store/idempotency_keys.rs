//! The stored answers of requests sent with an `Idempotency-Key`, scoped to their caller.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::idempotency_keys;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
pub struct KeyRecord {
    pub request_hash: String,
    /// None while the first request runs.
    pub status: Option<i32>,
    /// JSON `[[name, value], …]`.
    pub response_headers: Option<String>,
    pub response_body: Option<Vec<u8>>,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, caller: &str, key: &str) -> QueryResult<Option<KeyRecord>> {
    idempotency_keys::table
        .find((caller, key))
        .select(KeyRecord::as_select())
        .first(conn)
        .optional()
}

/// Claims the key for a request now starting (replacing an expired record, if any).
pub fn claim(
    conn: &mut DbConnection,
    caller: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    forget(conn, caller, key)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::caller.eq(caller),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::created_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

/// Keeps the first answer.
pub fn complete(
    conn: &mut DbConnection,
    (caller, key): (&str, &str),
    status: i32,
    headers: &str,
    body: &[u8],
) -> QueryResult<()> {
    diesel::update(idempotency_keys::table.find((caller, key)))
        .set((
            idempotency_keys::status.eq(status),
            idempotency_keys::response_headers.eq(headers),
            idempotency_keys::response_body.eq(body),
        ))
        .execute(conn)
        .map(drop)
}

/// Frees the key (the request failed in a way a retry may mend).
pub fn forget(conn: &mut DbConnection, caller: &str, key: &str) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.find((caller, key)))
        .execute(conn)
        .map(drop)
}
