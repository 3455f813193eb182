//! The public directory: entities that opted in, with a habilitation in force.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::{directory_listings, entities, habilitations};
use crate::domain::directory::Contacts;
use crate::ids::EntityId;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable)]
pub struct ListingRecord {
    pub entity_id: EntityId,
    pub legal_name: String,
    pub postal_code: String,
    pub city: String,
    pub caisse_code: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub phone: Option<String>,
}

pub fn find(conn: &mut DbConnection, entity: &EntityId) -> QueryResult<Option<Contacts>> {
    directory_listings::table
        .find(entity)
        .select((
            directory_listings::email,
            directory_listings::website,
            directory_listings::phone,
        ))
        .first::<(Option<String>, Option<String>, Option<String>)>(conn)
        .optional()
        .map(|row| {
            row.map(|(email, website, phone)| Contacts {
                email,
                website,
                phone,
            })
        })
}

/// Opts in (or changes what is published); `None` opts out.
pub fn set(
    conn: &mut DbConnection,
    entity: &EntityId,
    contacts: Option<&Contacts>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(directory_listings::table.find(entity)).execute(conn)?;
    if let Some(contacts) = contacts {
        diesel::insert_into(directory_listings::table)
            .values((
                directory_listings::entity_id.eq(entity),
                directory_listings::email.eq(&contacts.email),
                directory_listings::website.eq(&contacts.website),
                directory_listings::phone.eq(&contacts.phone),
                directory_listings::updated_at.eq(naive(now)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub struct Filter {
    pub scheme_code: Option<String>,
    pub level: Option<i32>,
    pub caisse_code: Option<String>,
}

/// One page of listed entities with a habilitation in force today (for the scheme and level
/// asked, if any).
pub fn search(
    conn: &mut DbConnection,
    filter: &Filter,
    today: NaiveDate,
    after: Option<&EntityId>,
    limit: i64,
) -> QueryResult<Vec<ListingRecord>> {
    let mut query = entities::table
        .inner_join(directory_listings::table)
        .inner_join(habilitations::table)
        .filter(habilitations::withdrawn_at.is_null())
        .filter(habilitations::valid_from.le(today))
        .filter(habilitations::valid_until.ge(today))
        .order(entities::id)
        .limit(limit)
        .into_boxed();
    if let Some(code) = &filter.scheme_code {
        query = query.filter(habilitations::scheme_code.eq(code.clone()));
    }
    if let Some(level) = filter.level {
        query = query.filter(habilitations::level.eq(level));
    }
    if let Some(caisse) = &filter.caisse_code {
        query = query.filter(entities::caisse_code.eq(caisse.clone()));
    }
    if let Some(after) = after {
        query = query.filter(entities::id.gt(after.clone()));
    }
    query
        .select((
            entities::id,
            entities::legal_name,
            entities::postal_code,
            entities::city,
            entities::caisse_code,
            directory_listings::email,
            directory_listings::website,
            directory_listings::phone,
        ))
        .distinct()
        .load(conn)
}

/// The schemes and levels each of these entities may train for today.
pub fn in_force(
    conn: &mut DbConnection,
    entities: &[EntityId],
    today: NaiveDate,
) -> QueryResult<Vec<(EntityId, String, i32)>> {
    habilitations::table
        .filter(habilitations::entity_id.eq_any(entities))
        .filter(habilitations::withdrawn_at.is_null())
        .filter(habilitations::valid_from.le(today))
        .filter(habilitations::valid_until.ge(today))
        .order((habilitations::scheme_code, habilitations::level))
        .select((
            habilitations::entity_id,
            habilitations::scheme_code,
            habilitations::level,
        ))
        .load(conn)
}
