//! `/api/v1/sessions/{id}/trainees`: who follows a session (`workflow::trainees`).

pub mod add;
pub mod correction;
pub mod list;
pub mod proof;
pub mod remove;
pub mod update;

use crate::domain::forprev_number::ForprevNumber;
use crate::ids::TraineeId;
use crate::store::trainees::TraineeRecord;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Trainee)]
pub struct TraineeView {
    pub id: TraineeId,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior_certificate_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forprev_number: Option<ForprevNumber>,
    /// Set by the trainer.
    pub identity_checked: bool,
    /// `passed` or `failed`, set by the trainer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

impl From<TraineeRecord> for TraineeView {
    fn from(record: TraineeRecord) -> Self {
        TraineeView {
            id: record.id,
            family_name: record.family_name,
            given_name: record.given_name,
            birth_date: record.birth_date,
            email: record.email,
            prior_certificate_token: record.prior_certificate_token,
            forprev_number: record.forprev_number.map(ForprevNumber::from_trusted),
            identity_checked: record.identity_checked,
            outcome: record.outcome,
        }
    }
}
