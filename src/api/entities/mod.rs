//! `/api/v1/entities`: training bodies and companies, their members, documents and listing.

pub mod create;
pub mod get;
pub mod list;
pub mod update;

use crate::domain::entity::EntityKind;
use crate::error::AppError;
use crate::ids::EntityId;
use crate::store::entities::EntityRecord;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Address {
    #[schema(example = "12 rue de la République")]
    pub line: String,
    #[schema(example = "69002")]
    pub postal_code: String,
    #[schema(example = "Lyon")]
    pub city: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Entity)]
pub struct EntityView {
    pub id: EntityId,
    #[schema(example = "77567145600082")]
    pub siret: String,
    pub legal_name: String,
    pub kind: EntityKind,
    /// Numéro de déclaration d'activité (training bodies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nda: Option<String>,
    pub address: Address,
    /// The caisse serving the entity's postal code: it instructs the entity's requests.
    #[schema(example = "CARSAT_RA")]
    pub caisse_code: String,
    pub headcount: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<EntityRecord> for EntityView {
    type Error = AppError;

    fn try_from(record: EntityRecord) -> Result<Self, AppError> {
        let kind = EntityKind::parse(&record.kind)
            .ok_or_else(|| AppError::internal(format!("unknown entity kind {}", record.kind)))?;
        Ok(EntityView {
            id: record.id,
            siret: record.siret,
            legal_name: record.legal_name,
            kind,
            nda: record.nda,
            address: Address {
                line: record.address_line,
                postal_code: record.postal_code,
                city: record.city,
            },
            caisse_code: record.caisse_code,
            headcount: record.headcount,
            contact_email: record.contact_email,
            contact_phone: record.contact_phone,
            created_at: record.created_at.and_utc(),
            updated_at: record.updated_at.and_utc(),
        })
    }
}
