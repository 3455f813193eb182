//! Users: people who can log in.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::users;
use crate::domain::forprev_number::ForprevNumber;
use crate::ids::UserId;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRecord {
    pub id: UserId,
    pub forprev_number: String,
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub provisional: bool,
}

impl UserRecord {
    pub fn forprev_number(&self) -> ForprevNumber {
        ForprevNumber::from_trusted(self.forprev_number.clone())
    }
}

pub struct NewUser<'a> {
    pub forprev_number: &'a ForprevNumber,
    /// Already normalised (`domain::email::normalise`).
    pub email: &'a str,
    pub family_name: &'a str,
    pub given_name: &'a str,
    pub password_hash: Option<&'a str>,
    /// A registration's account, limited to its own entity until a first habilitation.
    pub provisional: bool,
}

pub fn insert(
    conn: &mut DbConnection,
    user: NewUser<'_>,
    now: DateTime<Utc>,
) -> QueryResult<UserId> {
    let id = UserId::generate();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::forprev_number.eq(user.forprev_number.as_str()),
            users::email.eq(user.email),
            users::family_name.eq(user.family_name),
            users::given_name.eq(user.given_name),
            users::password_hash.eq(user.password_hash),
            users::active.eq(true),
            users::provisional.eq(user.provisional),
            users::created_at.eq(naive(now)),
            users::updated_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn find(conn: &mut DbConnection, id: &UserId) -> QueryResult<Option<UserRecord>> {
    users::table
        .find(id)
        .select(UserRecord::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_forprev_number(
    conn: &mut DbConnection,
    number: &ForprevNumber,
) -> QueryResult<Option<UserRecord>> {
    users::table
        .filter(users::forprev_number.eq(number.as_str()))
        .select(UserRecord::as_select())
        .first(conn)
        .optional()
}

/// Finds the account a login names: a Forprev number (any case) or an e-mail address (any case).
pub fn find_by_login(conn: &mut DbConnection, login: &str) -> QueryResult<Option<UserRecord>> {
    let login = login.trim();
    let query = users::table.select(UserRecord::as_select());
    match login.to_uppercase().parse::<ForprevNumber>() {
        Ok(number) => query
            .filter(users::forprev_number.eq(number.as_str()))
            .first(conn)
            .optional(),
        Err(_) => query
            .filter(users::email.eq(login.to_lowercase()))
            .first(conn)
            .optional(),
    }
}

pub fn any(conn: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.select(users::id))).get_result(conn)
}

pub fn email_taken(conn: &mut DbConnection, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::email.eq(email)),
    ))
    .get_result(conn)
}

pub fn forprev_number_taken(conn: &mut DbConnection, number: &ForprevNumber) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::forprev_number.eq(number.as_str())),
    ))
    .get_result(conn)
}

pub fn set_password(
    conn: &mut DbConnection,
    id: &UserId,
    password_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::updated_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

/// The entity's provisional managers become full accounts (its first habilitation was granted).
pub fn confirm_provisional_managers(
    conn: &mut DbConnection,
    entity: &crate::ids::EntityId,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    use crate::db::schema::grants;
    let managers = grants::table
        .filter(grants::entity_id.eq(entity))
        .filter(grants::role.eq("manager"))
        .select(grants::user_id);
    diesel::update(
        users::table
            .filter(users::provisional.eq(true))
            .filter(users::id.eq_any(managers)),
    )
    .set((
        users::provisional.eq(false),
        users::updated_at.eq(naive(now)),
    ))
    .execute(conn)
}

/// Whether the number or the address is already someone's.
pub fn taken(
    conn: &mut DbConnection,
    forprev_number: &ForprevNumber,
    email: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(
            users::forprev_number
                .eq(forprev_number.as_str())
                .or(users::email.eq(email)),
        ),
    ))
    .get_result(conn)
}
