//! Delegates: people who create and close the sessions of one habilitation.

use crate::db::DbConnection;
use crate::db::schema::{grants, users};
use crate::domain::grant::Role;
use crate::ids::{HabilitationId, UserId};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable)]
pub struct DelegateRecord {
    pub user_id: UserId,
    pub forprev_number: String,
    pub family_name: String,
    pub given_name: String,
}

pub fn of_habilitation(
    conn: &mut DbConnection,
    habilitation: &HabilitationId,
) -> QueryResult<Vec<DelegateRecord>> {
    grants::table
        .inner_join(users::table)
        .filter(grants::habilitation_id.eq(habilitation))
        .filter(grants::role.eq(Role::Delegate.as_str()))
        .order((users::family_name, users::given_name))
        .select((
            users::id,
            users::forprev_number,
            users::family_name,
            users::given_name,
        ))
        .load(conn)
}

pub fn remove(
    conn: &mut DbConnection,
    habilitation: &HabilitationId,
    user: &UserId,
) -> QueryResult<usize> {
    diesel::delete(
        grants::table
            .filter(grants::habilitation_id.eq(habilitation))
            .filter(grants::user_id.eq(user))
            .filter(grants::role.eq(Role::Delegate.as_str())),
    )
    .execute(conn)
}
