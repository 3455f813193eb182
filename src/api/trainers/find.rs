use super::CertificateView;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::error::{AppError, AppResult};
use crate::store::{trainer_certificates, users};
use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrainerQuery {
    /// The trainer's exact Forprev number.
    #[param(value_type = String, pattern = "^[A-Z]{3}[0-9]{5}$", example = "TRN00001")]
    pub forprev_number: ForprevNumber,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Trainer)]
pub struct TrainerView {
    pub forprev_number: ForprevNumber,
    pub family_name: String,
    pub given_name: String,
    /// The certificates valid today; none when every one has expired.
    pub certificates: Vec<CertificateView>,
}

/// One trainer, by exact Forprev number, with its valid certificates: to choose a session's
/// trainer. For managers, delegates, network agents and admins; there is no list of trainers.
#[utoipa::path(
    tag = "trainers",
    params(TrainerQuery),
    responses(
        (status = 200, description = "The trainer", body = TrainerView),
        (status = 403, description = "The caller chooses no trainers (`trainer.lookup_forbidden`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No trainer has this number", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/trainers")]
pub async fn find_trainer(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<TrainerQuery>,
) -> AppResult<web::Json<TrainerView>> {
    let number = query.into_inner().forprev_number;
    let today = state.clock.now().date_naive();
    let (person, certificates) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            access.check_looks_up_trainers()?;
            let person =
                users::find_by_forprev_number(conn, &number)?.ok_or_else(AppError::not_found)?;
            if !trainer_certificates::any(conn, &person.id)? {
                return Err(AppError::not_found());
            }
            let certificates = trainer_certificates::valid_on(conn, &person.id, today)?;
            Ok((person, certificates))
        })
        .await?;
    Ok(web::Json(TrainerView {
        forprev_number: person.forprev_number(),
        family_name: person.family_name,
        given_name: person.given_name,
        certificates: certificates
            .into_iter()
            .map(CertificateView::try_from)
            .collect::<AppResult<_>>()?,
    }))
}
