//! Revoked certificate tokens, by token id.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::certificate_revocations;
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

pub fn is_revoked(conn: &mut DbConnection, token_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        certificate_revocations::table.filter(certificate_revocations::token_id.eq(token_id)),
    ))
    .get_result(conn)
}

/// Revokes the token id; false when it already was.
pub fn revoke(
    conn: &mut DbConnection,
    token_id: &str,
    reason: &str,
    by: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    if is_revoked(conn, token_id)? {
        return Ok(false);
    }
    diesel::insert_into(certificate_revocations::table)
        .values((
            certificate_revocations::token_id.eq(token_id),
            certificate_revocations::reason.eq(reason),
            certificate_revocations::revoked_by.eq(by),
            certificate_revocations::revoked_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(true)
}
