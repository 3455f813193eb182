//! Habilitations, scoped: managers see their entities', delegates theirs, network agents their
//! caisses', admins all.

use super::naive;
use crate::db::schema::{entities, habilitations};
use crate::db::{DbConnection, MultiBackend};
use crate::domain::access::Access;
use crate::ids::{EntityId, HabilitationId, UserId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = habilitations)]
pub struct HabilitationRecord {
    pub id: HabilitationId,
    pub entity_id: EntityId,
    pub scheme_code: String,
    pub level: i32,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<UserId>,
    pub withdrawal_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn of_entity_for_scheme(
    conn: &mut DbConnection,
    entity: &EntityId,
    scheme_code: &str,
    level: i32,
) -> QueryResult<Option<HabilitationRecord>> {
    habilitations::table
        .filter(habilitations::entity_id.eq(entity))
        .filter(habilitations::scheme_code.eq(scheme_code))
        .filter(habilitations::level.eq(level))
        .select(HabilitationRecord::as_select())
        .first(conn)
        .optional()
}

/// Grants a habilitation, or renews the one the entity holds for that scheme and level (a
/// renewal also ends a withdrawal).
pub fn grant(
    conn: &mut DbConnection,
    entity: &EntityId,
    scheme_code: &str,
    level: i32,
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    now: DateTime<Utc>,
) -> QueryResult<HabilitationId> {
    if let Some(existing) = of_entity_for_scheme(conn, entity, scheme_code, level)? {
        diesel::update(habilitations::table.find(&existing.id))
            .set((
                habilitations::valid_from.eq(valid_from),
                habilitations::valid_until.eq(valid_until),
                habilitations::withdrawn_at.eq(None::<NaiveDateTime>),
                habilitations::withdrawn_by.eq(None::<UserId>),
                habilitations::withdrawal_reason.eq(None::<String>),
                habilitations::updated_at.eq(naive(now)),
            ))
            .execute(conn)?;
        return Ok(existing.id);
    }
    let id = HabilitationId::generate();
    diesel::insert_into(habilitations::table)
        .values((
            habilitations::id.eq(&id),
            habilitations::entity_id.eq(entity),
            habilitations::scheme_code.eq(scheme_code),
            habilitations::level.eq(level),
            habilitations::valid_from.eq(valid_from),
            habilitations::valid_until.eq(valid_until),
            habilitations::created_at.eq(naive(now)),
            habilitations::updated_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Withdraws it unless it already is; false when it was.
pub fn withdraw(
    conn: &mut DbConnection,
    id: &HabilitationId,
    by: &UserId,
    reason: &str,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        habilitations::table
            .filter(habilitations::id.eq(id))
            .filter(habilitations::withdrawn_at.is_null()),
    )
    .set((
        habilitations::withdrawn_at.eq(naive(now)),
        habilitations::withdrawn_by.eq(by),
        habilitations::withdrawal_reason.eq(reason),
        habilitations::updated_at.eq(naive(now)),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

type Visible = diesel::helper_types::IntoBoxed<
    'static,
    diesel::helper_types::InnerJoin<habilitations::table, entities::table>,
    MultiBackend,
>;

fn visible(access: &Access) -> Visible {
    let query = habilitations::table
        .inner_join(entities::table)
        .into_boxed();
    if access.admin {
        query
    } else {
        query.filter(
            entities::caisse_code
                .eq_any(access.caisses.clone())
                .or(habilitations::entity_id.eq_any(access.managed.clone()))
                .or(habilitations::id.eq_any(access.delegated.clone())),
        )
    }
}

pub fn find_visible(
    conn: &mut DbConnection,
    access: &Access,
    id: &HabilitationId,
) -> QueryResult<Option<HabilitationRecord>> {
    visible(access)
        .filter(habilitations::id.eq(id))
        .select(HabilitationRecord::as_select())
        .first(conn)
        .optional()
}

pub struct Filter {
    pub entity_id: Option<EntityId>,
    pub scheme_code: Option<String>,
}

pub fn list_visible(
    conn: &mut DbConnection,
    access: &Access,
    filter: &Filter,
    after: Option<&HabilitationId>,
    limit: i64,
) -> QueryResult<Vec<HabilitationRecord>> {
    let mut query = visible(access).order(habilitations::id).limit(limit);
    if let Some(entity) = &filter.entity_id {
        query = query.filter(habilitations::entity_id.eq(entity.clone()));
    }
    if let Some(code) = &filter.scheme_code {
        query = query.filter(habilitations::scheme_code.eq(code.clone()));
    }
    if let Some(after) = after {
        query = query.filter(habilitations::id.gt(after.clone()));
    }
    query.select(HabilitationRecord::as_select()).load(conn)
}

/// A habilitation about to end: (id, entity, scheme, level, last day).
pub type Ending = (HabilitationId, EntityId, String, i32, NaiveDate);

/// Habilitations in force that end within the renewal window, all entities.
pub fn ending_within_renewal_window(
    conn: &mut DbConnection,
    today: NaiveDate,
) -> QueryResult<Vec<Ending>> {
    habilitations::table
        .filter(habilitations::withdrawn_at.is_null())
        .filter(habilitations::valid_from.le(today))
        .filter(habilitations::valid_until.ge(today))
        .filter(habilitations::valid_until.lt(today + crate::domain::habilitation::RENEWAL_WINDOW))
        .order(habilitations::valid_until)
        .select((
            habilitations::id,
            habilitations::entity_id,
            habilitations::scheme_code,
            habilitations::level,
            habilitations::valid_until,
        ))
        .load(conn)
}
