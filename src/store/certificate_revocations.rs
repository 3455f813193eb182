//! Certificate tokens that no longer verify, by token id: revoked by an admin, or superseded by
//! a corrected certificate.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::certificate_revocations;
use crate::domain::certificate::Withdrawal;
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

pub fn is_revoked(conn: &mut DbConnection, token_id: &str) -> QueryResult<bool> {
    Ok(withdrawal(conn, token_id)?.is_some())
}

/// Why the token no longer verifies, if it does not.
pub fn withdrawal(conn: &mut DbConnection, token_id: &str) -> QueryResult<Option<Withdrawal>> {
    let kind: Option<String> = certificate_revocations::table
        .find(token_id)
        .select(certificate_revocations::kind)
        .first(conn)
        .optional()?;
    // A kind this version does not know still withdraws the token.
    Ok(kind.map(|kind| Withdrawal::parse(&kind).unwrap_or(Withdrawal::Revoked)))
}

/// The token is replaced by a corrected certificate's.
pub fn supersede(
    conn: &mut DbConnection,
    token_id: &str,
    by: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(certificate_revocations::table)
        .values((
            certificate_revocations::token_id.eq(token_id),
            certificate_revocations::reason.eq("Certificat corrigé"),
            certificate_revocations::revoked_by.eq(by),
            certificate_revocations::revoked_at.eq(naive(now)),
            certificate_revocations::kind.eq(Withdrawal::Superseded.as_str()),
        ))
        .execute(conn)
        .map(drop)
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
