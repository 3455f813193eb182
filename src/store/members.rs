//! Members of an entity: the people holding a manager or signatory grant on it.

use crate::db::DbConnection;
use crate::db::schema::{grants, users};
use crate::domain::grant::Role;
use crate::ids::{EntityId, UserId};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable)]
pub struct MemberRecord {
    pub user_id: UserId,
    pub forprev_number: String,
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    pub role: String,
}

const MEMBER_ROLES: [&str; 2] = ["manager", "signatory"];

pub fn of_entity(conn: &mut DbConnection, entity: &EntityId) -> QueryResult<Vec<MemberRecord>> {
    grants::table
        .inner_join(users::table)
        .filter(grants::entity_id.eq(entity))
        .filter(grants::role.eq_any(MEMBER_ROLES))
        .order((grants::role, users::family_name, users::given_name))
        .select((
            users::id,
            users::forprev_number,
            users::email,
            users::family_name,
            users::given_name,
            grants::role,
        ))
        .load(conn)
}

pub fn count(conn: &mut DbConnection, entity: &EntityId, role: Role) -> QueryResult<usize> {
    grants::table
        .filter(grants::entity_id.eq(entity))
        .filter(grants::role.eq(role.as_str()))
        .count()
        .get_result::<i64>(conn)
        .map(|count| usize::try_from(count).unwrap_or(0))
}

pub fn holds(
    conn: &mut DbConnection,
    entity: &EntityId,
    user: &UserId,
    role: Role,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        grants::table
            .filter(grants::entity_id.eq(entity))
            .filter(grants::user_id.eq(user))
            .filter(grants::role.eq(role.as_str())),
    ))
    .get_result(conn)
}

pub fn remove(
    conn: &mut DbConnection,
    entity: &EntityId,
    user: &UserId,
    role: Role,
) -> QueryResult<usize> {
    diesel::delete(
        grants::table
            .filter(grants::entity_id.eq(entity))
            .filter(grants::user_id.eq(user))
            .filter(grants::role.eq(role.as_str())),
    )
    .execute(conn)
}
