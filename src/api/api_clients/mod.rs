//! `/api/v1/entities/{id}/api-clients`: partner software of an entity, managed by its managers.
//! The secret is shown once, at creation; only its hash is kept.

pub mod create;
pub mod list;
pub mod revoke;
pub mod webhook;

use crate::ids::ApiClientId;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// Where its entity's events are posted, if it registered a webhook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
}

impl From<ApiClientRecord> for ApiClientView {
    fn from(record: ApiClientRecord) -> Self {
        ApiClientView {
            id: record.id,
            name: record.name,
            created_at: record.created_at.and_utc(),
            revoked_at: record.revoked_at.map(|at| at.and_utc()),
            webhook_url: record.webhook_url,
        }
    }
}
