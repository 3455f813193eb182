//! The trainer registry: `GET /api/v1/trainers?forprev_number=` (one exact number, never a list),
//! certificates recorded by the network, and a trainer's own profile.

pub mod add_certificate;
pub mod find;
pub mod profile;

use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult};
use crate::store::trainer_certificates::CertificateRecord;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = TrainerCertificate)]
pub struct CertificateView {
    pub id: String,
    #[schema(example = "SST")]
    pub scheme_code: String,
    pub kind: TrainerKind,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// `import`, `network` (recorded by an agent or admin) or `session` (a trainer session).
    pub origin: String,
}

impl TryFrom<CertificateRecord> for CertificateView {
    type Error = AppError;

    fn try_from(record: CertificateRecord) -> AppResult<Self> {
        Ok(CertificateView {
            kind: TrainerKind::parse(&record.kind).ok_or_else(|| {
                AppError::internal(format!("unknown trainer kind {}", record.kind))
            })?,
            id: record.id,
            scheme_code: record.scheme_code,
            valid_from: record.valid_from,
            valid_until: record.valid_until,
            origin: record.origin,
        })
    }
}
