//! Entities, scoped to what the caller may see: managers their entities, network agents their
//! caisses' entities, admins all. Another tenant's id is simply not found.

use super::naive;
use crate::db::schema::entities;
use crate::db::{DbConnection, MultiBackend};
use crate::domain::access::Access;
use crate::error::{AppError, AppResult};
use crate::ids::EntityId;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = entities)]
pub struct EntityRecord {
    pub id: EntityId,
    pub siret: String,
    pub legal_name: String,
    pub kind: String,
    pub nda: Option<String>,
    pub address_line: String,
    pub postal_code: String,
    pub city: String,
    pub caisse_code: String,
    pub headcount: i32,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The writable fields of an entity, already validated.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = entities, treat_none_as_null = true)]
pub struct EntityFields {
    pub siret: String,
    pub legal_name: String,
    pub kind: String,
    pub nda: Option<String>,
    pub address_line: String,
    pub postal_code: String,
    pub city: String,
    pub caisse_code: String,
    pub headcount: i32,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

pub fn insert(
    conn: &mut DbConnection,
    fields: &EntityFields,
    now: DateTime<Utc>,
) -> QueryResult<EntityId> {
    let id = EntityId::generate();
    diesel::insert_into(entities::table)
        .values((
            entities::id.eq(&id),
            fields.clone(),
            entities::created_at.eq(naive(now)),
            entities::updated_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn update(
    conn: &mut DbConnection,
    id: &EntityId,
    fields: &EntityFields,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(entities::table.find(id))
        .set((fields.clone(), entities::updated_at.eq(naive(now))))
        .execute(conn)
        .map(drop)
}

fn visible(access: &Access) -> entities::BoxedQuery<'static, MultiBackend> {
    let query = entities::table.into_boxed();
    if access.admin {
        query
    } else {
        query.filter(
            entities::caisse_code
                .eq_any(access.caisses.clone())
                .or(entities::id.eq_any(access.managed.clone())),
        )
    }
}

pub fn find_visible(
    conn: &mut DbConnection,
    access: &Access,
    id: &EntityId,
) -> QueryResult<Option<EntityRecord>> {
    visible(access)
        .filter(entities::id.eq(id))
        .select(EntityRecord::as_select())
        .first(conn)
        .optional()
}

/// The entity if the caller may change it (its managers, admins): 404 when the caller may not see
/// it, 403 when it may only see it (a network agent).
pub fn find_editable(
    conn: &mut DbConnection,
    access: &Access,
    id: &EntityId,
) -> AppResult<EntityRecord> {
    let entity = find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    access.check_edits(id)?;
    Ok(entity)
}

/// One page of the visible entities, in creation order, after `cursor`.
pub fn list_visible(
    conn: &mut DbConnection,
    access: &Access,
    after: Option<&EntityId>,
    limit: i64,
) -> QueryResult<Vec<EntityRecord>> {
    let mut query = visible(access).order(entities::id).limit(limit);
    if let Some(after) = after {
        query = query.filter(entities::id.gt(after.clone()));
    }
    query.select(EntityRecord::as_select()).load(conn)
}

/// Whether any entity exists (the demo only fills an empty database).
pub fn any(conn: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(entities::table.select(entities::id))).get_result(conn)
}

/// For the operator's tools (import, demo), which act for the whole network.
pub fn find_by_siret(conn: &mut DbConnection, siret: &str) -> QueryResult<Option<EntityRecord>> {
    entities::table
        .filter(entities::siret.eq(siret))
        .select(EntityRecord::as_select())
        .first(conn)
        .optional()
}

pub fn siret_taken(
    conn: &mut DbConnection,
    siret: &str,
    other_than: Option<&EntityId>,
) -> QueryResult<bool> {
    let holders: Vec<EntityId> = entities::table
        .filter(entities::siret.eq(siret))
        .select(entities::id)
        .load(conn)?;
    Ok(holders.iter().any(|holder| Some(holder) != other_than))
}

/// The entity's legal name, for what it issues (certificates).
/// The entity's SIRET and legal name.
pub fn siret_and_name(conn: &mut DbConnection, id: &EntityId) -> QueryResult<(String, String)> {
    entities::table
        .find(id)
        .select((entities::siret, entities::legal_name))
        .first(conn)
}

pub fn legal_name(conn: &mut DbConnection, id: &EntityId) -> QueryResult<String> {
    entities::table
        .find(id)
        .select(entities::legal_name)
        .first(conn)
}

/// The caisse an entity answers to, if the entity exists.
pub fn caisse_of(conn: &mut DbConnection, id: &str) -> QueryResult<Option<String>> {
    entities::table
        .filter(entities::id.eq(id))
        .select(entities::caisse_code)
        .first(conn)
        .optional()
}

/// The caisses these entities answer to.
pub fn caisses_of(conn: &mut DbConnection, ids: &[EntityId]) -> QueryResult<Vec<String>> {
    entities::table
        .filter(entities::id.eq_any(ids))
        .select(entities::caisse_code)
        .load(conn)
}
