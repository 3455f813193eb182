//! Refresh tokens, by family: one family per login, one live token per family at a time.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::refresh_tokens;
use crate::ids::{RefreshTokenId, UserId};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRecord {
    pub id: RefreshTokenId,
    pub family_id: String,
    pub user_id: UserId,
    pub token_hash: String,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub spent_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub struct NewRefreshToken<'a> {
    pub family_id: &'a str,
    pub user_id: &'a UserId,
    pub token_hash: &'a str,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub fn insert(conn: &mut DbConnection, token: NewRefreshToken<'_>) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(RefreshTokenId::generate()),
            refresh_tokens::family_id.eq(token.family_id),
            refresh_tokens::user_id.eq(token.user_id),
            refresh_tokens::token_hash.eq(token.token_hash),
            refresh_tokens::issued_at.eq(naive(token.issued_at)),
            refresh_tokens::expires_at.eq(naive(token.expires_at)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn find_by_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<RefreshTokenRecord>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshTokenRecord::as_select())
        .first(conn)
        .optional()
}

/// Marks the token spent if nobody did before; false when another request spent it first, so two
/// concurrent refreshes with one token cannot both succeed.
pub fn spend(
    conn: &mut DbConnection,
    id: &RefreshTokenId,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::spent_at.is_null()),
    )
    .set(refresh_tokens::spent_at.eq(naive(now)))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Revokes every token of the family (logout, or reuse of a spent token).
pub fn revoke_family(
    conn: &mut DbConnection,
    family_id: &str,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(naive(now)))
    .execute(conn)
}

/// Revokes every live refresh token of the person (a new password logs every device out).
pub fn revoke_all_of(
    conn: &mut DbConnection,
    user: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(naive(now)))
    .execute(conn)
}
