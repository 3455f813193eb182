use super::CertificateView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult, Code};
use crate::store::trainer_certificates::{self, NewCertificate};
use crate::store::{reference, users};
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTrainerCertificate {
    #[schema(example = "SST")]
    pub scheme_code: String,
    pub kind: TrainerKind,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

/// Record a trainer certificate (network agents and admins): the person may then be chosen as a
/// trainer for that scheme while it is valid.
#[utoipa::path(
    tag = "trainers",
    params(("forprev_number" = String, Path, description = "The trainer's Forprev number", pattern = "^[A-Z]{3}[0-9]{5}$")),
    request_body = NewTrainerCertificate,
    responses(
        (status = 201, description = "Recorded", body = CertificateView),
        (status = 403, description = "Not a network agent or admin (`trainer.registry_forbidden`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No person has this number", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The same certificate is recorded (`trainer.certificate_exists`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/trainers/{forprev_number}/certificates")]
pub async fn add_certificate(
    state: web::Data<AppState>,
    actor: Actor,
    number: web::Path<ForprevNumber>,
    body: JsonBody<NewTrainerCertificate>,
) -> AppResult<HttpResponse> {
    let number = number.into_inner();
    let certificate = body.into_inner();
    if certificate.valid_until <= certificate.valid_from {
        return Err(AppError::new(
            Code::TrainerInvalidPeriod,
            "valid_until doit suivre valid_from.",
        ));
    }
    let now = state.clock.now();
    let view = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            access.check_certifies_trainers()?;
            let known = reference::schemes(conn)?
                .iter()
                .any(|scheme| scheme.code == certificate.scheme_code);
            if !known {
                return Err(AppError::new(
                    Code::TrainerUnknownScheme,
                    "Dispositif inconnu.",
                ));
            }
            conn.write_transaction(|conn| {
                let person = users::find_by_forprev_number(conn, &number)?
                    .ok_or_else(AppError::not_found)?;
                let new = NewCertificate {
                    user_id: &person.id,
                    scheme_code: &certificate.scheme_code,
                    kind: certificate.kind.as_str(),
                    valid_from: certificate.valid_from,
                    valid_until: certificate.valid_until,
                    origin: "network",
                    card: None,
                    token: None,
                };
                let id = trainer_certificates::record(conn, new, now)?.ok_or_else(|| {
                    AppError::new(
                        Code::TrainerCertificateExists,
                        "Ce certificat est déjà enregistré.",
                    )
                })?;
                Ok(CertificateView {
                    id,
                    scheme_code: certificate.scheme_code,
                    kind: certificate.kind,
                    valid_from: certificate.valid_from,
                    valid_until: certificate.valid_until,
                    origin: "network".into(),
                })
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}
