//! Habilitation requests, their items, documents and history. Managers see their entities'
//! requests; network agents and admins see them once transmitted (agents: their caisses').

use super::naive;
use crate::db::schema::{
    entities, habilitation_request_documents, habilitation_request_events,
    habilitation_request_items, habilitation_requests, users,
};
use crate::db::{DbConnection, MultiBackend};
use crate::domain::access::Access;
use crate::domain::habilitation_request::{Decision, Opinion, RequestKind, RequestStatus};
use crate::ids::{DocumentId, EntityId, RequestId, UserId};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = habilitation_requests)]
pub struct RequestRecord {
    pub id: RequestId,
    pub entity_id: EntityId,
    pub kind: String,
    pub status: String,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub transmitted_at: Option<NaiveDateTime>,
    pub review_opinion: Option<String>,
    pub review_comment: Option<String>,
    pub decision: Option<String>,
    pub decision_comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ItemRecord {
    pub scheme_code: String,
    pub level: i32,
    pub deroule_document_id: Option<DocumentId>,
}

#[derive(Debug, Clone, Queryable)]
pub struct EventRecord {
    pub action: String,
    pub actor_forprev_number: String,
    pub at: NaiveDateTime,
    pub comment: Option<String>,
}

type Visible = diesel::helper_types::IntoBoxed<
    'static,
    diesel::helper_types::InnerJoin<habilitation_requests::table, entities::table>,
    MultiBackend,
>;

fn visible(access: &Access) -> Visible {
    let query = habilitation_requests::table
        .inner_join(entities::table)
        .into_boxed();
    let transmitted = habilitation_requests::transmitted_at.is_not_null();
    if access.admin {
        query
            .filter(transmitted.or(habilitation_requests::entity_id.eq_any(access.managed.clone())))
    } else {
        query.filter(
            habilitation_requests::entity_id
                .eq_any(access.managed.clone())
                .or(transmitted.and(entities::caisse_code.eq_any(access.caisses.clone()))),
        )
    }
}

pub fn find_visible(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
) -> QueryResult<Option<RequestRecord>> {
    visible(access)
        .filter(habilitation_requests::id.eq(id))
        .select(RequestRecord::as_select())
        .first(conn)
        .optional()
}

pub struct Filter {
    pub entity_id: Option<EntityId>,
    pub status: Option<String>,
}

pub fn list_visible(
    conn: &mut DbConnection,
    access: &Access,
    filter: &Filter,
    after: Option<&RequestId>,
    limit: i64,
) -> QueryResult<Vec<RequestRecord>> {
    let mut query = visible(access)
        .order(habilitation_requests::id)
        .limit(limit);
    if let Some(entity) = &filter.entity_id {
        query = query.filter(habilitation_requests::entity_id.eq(entity.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(habilitation_requests::status.eq(status.clone()));
    }
    if let Some(after) = after {
        query = query.filter(habilitation_requests::id.gt(after.clone()));
    }
    query.select(RequestRecord::as_select()).load(conn)
}

pub fn items(conn: &mut DbConnection, request: &RequestId) -> QueryResult<Vec<ItemRecord>> {
    habilitation_request_items::table
        .filter(habilitation_request_items::request_id.eq(request))
        .order((
            habilitation_request_items::scheme_code,
            habilitation_request_items::level,
        ))
        .select((
            habilitation_request_items::scheme_code,
            habilitation_request_items::level,
            habilitation_request_items::deroule_document_id,
        ))
        .load(conn)
}

pub fn documents(conn: &mut DbConnection, request: &RequestId) -> QueryResult<Vec<DocumentId>> {
    habilitation_request_documents::table
        .filter(habilitation_request_documents::request_id.eq(request))
        .order(habilitation_request_documents::document_id)
        .select(habilitation_request_documents::document_id)
        .load(conn)
}

pub fn events(conn: &mut DbConnection, request: &RequestId) -> QueryResult<Vec<EventRecord>> {
    habilitation_request_events::table
        .inner_join(users::table.on(users::id.eq(habilitation_request_events::actor_id)))
        .filter(habilitation_request_events::request_id.eq(request))
        .order(habilitation_request_events::id)
        .select((
            habilitation_request_events::action,
            users::forprev_number,
            habilitation_request_events::at,
            habilitation_request_events::comment,
        ))
        .load(conn)
}

pub fn record_event(
    conn: &mut DbConnection,
    request: &RequestId,
    action: &str,
    actor: &UserId,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(habilitation_request_events::table)
        .values((
            habilitation_request_events::id.eq(uuid::Uuid::now_v7().to_string()),
            habilitation_request_events::request_id.eq(request),
            habilitation_request_events::action.eq(action),
            habilitation_request_events::actor_id.eq(actor),
            habilitation_request_events::at.eq(naive(now)),
            habilitation_request_events::comment.eq(comment),
        ))
        .execute(conn)
        .map(drop)
}

pub fn replace_items(
    conn: &mut DbConnection,
    request: &RequestId,
    items: &[ItemRecord],
) -> QueryResult<()> {
    diesel::delete(
        habilitation_request_items::table
            .filter(habilitation_request_items::request_id.eq(request)),
    )
    .execute(conn)?;
    for item in items {
        diesel::insert_into(habilitation_request_items::table)
            .values((
                habilitation_request_items::id.eq(uuid::Uuid::now_v7().to_string()),
                habilitation_request_items::request_id.eq(request),
                habilitation_request_items::scheme_code.eq(&item.scheme_code),
                habilitation_request_items::level.eq(item.level),
                habilitation_request_items::deroule_document_id
                    .eq(item.deroule_document_id.as_ref()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn replace_documents(
    conn: &mut DbConnection,
    request: &RequestId,
    documents: &[DocumentId],
) -> QueryResult<()> {
    diesel::delete(
        habilitation_request_documents::table
            .filter(habilitation_request_documents::request_id.eq(request)),
    )
    .execute(conn)?;
    for document in documents {
        diesel::insert_into(habilitation_request_documents::table)
            .values((
                habilitation_request_documents::request_id.eq(request),
                habilitation_request_documents::document_id.eq(document),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Moves the request from `from` to `to` unless someone moved it first (false then).
pub fn move_status(
    conn: &mut DbConnection,
    request: &RequestId,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        habilitation_requests::table
            .filter(habilitation_requests::id.eq(request))
            .filter(habilitation_requests::status.eq(from)),
    )
    .set((
        habilitation_requests::status.eq(to),
        habilitation_requests::updated_at.eq(naive(now)),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Whether another request of the entity is under instruction.
pub fn another_under_instruction(
    conn: &mut DbConnection,
    entity: &EntityId,
    except: &RequestId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        habilitation_requests::table
            .filter(habilitation_requests::entity_id.eq(entity))
            .filter(habilitation_requests::id.ne(except))
            .filter(
                habilitation_requests::status.eq_any(RequestStatus::stored_where(
                    RequestStatus::under_instruction,
                )),
            ),
    ))
    .get_result(conn)
}

/// A new draft of `entity`, written by `author`.
pub fn insert(
    conn: &mut DbConnection,
    id: &RequestId,
    entity: &EntityId,
    kind: RequestKind,
    author: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(habilitation_requests::table)
        .values((
            habilitation_requests::id.eq(id),
            habilitation_requests::entity_id.eq(entity),
            habilitation_requests::kind.eq(kind.as_str()),
            habilitation_requests::status.eq(RequestStatus::Draft.as_str()),
            habilitation_requests::created_by.eq(author),
            habilitation_requests::created_at.eq(naive(now)),
            habilitation_requests::updated_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn set_kind(
    conn: &mut DbConnection,
    id: &RequestId,
    kind: RequestKind,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(habilitation_requests::table.find(id))
        .set((
            habilitation_requests::kind.eq(kind.as_str()),
            habilitation_requests::updated_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn set_transmitted(
    conn: &mut DbConnection,
    id: &RequestId,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(habilitation_requests::table.find(id))
        .set(habilitation_requests::transmitted_at.eq(naive(now)))
        .execute(conn)
        .map(drop)
}

pub fn set_review(
    conn: &mut DbConnection,
    id: &RequestId,
    opinion: Opinion,
    comment: Option<&str>,
) -> QueryResult<()> {
    diesel::update(habilitation_requests::table.find(id))
        .set((
            habilitation_requests::review_opinion.eq(opinion.as_str()),
            habilitation_requests::review_comment.eq(comment),
        ))
        .execute(conn)
        .map(drop)
}

pub fn set_decision(
    conn: &mut DbConnection,
    id: &RequestId,
    decision: Decision,
    comment: Option<&str>,
) -> QueryResult<()> {
    diesel::update(habilitation_requests::table.find(id))
        .set((
            habilitation_requests::decision.eq(decision.as_str()),
            habilitation_requests::decision_comment.eq(comment),
        ))
        .execute(conn)
        .map(drop)
}
