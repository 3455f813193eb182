use super::{RequestView, load_view};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::habilitation_request::Decision;
use crate::error::AppResult;
use crate::ids::RequestId;
use crate::workflow::requests::decide::{self, Ruling};
use actix_web::{post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    pub decision: Decision,
    /// First day of the habilitations granted; today by default.
    pub valid_from: Option<NaiveDate>,
    /// Last day; five years after `valid_from` by default.
    pub valid_until: Option<NaiveDate>,
    /// Required for a refusal.
    pub comment: Option<String>,
}

/// The national commission's decision (admins), on a reviewed request. Granted: each item becomes
/// (or renews) a habilitation. Refused: final; the entity files a new request.
#[utoipa::path(
    tag = "habilitation requests",
    params(("id" = RequestId, Path, description = "The request's id")),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "Decided", body = RequestView),
        (status = 403, description = "Not an admin (`request.decision_forbidden`)", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::RequestNotFound,
        (status = 409, description = "Not awaiting a decision (`request.illegal_transition`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/habilitation-requests/{id}/decision")]
pub async fn decide_request(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<RequestId>,
    body: JsonBody<DecisionInput>,
) -> AppResult<web::Json<RequestView>> {
    let id = id.into_inner();
    let input = body.into_inner();
    let now = state.clock.now();
    let view = state
        .db(move |conn, state| {
            let access = Access::of(conn, &actor)?;
            let ruling = Ruling {
                decision: input.decision,
                valid_from: input.valid_from,
                valid_until: input.valid_until,
                comment: input.comment.as_deref(),
            };
            conn.write_transaction(|conn| {
                decide::decide(conn, &state.config, &access, &id, &ruling, now)?;
                load_view(conn, &access, &id)
            })
        })
        .await?;
    Ok(web::Json(view))
}
