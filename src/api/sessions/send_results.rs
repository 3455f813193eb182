use super::steps::take;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::session::{self, Outcome, Step};
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::store::sessions::plan;
use crate::store::trainees;
use crate::workflow::sessions::steps::{StepRequest, Taker};
use actix_web::{HttpRequest, HttpResponse, post, web};

/// The trainer sends the results (awaiting_trainer → validated): every trainee's identity
/// checked and every one passed or failed; the trainer's certificate must still cover the session.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    responses(
        (status = 200, description = "Validated", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not the session's trainer (`session.not_the_trainer`)", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
        (status = 422, description = "`session.results_incomplete` or `session.trainer_not_certified`", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/results/send")]
pub async fn send_results(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let request = StepRequest {
        taker: Taker::Trainer,
        step: Step::SendResults,
        event: "results_sent",
        comment: None,
    };
    take(
        &state,
        actor,
        id.into_inner(),
        &req,
        request,
        |conn, current| {
            let record = &current.record;
            let results: Vec<(bool, Option<Outcome>)> = trainees::of_session(conn, &record.id)?
                .iter()
                .map(|trainee| {
                    (
                        trainee.identity_checked,
                        trainee.outcome.as_deref().and_then(Outcome::parse),
                    )
                })
                .collect();
            session::check_results_complete(&results)?;
            plan::check_trainer(
                conn,
                &record.trainer_id,
                &current.scheme_code,
                current.level,
                record.start_date,
                record.end_date,
            )
        },
    )
    .await
}
