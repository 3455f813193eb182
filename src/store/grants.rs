//! Grants: the roles a user holds, with their scopes.

use super::naive;
use crate::db::schema::{grants, users};
use crate::db::{DbConnection, on_backend};
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

/// An active user's `provisional` flag and grants, oldest first, in one query; `None` for a
/// disabled or unknown account. What every request reads first (`store::access`).
pub fn of_active_user(
    conn: &mut DbConnection,
    user: &UserId,
) -> QueryResult<Option<(bool, Vec<Grant>)>> {
    let rows: Vec<(bool, Option<GrantRow>)> = on_backend!(conn, |c| users::table
        .left_join(grants::table)
        .filter(users::id.eq(user))
        .filter(users::active.eq(true))
        .order(grants::id)
        .select((
            users::provisional,
            (
                grants::role,
                grants::entity_id,
                grants::habilitation_id,
                grants::caisse_code,
            )
                .nullable(),
        ))
        .load(c))?;
    let Some((provisional, _)) = rows.first() else {
        return Ok(None);
    };
    let provisional = *provisional;
    let grants = rows
        .into_iter()
        .filter_map(|(_, row)| row)
        .map(grant)
        .collect::<QueryResult<_>>()?;
    Ok(Some((provisional, grants)))
}

fn grant((role, entity_id, habilitation_id, caisse_code): GrantRow) -> QueryResult<Grant> {
    let role = Role::parse(&role).ok_or_else(|| {
        diesel::result::Error::DeserializationError(format!("unknown role `{role}`").into())
    })?;
    Ok(Grant {
        role,
        entity_id,
        habilitation_id,
        caisse_code,
    })
}

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
    rows.into_iter().map(grant).collect()
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
