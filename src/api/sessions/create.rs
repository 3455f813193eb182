use super::{load, respond};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::session::SessionKind;
use crate::error::AppResult;
use crate::ids::HabilitationId;
use crate::workflow::sessions::plan::{self, Plan};
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewSession {
    pub habilitation_id: HabilitationId,
    pub kind: SessionKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    #[schema(example = 14)]
    pub hours: i32,
    #[schema(example = "Lyon, 5 cours Lafayette")]
    pub place: String,
    /// The trainer, who must hold a certificate for the scheme valid through the last day.
    #[schema(value_type = String, example = "TRN00001")]
    pub trainer_forprev_number: ForprevNumber,
}

/// Declare a session (managers of the entity, delegates of the habilitation), from 3 months
/// before to 1 month after its last day.
#[utoipa::path(
    tag = "sessions",
    request_body = NewSession,
    responses(
        (status = 201, description = "Declared, as a draft", body = super::SessionView,
            headers(("ETag" = String, description = "The session's version"))),
        (status = 403, description = "Not a manager of the entity nor a delegate of the habilitation \
            (`session.not_a_runner`)", body = Problem, content_type = "application/problem+json"),
        crate::api::refusals::HabilitationNotFound,
        (status = 422, description = "A rule is broken: `session.declaration_window`, `session.invalid_dates`, \
            `session.habilitation_inactive`, `session.too_few_hours`, `session.unknown_trainer`, \
            `session.trainer_not_certified`, `session.invalid_place`", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions")]
pub async fn create_session(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<NewSession>,
) -> AppResult<HttpResponse> {
    let request = body.into_inner();
    let now = state.clock.now();
    let plan = Plan {
        kind: request.kind,
        start_date: request.start_date,
        end_date: request.end_date,
        hours: request.hours,
        place: request.place,
        trainer: request.trainer_forprev_number,
    };
    let session = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                let id = plan::declare(conn, &access, &request.habilitation_id, &plan, now)?;
                load(conn, &access, &id)
            })
        })
        .await?;
    Ok(respond(HttpResponse::Created(), session))
}
