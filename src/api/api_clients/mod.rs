//! `/api/v1/entities/{id}/api-clients`: partner software of an entity, managed by its managers.
//! The secret is shown once, at creation; only its hash is kept.

pub mod create;
pub mod list;
pub mod revoke;
pub mod take_over;
pub mod webhook;

use crate::domain::api_client::ClientStatus;
use crate::ids::{ApiClientId, UserId};
use crate::store::api_clients::ApiClientRecord;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApiClient)]
pub struct ApiClientView {
    /// The `client_id` of `POST /api/v1/auth/token`.
    pub id: ApiClientId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// `suspended` while the person it acts for no longer manages the entity (a manager takes it
    /// over with `POST …/take-over`).
    pub status: ClientStatus,
    /// The person it acts for, and whose name its actions carry: its creator, or the manager who
    /// took it over.
    pub accountable_id: UserId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// Where its entity's events are posted, if it registered a webhook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
}

impl ApiClientView {
    pub fn new(record: ApiClientRecord, status: ClientStatus) -> Self {
        ApiClientView {
            id: record.id,
            name: record.name,
            created_at: record.created_at.and_utc(),
            status,
            accountable_id: record.created_by,
            revoked_at: record.revoked_at.map(|at| at.and_utc()),
            webhook_url: record.webhook_url,
        }
    }
}
