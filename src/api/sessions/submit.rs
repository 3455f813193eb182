use super::steps::take;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::moves;
use actix_web::{HttpRequest, HttpResponse, post, web};

/// Submit the session to its trainer (draft or returned → awaiting_trainer). Checked: the number
/// of trainees within the scheme's limits, a prior certificate (token or scan) for every MAC
/// trainee.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    responses(
        (status = 200, description = "Submitted", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not a runner of the session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`session.trainee_count` or `session.mac_proof_missing`", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/submit")]
pub async fn submit_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    take(&state, actor, id.into_inner(), &req, moves::submit).await
}
