//! Invitations: single-use tokens (stored hashed) that let a new person choose a password.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::invitations;
use crate::ids::{InvitationId, UserId};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct InvitationRecord {
    pub id: InvitationId,
    pub user_id: UserId,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
}

pub fn insert(
    conn: &mut DbConnection,
    user: &UserId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(InvitationId::generate()),
            invitations::user_id.eq(user),
            invitations::token_hash.eq(token_hash),
            invitations::created_at.eq(naive(now)),
            invitations::expires_at.eq(naive(expires_at)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn find_by_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<InvitationRecord>> {
    invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .select(InvitationRecord::as_select())
        .first(conn)
        .optional()
}

/// Marks the invitation used unless it already was; false when another request used it first.
pub fn accept(conn: &mut DbConnection, id: &InvitationId, now: DateTime<Utc>) -> QueryResult<bool> {
    let updated = diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::accepted_at.is_null()),
    )
    .set(invitations::accepted_at.eq(naive(now)))
    .execute(conn)?;
    Ok(updated == 1)
}
