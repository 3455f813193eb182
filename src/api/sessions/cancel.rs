use super::steps::take;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::moves;
use actix_web::{HttpRequest, HttpResponse, post, web};

/// Cancel a draft or returned session; it is deleted 15 days later.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    responses(
        (status = 200, description = "Cancelled", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not a runner of the session", body = Problem, content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/cancel")]
pub async fn cancel_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    take(&state, actor, id.into_inner(), &req, moves::cancel).await
}
