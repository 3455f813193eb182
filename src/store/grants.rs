//! Grants: the roles a user holds, with their scopes.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::grants;
use crate::domain::grant::{Grant, Role};
use crate::ids::{EntityId, GrantId, HabilitationId, UserId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

type GrantRow = (
    String,
    Option<EntityId>,
    Option<HabilitationId>,
    Option<String>,
);

/// Every grant of the user, oldest first.
pub fn of_user(conn: &mut DbConnection, user: &UserId) -> QueryResult<Vec<Grant>> {
    let rows: Vec<GrantRow> = grants::table
        .filter(grants::user_id.eq(user))
        .order(grants::id)
        .select((
            grants::role,
            grants::entity_id,
            grants::habilitation_id,
            grants::caisse_code,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(role, entity_id, habilitation_id, caisse_code)| {
            let role = Role::parse(&role).ok_or_else(|| {
                diesel::result::Error::DeserializationError(format!("unknown role `{role}`").into())
            })?;
            Ok(Grant {
                role,
                entity_id,
                habilitation_id,
                caisse_code,
            })
        })
        .collect()
}

pub fn insert(
    conn: &mut DbConnection,
    user: &UserId,
    grant: &Grant,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(grants::table)
        .values((
            grants::id.eq(GrantId::generate()),
            grants::user_id.eq(user),
            grants::role.eq(grant.role.as_str()),
            grants::entity_id.eq(grant.entity_id.as_ref()),
            grants::habilitation_id.eq(grant.habilitation_id.as_ref()),
            grants::caisse_code.eq(grant.caisse_code.as_deref()),
            grants::created_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

/// Whether the user already holds exactly this grant.
pub fn holds(conn: &mut DbConnection, user: &UserId, grant: &Grant) -> QueryResult<bool> {
    Ok(of_user(conn, user)?.contains(grant))
}
