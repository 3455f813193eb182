//! `/api/v1/habilitation-requests`: drafted and transmitted by an entity's managers, reviewed by
//! its caisse, decided by the national commission (admins).

pub mod create;
pub mod decision;
pub mod get;
pub mod list;
pub mod review;
pub mod transmit;
pub mod update;

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::habilitation_request::{Decision, Opinion, RequestKind, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::ids::{DocumentId, EntityId, RequestId};
use crate::store::habilitation_requests::{self as requests, ItemRecord, RequestRecord};
use crate::workflow::requests::draft::Draft;
use crate::workflow::requests::status_of;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Item {
    #[schema(example = "SST")]
    pub scheme_code: String,
    #[schema(example = 1)]
    pub level: i32,
    /// The item's déroulé pédagogique (a document of the entity); every scheme but SST level 1
    /// needs one to transmit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deroule_document_id: Option<DocumentId>,
}

/// The items and documents of a request, as the entity writes them.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestContent {
    pub kind: RequestKind,
    pub items: Vec<Item>,
    /// Documents attached (the Urssaf attestation among them).
    #[serde(default)]
    pub document_ids: Vec<DocumentId>,
}

impl RequestContent {
    fn into_draft(self) -> Draft {
        Draft {
            kind: self.kind,
            items: self
                .items
                .into_iter()
                .map(|item| ItemRecord {
                    scheme_code: item.scheme_code,
                    level: item.level,
                    deroule_document_id: item.deroule_document_id,
                })
                .collect(),
            documents: self.document_ids,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Review {
    pub opinion: Opinion,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionView {
    pub decision: Decision,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One step of the request's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    /// `created`, `updated`, `transmitted`, `reviewed_favourable`, `reviewed_unfavourable`,
    /// `reviewed_more_documents`, `granted`, `refused`.
    pub action: String,
    /// Who acted.
    pub by: ForprevNumber,
    pub at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestSummary {
    pub id: RequestId,
    pub entity_id: EntityId,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transmitted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = HabilitationRequest)]
pub struct RequestView {
    #[serde(flatten)]
    pub summary: RequestSummary,
    pub items: Vec<Item>,
    pub document_ids: Vec<DocumentId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionView>,
    pub events: Vec<Event>,
}

impl TryFrom<&RequestRecord> for RequestSummary {
    type Error = AppError;

    fn try_from(record: &RequestRecord) -> AppResult<Self> {
        Ok(RequestSummary {
            id: record.id.clone(),
            entity_id: record.entity_id.clone(),
            kind: RequestKind::parse(&record.kind)
                .ok_or_else(|| AppError::internal("unknown request kind"))?,
            status: status_of(record)?,
            created_at: record.created_at.and_utc(),
            transmitted_at: record.transmitted_at.map(|at| at.and_utc()),
        })
    }
}

/// The request as the caller may see it, with its items, documents and history.
pub fn load_view(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
) -> AppResult<RequestView> {
    let record = requests::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let review = match record.review_opinion.as_deref() {
        Some(opinion) => Some(Review {
            opinion: Opinion::parse(opinion)
                .ok_or_else(|| AppError::internal("unknown opinion"))?,
            comment: record.review_comment.clone(),
        }),
        None => None,
    };
    let decision = match record.decision.as_deref() {
        Some(decision) => Some(DecisionView {
            decision: Decision::parse(decision)
                .ok_or_else(|| AppError::internal("unknown decision"))?,
            comment: record.decision_comment.clone(),
        }),
        None => None,
    };
    Ok(RequestView {
        summary: RequestSummary::try_from(&record)?,
        items: requests::items(conn, id)?
            .into_iter()
            .map(|item| Item {
                scheme_code: item.scheme_code,
                level: item.level,
                deroule_document_id: item.deroule_document_id,
            })
            .collect(),
        document_ids: requests::documents(conn, id)?,
        review,
        decision,
        events: requests::events(conn, id)?
            .into_iter()
            .map(|event| Event {
                action: event.action,
                by: ForprevNumber::from_trusted(event.actor_forprev_number),
                at: event.at.and_utc(),
                comment: event.comment,
            })
            .collect(),
    })
}
