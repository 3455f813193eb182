//! `/api/v1/entities/{id}/documents`: what an entity uploads for its habilitation requests.

pub mod delete;
pub mod download;
pub mod list;
pub mod upload;

use crate::domain::document::DocumentKind;
use crate::error::{AppError, AppResult};
use crate::ids::DocumentId;
use crate::store::documents::DocumentRecord;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Document)]
pub struct DocumentView {
    pub id: DocumentId,
    pub kind: DocumentKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
    pub file_name: String,
    /// `application/pdf`, `image/png` or `image/jpeg`, as read from the content.
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: DateTime<Utc>,
}

impl TryFrom<DocumentRecord> for DocumentView {
    type Error = AppError;

    fn try_from(record: DocumentRecord) -> AppResult<Self> {
        Ok(DocumentView {
            kind: DocumentKind::parse(&record.kind).ok_or_else(|| {
                AppError::internal(format!("unknown document kind {}", record.kind))
            })?,
            id: record.id,
            issued_on: record.issued_on,
            file_name: record.file_name,
            content_type: record.content_type,
            size_bytes: record.size_bytes,
            uploaded_at: record.uploaded_at.and_utc(),
        })
    }
}
