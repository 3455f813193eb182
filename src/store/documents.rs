//! An entity's documents. Listing never loads the contents; only a download does.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::{entity_documents, habilitation_request_documents, habilitation_requests};
use crate::domain::habilitation_request::RequestStatus;
use crate::ids::{DocumentId, EntityId, UserId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = entity_documents)]
pub struct DocumentRecord {
    pub id: DocumentId,
    pub entity_id: EntityId,
    pub kind: String,
    pub issued_on: Option<NaiveDate>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: UserId,
    pub uploaded_at: NaiveDateTime,
}

pub struct NewDocument<'a> {
    pub entity_id: &'a EntityId,
    pub kind: &'a str,
    pub issued_on: Option<NaiveDate>,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: &'a UserId,
}

pub fn insert(
    conn: &mut DbConnection,
    document: NewDocument<'_>,
    now: DateTime<Utc>,
) -> QueryResult<DocumentId> {
    let id = DocumentId::generate();
    diesel::insert_into(entity_documents::table)
        .values((
            entity_documents::id.eq(&id),
            entity_documents::entity_id.eq(document.entity_id),
            entity_documents::kind.eq(document.kind),
            entity_documents::issued_on.eq(document.issued_on),
            entity_documents::file_name.eq(document.file_name),
            entity_documents::content_type.eq(document.content_type),
            entity_documents::size_bytes
                .eq(i64::try_from(document.content.len()).unwrap_or(i64::MAX)),
            entity_documents::content.eq(document.content),
            entity_documents::uploaded_by.eq(document.uploaded_by),
            entity_documents::uploaded_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn of_entity(conn: &mut DbConnection, entity: &EntityId) -> QueryResult<Vec<DocumentRecord>> {
    entity_documents::table
        .filter(entity_documents::entity_id.eq(entity))
        .order(entity_documents::id)
        .select(DocumentRecord::as_select())
        .load(conn)
}

pub fn find(
    conn: &mut DbConnection,
    entity: &EntityId,
    id: &DocumentId,
) -> QueryResult<Option<DocumentRecord>> {
    entity_documents::table
        .filter(entity_documents::entity_id.eq(entity))
        .filter(entity_documents::id.eq(id))
        .select(DocumentRecord::as_select())
        .first(conn)
        .optional()
}

pub fn content(conn: &mut DbConnection, id: &DocumentId) -> QueryResult<Vec<u8>> {
    entity_documents::table
        .find(id)
        .select(entity_documents::content)
        .first(conn)
}

/// Whether a request beyond the entity's hands (transmitted, under review, decided) relies on it.
pub fn in_use(conn: &mut DbConnection, id: &DocumentId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        habilitation_request_documents::table
            .inner_join(habilitation_requests::table)
            .filter(habilitation_request_documents::document_id.eq(id))
            .filter(
                habilitation_requests::status
                    .ne_all(RequestStatus::stored_where(RequestStatus::editable)),
            ),
    ))
    .get_result(conn)
}

pub fn delete(conn: &mut DbConnection, id: &DocumentId) -> QueryResult<()> {
    diesel::delete(entity_documents::table.find(id))
        .execute(conn)
        .map(drop)
}
