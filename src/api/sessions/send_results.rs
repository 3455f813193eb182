use super::steps::take;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::moves;
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
        crate::api::refusals::NotTheTrainer,
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
    take(&state, actor, id.into_inner(), &req, moves::send_results).await
}
