//! The entity a client sends, checked field by field (every invalid field named in one 422), then
//! placed in its caisse from the postal code.

use crate::db::DbConnection;
use crate::domain::entity::{self, EntityKind};
use crate::domain::fields::Fields;
use crate::domain::{email, label, phone};
use crate::error::{AppError, AppResult, Code};
use crate::store::entities::{EntityFields, EntityRecord};
use crate::store::reference;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AddressInput {
    #[schema(example = "12 rue de la République")]
    pub line: String,
    #[schema(example = "69002")]
    pub postal_code: String,
    #[schema(example = "Lyon")]
    pub city: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EntityInput {
    /// 14 digits, Luhn-valid (La Poste's establishments excepted).
    #[schema(example = "77567145600082")]
    pub siret: String,
    #[schema(example = "Formations Prévention Rhône")]
    pub legal_name: String,
    pub kind: EntityKind,
    /// 11 digits; required of a training body.
    #[schema(example = "84691234569")]
    pub nda: Option<String>,
    pub address: AddressInput,
    /// Staff count: at 50 or more, an entity may have 3 managers instead of 2.
    #[schema(example = 12)]
    pub headcount: i32,
    pub contact_email: Option<String>,
    /// A French number; stored as +33….
    pub contact_phone: Option<String>,
}

/// A partial change: absent fields stay as they are; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct EntityPatch {
    pub siret: Option<String>,
    pub legal_name: Option<String>,
    pub kind: Option<EntityKind>,
    #[serde(default, deserialize_with = "crate::domain::fields::nullable")]
    pub nda: Option<Option<String>>,
    pub address: Option<AddressInput>,
    pub headcount: Option<i32>,
    #[serde(default, deserialize_with = "crate::domain::fields::nullable")]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::domain::fields::nullable")]
    pub contact_phone: Option<Option<String>>,
}

impl EntityPatch {
    /// The entity as it would be with this change.
    pub fn apply_to(self, current: &EntityRecord) -> AppResult<EntityInput> {
        Ok(EntityInput {
            siret: self.siret.unwrap_or_else(|| current.siret.clone()),
            legal_name: self
                .legal_name
                .unwrap_or_else(|| current.legal_name.clone()),
            kind: match self.kind {
                Some(kind) => kind,
                None => EntityKind::parse(&current.kind)
                    .ok_or_else(|| AppError::internal("unknown entity kind"))?,
            },
            nda: self.nda.unwrap_or_else(|| current.nda.clone()),
            address: self.address.unwrap_or_else(|| AddressInput {
                line: current.address_line.clone(),
                postal_code: current.postal_code.clone(),
                city: current.city.clone(),
            }),
            headcount: self.headcount.unwrap_or(current.headcount),
            contact_email: self
                .contact_email
                .unwrap_or_else(|| current.contact_email.clone()),
            contact_phone: self
                .contact_phone
                .unwrap_or_else(|| current.contact_phone.clone()),
        })
    }
}

/// An entity whose fields are valid, not yet placed in a caisse.
pub struct CheckedEntity {
    fields: EntityFields,
    departement: String,
}

fn required(text: &str, what: &'static str) -> Result<String, &'static str> {
    label::check(text, 200).ok_or(what)
}

impl EntityInput {
    pub fn check(self) -> AppResult<CheckedEntity> {
        let mut fields = Fields::default();
        let siret = fields.take(
            "siret",
            "invalid_siret",
            crate::domain::siret::normalise(&self.siret),
        );
        let legal_name = fields.take(
            "legal_name",
            "required",
            required(
                &self.legal_name,
                "la raison sociale est requise (200 caractères au plus, sans caractère de contrôle)",
            ),
        );
        let nda = fields.take(
            "nda",
            "invalid_nda",
            entity::check_nda(self.kind, self.nda.as_deref()),
        );
        let address_line = fields.take(
            "address.line",
            "required",
            required(
                &self.address.line,
                "l'adresse est requise (200 caractères au plus, sans caractère de contrôle)",
            ),
        );
        let postal_code = fields.take(
            "address.postal_code",
            "invalid_postal_code",
            entity::check_postal_code(&self.address.postal_code),
        );
        let city = fields.take(
            "address.city",
            "required",
            required(
                &self.address.city,
                "la ville est requise (200 caractères au plus, sans caractère de contrôle)",
            ),
        );
        let headcount = fields.take(
            "headcount",
            "invalid_headcount",
            entity::check_headcount(self.headcount),
        );
        let contact_email = fields.take(
            "contact_email",
            "invalid_email",
            self.contact_email
                .as_deref()
                .map(email::normalise)
                .transpose(),
        );
        let contact_phone = fields.take(
            "contact_phone",
            "invalid_phone",
            self.contact_phone
                .as_deref()
                .map(phone::normalise)
                .transpose(),
        );
        fields.finish()?;
        Ok(CheckedEntity {
            departement: entity::departement_of(&postal_code).to_owned(),
            fields: EntityFields {
                siret,
                legal_name,
                kind: self.kind.as_str().to_owned(),
                nda,
                address_line,
                postal_code,
                city,
                caisse_code: String::new(),
                headcount,
                contact_email,
                contact_phone,
            },
        })
    }
}

impl CheckedEntity {
    /// Finds the caisse that serves the postal code.
    pub fn place(mut self, conn: &mut DbConnection) -> AppResult<EntityFields> {
        self.fields.caisse_code = reference::caisse_of_departement(conn, &self.departement)?
            .ok_or_else(|| {
                AppError::new(
                    Code::EntityOutsideNetwork,
                    "Ce code postal n'est servi par aucune caisse du réseau.",
                )
            })?;
        Ok(self.fields)
    }
}
