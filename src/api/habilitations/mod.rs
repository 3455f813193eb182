//! `/api/v1/habilitations`: what entities are habilitated for, and their delegates.

pub mod delegates;
pub mod get;
pub mod list;
pub mod withdraw;

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::habilitation::{self, HabilitationStatus};
use crate::error::{AppError, AppResult};
use crate::ids::{EntityId, HabilitationId};
use crate::store::delegates as delegate_store;
use crate::store::habilitations::{self as store, HabilitationRecord};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Delegate {
    pub forprev_number: ForprevNumber,
    pub family_name: String,
    pub given_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Habilitation)]
pub struct HabilitationView {
    pub id: HabilitationId,
    pub entity_id: EntityId,
    #[schema(example = "SST")]
    pub scheme_code: String,
    pub level: i32,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// Computed from today's date: `expiring` within 6 months of the end.
    pub status: HabilitationStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal_reason: Option<String>,
}

impl HabilitationView {
    pub fn new(record: HabilitationRecord, today: NaiveDate) -> Self {
        let withdrawn_at = record.withdrawn_at.map(|at| at.and_utc());
        HabilitationView {
            status: habilitation::status(
                record.valid_from,
                record.valid_until,
                withdrawn_at,
                today,
            ),
            id: record.id,
            entity_id: record.entity_id,
            scheme_code: record.scheme_code,
            level: record.level,
            valid_from: record.valid_from,
            valid_until: record.valid_until,
            withdrawn_at,
            withdrawal_reason: record.withdrawal_reason,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HabilitationDetail {
    #[serde(flatten)]
    pub habilitation: HabilitationView,
    pub delegates: Vec<Delegate>,
}

/// The habilitation as the caller may see it, with its delegates.
pub fn load_detail(
    conn: &mut DbConnection,
    access: &Access,
    id: &HabilitationId,
    today: NaiveDate,
) -> AppResult<HabilitationDetail> {
    let record = store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    Ok(HabilitationDetail {
        habilitation: HabilitationView::new(record, today),
        delegates: delegate_store::of_habilitation(conn, id)?
            .into_iter()
            .map(|delegate| Delegate {
                forprev_number: ForprevNumber::from_trusted(delegate.forprev_number),
                family_name: delegate.family_name,
                given_name: delegate.given_name,
            })
            .collect(),
    })
}
